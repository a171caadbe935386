"""Attack 9: two PostgreSQL workers confirming the same draft at once, and a 502 from
Telegram for one reviewer. The draft's order id is its primary key (one order per draft,
whoever confirms); the outbox has one row per recipient, so a retry repeats nobody else's."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.bootstrap import App, build
from bot.config import Settings
from dialogs.messages import ChatRef, Choice
from storage.crypto import Cipher
from storage.db import make_engine
from tests.harness import Conversation
from tests.integration.test_relay import RecordingNotifier
from tests.security.support import at_once
from tests.unit.test_first_filing_flow import fill_individual

USERS = 15
REVIEWERS = (901, 902)


def _worker(url: str, key: str, data_dir: Path) -> App:
    return build(Settings.from_env({"ICPBOT_DATA_DIR": str(data_dir),
                                    "ICPBOT_DATABASE_URL": url, "ICPBOT_SECRET_KEY": key,
                                    "ICPBOT_ADMIN_IDS": ",".join(map(str, REVIEWERS))}))


def _rows(app: App, sql: str) -> list[tuple[object, ...]]:
    with make_engine(app.database_url).connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


@pytest.mark.postgres
@pytest.mark.slow
def test_two_postgres_workers_confirming_one_draft_file_one_order_with_one_set_of_events(
        postgres_url: str, tmp_path: Path) -> None:
    key = Cipher.new_key()
    first, second = _worker(postgres_url, key, tmp_path), _worker(postgres_url, key, tmp_path)
    for user in range(USERS):
        chat = Conversation(first.engine, ChatRef("test", f"u{user}"))
        fill_individual(chat)
        assert chat.last_ask is not None
        confirm = Choice("nav:confirm", chat.last_ask.token)
        replies = at_once(*(partial(app.engine.handle_sync, chat.chat, confirm, "en")
                            for app in (first, second)))
        assert any("Submitted!" in m.text for out in replies for m in out)
    orders = _rows(first, "SELECT applicant, count(*) FROM filing_order GROUP BY applicant")
    assert sorted(count for _, count in orders) == [1] * USERS
    submitted = _rows(first, "SELECT order_id, recipient, count(*) FROM outbox "
                             "WHERE event = 'OrderSubmitted' GROUP BY order_id, recipient")
    assert len(submitted) == USERS * len(REVIEWERS)
    assert {count for *_, count in submitted} == {1}


async def test_a_502_for_one_reviewer_resends_to_nobody_else(tmp_path: Path) -> None:
    settings = Settings.from_env({"ICPBOT_DATA_DIR": str(tmp_path),
                                  "ICPBOT_SECRET_KEY": Cipher.new_key(),
                                  "ICPBOT_ADMIN_IDS": ",".join(map(str, REVIEWERS))})
    app = build(settings)
    chat = Conversation(app.engine, ChatRef("test", "u1"))
    fill_individual(chat)
    chat.press("nav:confirm")
    notifier = RecordingNotifier({"telegram:902": [RuntimeError("502 Bad Gateway")]})
    relay = app.relay(notifier)
    await relay.run_once()
    with make_engine(app.database_url).begin() as connection:  # the back-off has passed
        connection.execute(text("UPDATE outbox SET available_at = '2000-01-01'"))
    await relay.run_once()
    told = [recipient for recipient, _ in notifier.sent]
    assert told.count("telegram:901") == 1 and told.count("telegram:902") == 1
