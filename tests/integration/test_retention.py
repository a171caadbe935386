"""Retention: old processed update ids, old sent notifications and abandoned drafts (with
their owner's materials, once nothing refers to them) go; everything recent or in use stays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import update
from sqlmodel import col, select

from bot.bootstrap import build
from bot.housekeeping import Housekeeping
from dialogs.session import ChatProfile, DialogSession
from storage.db import make_engine, session_factory, to_db
from storage.retention import RetentionPolicy, SqlRetention
from storage.tables import ChatRow, DialogSessionRow, OutboxRow
from tests.integration.test_callback_api import settings_for
from tests.integration.test_relay import submit_for

NOW = datetime(2026, 6, 1, tzinfo=UTC)
POLICY = RetentionPolicy(sent_days=30, drafts_days=90)


def draft(app: object, chat: str, draft_id: str, days_old: int, status: str = "active") -> None:
    store = app.store  # type: ignore[attr-defined]
    store.save_profile(ChatProfile(chat, "en", active_draft=draft_id))
    at = NOW - timedelta(days=days_old)
    store.save_draft(DialogSession(draft_id, chat, "first_filing", "entity_name",
                                   {"entity_name": "张三"}, status=status, version=1,
                                   created_at=at, updated_at=at))


def test_prune_deletes_only_what_is_past_its_period(database_url: str, tmp_path: Path) -> None:
    app = build(settings_for(tmp_path, database_url))
    sessions = session_factory(make_engine(app.database_url))
    submit_for(app, "telegram:1", "en")  # an order and its notifications
    with sessions() as session:
        ids = [row.id for row in session.exec(select(OutboxRow).order_by(col(OutboxRow.id)))]
        session.execute(update(OutboxRow).where(col(OutboxRow.id) == ids[0]).values(
            status="sent", sent_at=to_db(NOW - timedelta(days=31))))
        session.execute(update(OutboxRow).where(col(OutboxRow.id) == ids[1]).values(
            status="sent", sent_at=to_db(NOW - timedelta(days=2))))
        session.commit()
    draft(app, "telegram:2", "D-old", days_old=91)
    draft(app, "telegram:3", "D-new", days_old=10)
    draft(app, "telegram:4", "D-gone", days_old=200, status="discarded")
    draft(app, "telegram:1", "D-of-order", days_old=120, status="submitted")
    app.materials.save("telegram:2", "id_front", "a.jpg", "image/jpeg", b"old draft's photo")
    app.materials.save("telegram:3", "id_front", "b.jpg", "image/jpeg", b"recent photo")

    retention = SqlRetention(sessions, POLICY, app.materials.delete_owner, now=lambda: NOW)
    assert retention.count().as_dict() == {"notifications": 1,
                                           "drafts": 2, "owners' materials": 0}
    pruned = retention.prune()
    assert (pruned.notifications, pruned.drafts) == (1, 2)
    assert pruned.material_owners == 1  # telegram:2's; telegram:4 had no files
    with sessions() as session:
        assert len(session.exec(select(OutboxRow)).all()) == len(ids) - 1
        assert sorted(row.id for row in session.exec(select(DialogSessionRow))) == [
            "D-new", "D-of-order"]
        chat = session.get(ChatRow, "telegram:2")
        assert chat is not None and chat.active_draft is None
    owners = {path.name for path in (tmp_path / "materials").iterdir()}
    assert len(owners) == 1  # only the recent draft's folder is left
    assert retention.prune().as_dict() == {"notifications": 0,
                                           "drafts": 0, "owners' materials": 0}


class CountingReminders:
    def __init__(self) -> None:
        self.scans = 0

    def scan(self) -> int:
        self.scans += 1
        return 0


class CountingRetention:
    def __init__(self) -> None:
        self.runs = 0

    def prune(self) -> object:
        self.runs += 1
        from storage.retention import Pruned

        return Pruned()


def test_the_relay_leader_prunes_hourly_and_scans_reminders_every_time() -> None:
    reminders, retention = CountingReminders(), CountingRetention()
    housekeeping = Housekeeping(reminders.scan, retention, prune_every=3600)  # type: ignore[arg-type]
    for _ in range(5):
        housekeeping.scan()
    assert (reminders.scans, retention.runs) == (5, 1)
