"""The unit of work: the orders touched and the events they raised, in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from sqlalchemy import insert
from sqlmodel import Session

from filing.model import FilingOrder
from storage.crypto import Cipher
from storage.db import SessionFactory, to_db, unavailable_on_db_errors
from storage.orders import SqlOrderRepository
from storage.tables import OutboxRow


@unavailable_on_db_errors
class SqlUnitOfWork:
    session: Session
    orders: SqlOrderRepository

    def __init__(self, sessions: SessionFactory, cipher: Cipher,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._sessions = sessions
        self._cipher = cipher
        self._now = now

    def __enter__(self) -> SqlUnitOfWork:
        self.session = self._sessions()
        self.orders = SqlOrderRepository(self.session, self._cipher)
        return self

    def __exit__(self, *exc: object) -> None:
        self.session.rollback()
        self.session.close()

    def seen(self) -> Iterable[FilingOrder]:
        return self.orders.seen.values()

    def commit(self) -> None:
        """Write every raised event to the outbox, then commit it all at once."""
        now = to_db(self._now())
        rows = []
        for order in self.seen():
            while order.events:
                event = order.events.pop(0)
                rows.append({"event": event.name, "order_id": event.order_id,
                             "recipient": event.recipient, "payload": event.payload(),
                             "status": "pending", "attempts": 0, "available_at": now,
                             "created_at": now})
        if rows:
            self.session.execute(insert(OutboxRow.__table__), rows)  # type: ignore[attr-defined]
        self.session.commit()


def uow_factory(sessions: SessionFactory, cipher: Cipher) -> Callable[[], SqlUnitOfWork]:
    return lambda: SqlUnitOfWork(sessions, cipher)
