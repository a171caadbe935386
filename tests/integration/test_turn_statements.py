"""A dialogue turn costs one read and one write statement, on SQLite and on PostgreSQL: the
statements are counted with an event listener on the engine while an applicant answers the
first questions of a filing (taps and typed answers, each a Telegram update)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from bot.bootstrap import App, build
from bot.config import Settings
from dialogs.messages import Ask, ChatRef, Choice, Command, Incoming, Outgoing, Text
from dialogs.session import ChatProfile, DialogSession, StaleDraft
from storage.crypto import Cipher


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[App]:
    settings = Settings(data_dir=tmp_path, database_url=database_url, telegram_token=None,
                        telegram_api_url=None, admin_ids=frozenset(),
                        secret_key=Cipher.new_key(), webhook_secret=None,
                        callback_secret=None, draft_reminder_days=3)
    app = build(settings)
    yield app
    app.db.dispose()


class Statements:
    def __init__(self, engine: Any) -> None:
        self.seen: list[str] = []
        event.listen(engine, "before_cursor_execute", self._record)

    def _record(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        self.seen.append(statement.lstrip().split(None, 1)[0].upper())

    def take(self) -> tuple[int, int]:
        """(reads, writes) since the last call."""
        reads = sum(kind == "SELECT" for kind in self.seen)
        writes = sum(kind in ("INSERT", "UPDATE", "DELETE", "WITH") for kind in self.seen)
        others = [kind for kind in self.seen
                  if kind not in ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")]
        assert not others, others  # no BEGIN/COMMIT/SAVEPOINT on the hot path either
        self.seen.clear()
        return reads, writes


def _token(replies: list[Outgoing]) -> str:
    asks = [reply for reply in replies if isinstance(reply, Ask) and reply.token]
    assert asks, replies
    return str(asks[-1].token)


def test_an_answer_costs_one_read_and_one_write(app: App) -> None:
    engine = app.engine
    chat = ChatRef("telegram", "4242")
    update = iter(range(1000, 2000))

    def turn(incoming: Incoming) -> list[Outgoing]:
        return engine.handle_sync(chat, incoming, "en", next(update))

    turn(Command("start"))
    replies = turn(Choice("flow:first_filing"))
    counter = Statements(app.db)
    answers: list[Incoming] = [Choice("ans:CN-ZJ", _token(replies))]
    per_turn = []
    for step in range(4):
        replies = turn(answers[-1])
        per_turn.append(counter.take())
        token = _token(replies)
        answers.append(Choice("ans:individual", token) if step == 0 else
                       Choice("ans:resident_id", token) if step == 1 else Text("张三"))
    assert per_turn == [(1, 1)] * 4
    # a redelivered update is recognised by the read alone
    before = next(update)
    engine.handle_sync(chat, Text("again"), "en", before)
    counter.take()
    assert engine.handle_sync(chat, Text("again"), "en", before) == []
    assert counter.take() == (1, 0)


def test_the_turn_write_is_all_or_nothing(app: App) -> None:
    store: Any = app.store
    draft = DialogSession("dx", "telegram:7", "first_filing", "region", {"a": "张三"}, [], 1)
    profile = ChatProfile("telegram:7", "en", "dx", version=1, recent_updates=[1])
    store.save_turn(profile, draft)
    assert store.load_turn("telegram:7") == (profile, draft)
    # the draft moved on meanwhile (another worker): the profile must not be written either
    draft.version, draft.state = 2, "entity_type"
    store.save_turn(None, draft)
    stale_draft = DialogSession("dx", "telegram:7", "first_filing", "x", {}, [], 2)
    newer = ChatProfile("telegram:7", "zh_Hans", "dx", version=2, recent_updates=[1, 2])
    with pytest.raises(StaleDraft):
        store.save_turn(newer, stale_draft)
    assert store.load_turn("telegram:7") == (profile, draft)
    # and the other way round: the profile moved on, the draft is not written
    profile.version, profile.locale = 2, "zh_Hans"
    store.save_turn(profile, None)
    draft.version, draft.state = 3, "entity_name"
    stale_profile = ChatProfile("telegram:7", "en", "dx", version=2)
    with pytest.raises(StaleDraft):
        store.save_turn(stale_profile, draft)
    loaded_profile, loaded_draft = store.load_turn("telegram:7")
    assert loaded_profile == profile and loaded_draft is not None
    assert (loaded_draft.version, loaded_draft.state) == (2, "entity_type")
    # both current: both written
    profile.version = 3
    store.save_turn(profile, draft)
    assert store.load_turn("telegram:7") == (profile, draft)
