"""Retention: what is deleted once it is no longer needed (ICPBOT_KEEP_*_DAYS, see /privacy).

- sent notifications (and ones given up on) in the outbox,
- drafts nobody touched for the period (active or discarded; drafts of submitted orders stay
  with the order), and the uploaded materials of an owner left with no draft and no order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, delete, func, or_, select, update
from sqlmodel import Session, col

from storage.db import SessionFactory, to_db
from storage.tables import ChatRow, DialogSessionRow, OrderRow, OutboxRow

ABANDONED = ("active", "discarded")


@dataclass(frozen=True)
class RetentionPolicy:
    sent_days: int = 30
    drafts_days: int = 90


@dataclass(frozen=True)
class Pruned:
    notifications: int = 0
    drafts: int = 0
    material_owners: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"notifications": self.notifications,
                "drafts": self.drafts, "owners' materials": self.material_owners}


class SqlRetention:
    def __init__(self, sessions: SessionFactory, policy: RetentionPolicy,
                 delete_materials: Callable[[str], int] | None = None,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._sessions = sessions
        self._policy = policy
        self._delete_materials = delete_materials
        self._now = now

    def _cutoffs(self) -> tuple[datetime, datetime]:
        now = self._now()
        return (to_db(now - timedelta(days=self._policy.sent_days)),
                to_db(now - timedelta(days=self._policy.drafts_days)))

    def count(self) -> Pruned:
        """What ``prune`` would delete now (``icpbot prune --dry-run``)."""
        sent, drafts = self._cutoffs()
        with self._sessions() as session:
            def number(query: Any) -> int:
                return int(session.execute(query).scalar_one())

            return Pruned(
                number(select(func.count()).select_from(OutboxRow).where(self._old_outbox(sent))),
                number(select(func.count()).select_from(DialogSessionRow)
                       .where(self._old_drafts(drafts))))

    def prune(self) -> Pruned:
        sent, drafts = self._cutoffs()
        with self._sessions() as session:
            gone_notes: Any = session.execute(delete(OutboxRow).where(self._old_outbox(sent)))
            old = session.execute(select(col(DialogSessionRow.id), col(DialogSessionRow.chat))
                                  .where(self._old_drafts(drafts))).all()
            ids = [row[0] for row in old]
            owners = sorted({row[1] for row in old})
            if ids:
                session.execute(update(ChatRow).where(col(ChatRow.active_draft).in_(ids))
                                .values(active_draft=None))
                session.execute(delete(DialogSessionRow).where(col(DialogSessionRow.id).in_(ids)))
            session.commit()
            # Materials live per owner, not per draft: delete them once nothing refers to them.
            orphaned = [owner for owner in owners if not self._owns_anything(session, owner)]
        cleared = 0
        if self._delete_materials is not None:
            for owner in orphaned:
                cleared += 1 if self._delete_materials(owner) else 0
        return Pruned(int(gone_notes.rowcount), len(ids), cleared)

    @staticmethod
    def _old_outbox(cutoff: datetime) -> ColumnElement[bool]:
        return or_((col(OutboxRow.status) == "sent") & (col(OutboxRow.sent_at) < cutoff),
                   (col(OutboxRow.status) == "dead") & (col(OutboxRow.created_at) < cutoff))

    @staticmethod
    def _old_drafts(cutoff: datetime) -> ColumnElement[bool]:
        return (col(DialogSessionRow.status).in_(ABANDONED)
                & (col(DialogSessionRow.updated_at) < cutoff))

    @staticmethod
    def _owns_anything(session: Session, owner: str) -> bool:
        drafts = select(col(DialogSessionRow.id)).where(col(DialogSessionRow.chat) == owner)
        orders = select(col(OrderRow.id)).where(col(OrderRow.applicant) == owner)
        return any(session.execute(query.limit(1)).first() is not None
                   for query in (drafts, orders))
