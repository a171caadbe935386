"""Receipts of applied back-office callbacks: a replayed event id is refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from storage.db import SessionFactory
from storage.tables import CallbackReceiptRow


class SqlReceipts:
    def __init__(self, sessions: SessionFactory,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._sessions = sessions
        self._now = now

    def first_callback(self, event_id: str, order_id: str) -> bool:
        """Record a callback's event id; False if it was seen before (a replay)."""
        with self._sessions() as session:
            session.add(CallbackReceiptRow(id=event_id, order_id=order_id,
                                           created_at=self._now()))
            try:
                session.commit()
            except IntegrityError:
                return False
        return True

    def forget_callback(self, event_id: str) -> None:
        with self._sessions() as session:
            session.execute(delete(CallbackReceiptRow)
                            .where(col(CallbackReceiptRow.id) == event_id))
            session.commit()
