"""The unit of work: the orders touched, the register of numbers and the events raised, in
one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from filing.errors import ReplayedEvent
from filing.events import Audience, audience, to_payload
from filing.model import FilingOrder
from filing.text import N_
from storage.crypto import Cipher
from storage.db import SessionFactory, to_db, unavailable_on_db_errors
from storage.orders import SqlOrderRepository
from storage.registry import SqlFilingRegistry
from storage.tables import CallbackReceiptRow, MaterialRow, OutboxRow, table_of
from storage.turns import insert_rows

OUTBOX = table_of(OutboxRow)
MATERIALS = table_of(MaterialRow)
Shredder = Callable[[set[str]], object]
RECEIPTS = table_of(CallbackReceiptRow)


@unavailable_on_db_errors
class SqlUnitOfWork:
    session: Session
    orders: SqlOrderRepository
    registry: SqlFilingRegistry

    def __init__(self, sessions: SessionFactory, cipher: Cipher, audience: Audience,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC),
                 shred: Shredder | None = None) -> None:
        self._sessions = sessions
        self._cipher = cipher
        self._audience = audience
        self._now = now
        self._shred = shred  # deletes material files an anonymised order let go

    def __enter__(self) -> SqlUnitOfWork:
        self.session = self._sessions()
        self.orders = SqlOrderRepository(self.session, self._cipher)
        self.registry = SqlFilingRegistry(self.session, self._cipher)
        return self

    def __exit__(self, *exc: object) -> None:
        self.session.rollback()
        self.session.close()

    def seen(self) -> Iterable[FilingOrder]:
        return self.orders.seen.values()

    def claim_event(self, event_id: str, order_id: str) -> None:
        """The receipt row is written in this transaction: a rollback gives the id back."""
        try:  # no savepoint: on a replay the whole transaction is abandoned anyway
            self.session.execute(insert(RECEIPTS).values(
                id=event_id, order_id=order_id, created_at=to_db(self._now())))
        except IntegrityError:
            raise ReplayedEvent(N_("Event {event_id} was applied before."),
                                event_id=event_id) from None

    def commit(self) -> None:
        """Write every raised event to the outbox, one row per recipient, then commit it all
        at once."""
        now = to_db(self._now())
        rows: list[dict[str, Any]] = []
        for order in self.seen():
            while order.events:
                event = order.events.pop(0)
                payload = to_payload(event)
                sealed = self._cipher.seal(payload)  # a reviewer's note may be personal
                rows += [{"event": event.name, "order_id": event.order_id,
                          "recipient": recipient, "payload": {}, "payload_enc": sealed,
                          "status": "pending",
                          "attempts": 0, "available_at": now, "created_at": now}
                         for recipient in self._audience(event)]
        insert_rows(self.session.connection(), OUTBOX, rows)
        self.session.commit()
        self._shred_dropped_files()

    def _shred_dropped_files(self) -> None:
        """After the commit (a rollback must not lose a file still listed): the files no
        order lists any more. A crash in between leaves an encrypted orphan, never a gap."""
        dropped = self.orders.dropped_files
        if not dropped or self._shred is None:
            return
        still_listed = set(self.session.execute(select(MATERIALS.c.storage_key).where(
            MATERIALS.c.storage_key.in_(dropped))).scalars())
        self._shred(dropped - still_listed)
        dropped.clear()


def uow_factory(sessions: SessionFactory, cipher: Cipher, recipients: Audience | None = None,
                shred: Shredder | None = None) -> Callable[[], SqlUnitOfWork]:
    """Units of work on ``sessions``; ``recipients`` decides who hears of each event (by
    default the applicant only: no reviewers); ``shred`` deletes dropped material files."""
    told = recipients or audience(())
    return lambda: SqlUnitOfWork(sessions, cipher, told, shred=shred)
