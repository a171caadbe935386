"""The notification outbox: claim due rows, then mark them sent, retried or dead.

A claimed row is leased: if the relay dies before marking it, the lease runs out and another
relay takes it (at-least-once; the row id is the dedupe key). On PostgreSQL, claims use
``FOR UPDATE SKIP LOCKED`` so several relays never take the same row.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, update
from sqlmodel import col, select

from filing.events import from_payload
from filing.ports import Notification
from storage.crypto import Cipher
from storage.db import SessionFactory, is_postgres, to_db, unavailable_on_db_errors
from storage.tables import ChatRow, OutboxRow

# Long enough for a claimed batch (50 rows at the in-run relay's 10/s, 429s are rescheduled,
# not waited for) and short enough that rows of a killed relay go out again soon.
LEASE = timedelta(seconds=30)


@unavailable_on_db_errors
class SqlOutbox:
    def __init__(self, sessions: SessionFactory,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC),
                 cipher: Cipher | None = None) -> None:
        self._sessions = sessions
        self._now = now
        self._cipher = cipher  # opens sealed payloads (payload_enc)

    def claim(self, limit: int = 50, recipient: str | None = None,
              prefixes: tuple[str, ...] = ()) -> list[Notification]:
        """Lease up to ``limit`` due rows: for one ``recipient``, or for recipients starting
        with one of ``prefixes`` (a channel's relay takes only its own channel's rows).

        Recipients take turns: every recipient's oldest due row comes before anyone's second
        (round-robin by each recipient's row number), so a batch is spread over many chats
        and Telegram's 1 message/s per chat does not hold it up; one recipient's rows stay
        in the order they were written."""
        now = to_db(self._now())
        with self._sessions() as session:
            due = or_(col(OutboxRow.status) == "pending",
                      col(OutboxRow.status) == "sending")  # "sending" past its lease: reclaim
            turn = func.row_number().over(partition_by=col(OutboxRow.recipient),
                                          order_by=col(OutboxRow.id)).label("turn")
            ranked = select(col(OutboxRow.id), turn).where(
                due, col(OutboxRow.available_at) <= now)
            if recipient is not None:
                ranked = ranked.where(OutboxRow.recipient == recipient)
            if prefixes:
                ranked = ranked.where(or_(*(col(OutboxRow.recipient).startswith(prefix)
                                            for prefix in prefixes)))
            turns = ranked.subquery()
            picked = session.exec(select(turns.c.id).order_by(turns.c.turn, turns.c.id)
                                  .limit(limit)).all()
            order = {row_id: index for index, row_id in enumerate(picked)}
            # Re-checked under the row locks: another relay may have taken some meanwhile.
            query = select(OutboxRow).where(col(OutboxRow.id).in_(order), due,
                                            col(OutboxRow.available_at) <= now)
            if is_postgres(session.get_bind()):
                query = query.with_for_update(skip_locked=True)
            rows = sorted(session.exec(query).all(), key=lambda row: order[row.id])
            lease_end = to_db(self._now() + LEASE)
            claimed = []
            for row in rows:
                row.attempts += 1
                session.add(row)
                try:
                    event = from_payload(row.event, self._payload(row))
                except (KeyError, TypeError, ValueError) as error:  # not an event we know
                    row.status, row.last_error = "dead", f"unreadable event: {error!r}"[:500]
                    continue
                row.status = "sending"
                row.available_at = lease_end
                claimed.append(Notification(row.id or 0, row.recipient, event, row.attempts))
            session.commit()
            return claimed

    def _payload(self, row: OutboxRow) -> dict[str, Any]:
        if not row.payload_enc:
            return dict(row.payload)
        if self._cipher is None:
            raise ValueError("a sealed payload and no key")
        return dict(self._cipher.open(row.payload_enc))

    def mark_sent(self, notification_id: int) -> None:
        self._set(notification_id, status="sent", sent_at=to_db(self._now()))

    def retry_later(self, notification_id: int, delay: timedelta, error: str) -> None:
        self._set(notification_id, status="pending",
                  available_at=to_db(self._now() + delay), last_error=error[:500])

    def mark_dead(self, notification_id: int, error: str) -> None:
        self._set(notification_id, status="dead", last_error=error[:500])

    def block_recipient(self, recipient: str) -> None:
        with self._sessions() as session:
            session.execute(update(ChatRow).where(col(ChatRow.chat) == recipient)
                            .values(blocked=True))
            session.execute(update(OutboxRow).where(col(OutboxRow.recipient) == recipient,
                                                    col(OutboxRow.status) == "pending")
                            .values(status="dead", last_error="recipient blocked the bot"))
            session.commit()

    def pending_count(self) -> int:
        """Notifications not yet sent or given up (for operators and tests)."""
        with self._sessions() as session:
            return int(session.exec(select(func.count()).select_from(OutboxRow).where(
                col(OutboxRow.status).in_(("pending", "sending")))).one())

    def _set(self, notification_id: int, **values: object) -> None:
        with self._sessions() as session:
            session.execute(update(OutboxRow).where(col(OutboxRow.id) == notification_id)
                            .values(**values))
            session.commit()
