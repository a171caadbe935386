"""The operator's view of the outbox (``icpbot outbox list|retry|drop``): what is stuck or
dead, send it again, or give up on it. Kept apart from the relay's SqlOutbox."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import col, select

from storage.db import SessionFactory, from_db, to_db
from storage.tables import OutboxRow

UNSENT = ("pending", "sending", "dead")


@dataclass(frozen=True)
class OutboxEntry:
    id: int
    event: str
    recipient: str
    order_id: str | None
    status: str
    attempts: int
    available_at: datetime | None
    created_at: datetime | None
    last_error: str | None


class OutboxAdmin:
    def __init__(self, sessions: SessionFactory,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._sessions = sessions
        self._now = now

    def list(self, status: str | None = None, limit: int = 50) -> list[OutboxEntry]:
        """Oldest first; ``status`` None: everything not yet sent; "all": everything."""
        query = select(OutboxRow).order_by(col(OutboxRow.id)).limit(limit)
        if status is None:
            query = query.where(col(OutboxRow.status).in_(UNSENT))
        elif status != "all":
            query = query.where(col(OutboxRow.status) == status)
        with self._sessions() as session:
            return [OutboxEntry(row.id or 0, row.event, row.recipient, row.order_id,
                                row.status, row.attempts, from_db(row.available_at),
                                from_db(row.created_at), row.last_error)
                    for row in session.exec(query).all()]

    def retry(self, ids: Sequence[int] = (), *, all_dead: bool = False) -> int:
        """Due now, with a fresh count of attempts. A row another relay is sending right now
        ("sending" within its lease) is left alone: retrying it could send it twice."""
        now = to_db(self._now())
        statement = update(OutboxRow).values(status="pending", available_at=now, attempts=0)
        if all_dead:
            statement = statement.where(col(OutboxRow.status) == "dead")
        else:
            statement = statement.where(col(OutboxRow.id).in_(list(ids)),
                                        (col(OutboxRow.status) != "sending")
                                        | (col(OutboxRow.available_at) <= now),
                                        col(OutboxRow.status) != "sent")
        return self._run(statement)

    def drop(self, ids: Sequence[int]) -> int:
        """Never sent: marked dead with the operator's reason, kept until retention."""
        statement = (update(OutboxRow).where(col(OutboxRow.id).in_(list(ids)),
                                             col(OutboxRow.status) != "sent")
                     .values(status="dead", last_error="dropped by the operator"))
        return self._run(statement)

    def _run(self, statement: Any) -> int:
        with self._sessions() as session:
            result: Any = session.execute(statement)
            session.commit()
            return int(result.rowcount)
