"""Where reviewers were shown an order's decision buttons (Telegram chat and message ids), so
that the messages can be brought up to date when the order is decided elsewhere."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import delete
from sqlmodel import col, select

from storage.db import SessionFactory, to_db, unavailable_on_db_errors
from storage.tables import ReviewerNoticeRow


@unavailable_on_db_errors
class SqlReviewerNotices:
    def __init__(self, sessions: SessionFactory,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._sessions = sessions
        self._now = now

    def remember(self, order_id: str, chat_id: int, message_id: int) -> None:
        with self._sessions() as session:
            session.add(ReviewerNoticeRow(order_id=order_id, chat_id=chat_id,
                                          message_id=message_id,
                                          created_at=to_db(self._now())))
            session.commit()

    def of_order(self, order_id: str) -> list[tuple[int, int]]:
        """(chat id, message id) of every message showing the order's buttons, once each."""
        with self._sessions() as session:
            rows = session.exec(select(ReviewerNoticeRow.chat_id, ReviewerNoticeRow.message_id)
                                .where(col(ReviewerNoticeRow.order_id) == order_id)
                                .order_by(col(ReviewerNoticeRow.id))).all()
        return list(dict.fromkeys((int(chat), int(message)) for chat, message in rows))

    def forget(self, order_id: str) -> None:
        """The order's buttons are gone for good (it reached a status without decisions)."""
        with self._sessions() as session:
            session.execute(delete(ReviewerNoticeRow)
                            .where(col(ReviewerNoticeRow.order_id) == order_id))
            session.commit()
