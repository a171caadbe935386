"""Reminders driven by the database, so they survive restarts: each scan queues what is due.

- SMS verification: 12 hours and 2 hours before the 24-hour window closes.
- Drafts untouched for N days: one reminder per period of silence.
- Public-security filing: due 30 days after approval; reminded 10 days before; only when the
  approval issued a new website number (a change or a cancellation files nothing new).
- Returned orders not submitted again: reminded 30 and 40 days after they came back, before
  they expire at 45 (``FilingService.expire_unfinished`` expires them).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from filing.events import ReminderDue, to_payload
from filing.lifecycle import (
    CORRECTABLE,
    EXPIRY_REMINDERS_AFTER,
    ISSUES_WEBSITE_NUMBERS,
    UNFINISHED_EXPIRES_AFTER,
    Status,
)
from storage.db import SessionFactory, from_db, to_db
from storage.tables import DialogSessionRow, OrderRow, OutboxRow, ReminderSentRow

SMS_REMINDERS = (timedelta(hours=12), timedelta(hours=2))
PSB_DUE = timedelta(days=30)
PSB_REMIND_BEFORE = timedelta(days=10)


class SqlReminderScheduler:
    def __init__(self, sessions: SessionFactory, draft_after_days: int = 3,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._sessions = sessions
        self._draft_after = timedelta(days=draft_after_days)
        self._now = now

    def scan(self) -> int:
        """Queue every reminder that is due and not yet queued; returns how many."""
        now = self._now()
        queued = 0
        with self._sessions() as session:
            for key, reminder in self._due(session, now):
                queued += self._queue(session, key, reminder, now)
        return queued

    def _due(self, session: Session, now: datetime) -> list[tuple[str, ReminderDue]]:
        due: list[tuple[str, ReminderDue]] = []
        waiting = session.exec(select(OrderRow).where(OrderRow.status == "sms_verification",
                                                      col(OrderRow.sms_deadline).is_not(None)))
        for order in waiting.all():
            deadline = from_db(order.sms_deadline)
            assert deadline is not None
            for before in SMS_REMINDERS:
                if deadline - before <= now < deadline:
                    hours = int(before.total_seconds() // 3600)
                    due.append((f"sms:{order.id}:{deadline.isoformat()}:{hours}",
                                ReminderDue(order.id, order.applicant, "sms_deadline",
                                            deadline)))
        due += self._psb_due(session, now)
        due += self._expiry_due(session, now)
        quiet = session.exec(select(DialogSessionRow).where(
            DialogSessionRow.status == "active",
            col(DialogSessionRow.updated_at) <= to_db(now - self._draft_after)))
        for draft in quiet.all():
            touched = from_db(draft.updated_at)
            assert touched is not None
            due.append((f"draft:{draft.id}:{touched.isoformat()}",
                        ReminderDue("", draft.chat, "draft_abandoned", draft_id=draft.id,
                                    flow=draft.flow)))
        return due

    def _psb_due(self, session: Session, now: datetime) -> list[tuple[str, ReminderDue]]:
        due: list[tuple[str, ReminderDue]] = []
        approved = session.exec(select(OrderRow).where(
            OrderRow.status == Status.APPROVED,
            col(OrderRow.order_type).in_([str(t) for t in ISSUES_WEBSITE_NUMBERS])))
        for order in approved.all():
            approved_at = from_db(order.updated_at)
            if approved_at is None:
                continue
            due_at = approved_at + PSB_DUE
            if due_at - PSB_REMIND_BEFORE <= now < due_at:
                due.append((f"psb:{order.id}",
                            ReminderDue(order.id, order.applicant, "psb_filing", due_at,
                                        icp_number=order.icp_number)))
        return due

    def _expiry_due(self, session: Session, now: datetime) -> list[tuple[str, ReminderDue]]:
        due: list[tuple[str, ReminderDue]] = []
        returned = session.exec(select(OrderRow).where(
            col(OrderRow.status).in_([str(s) for s in CORRECTABLE])))
        for order in returned.all():
            since = from_db(order.updated_at)
            if since is None:
                continue
            expires = since + UNFINISHED_EXPIRES_AFTER
            passed = [after for after in EXPIRY_REMINDERS_AFTER if since + after <= now]
            if passed and now < expires:  # the latest point only, after a long pause too
                due.append((f"expiry:{order.id}:{since.isoformat()}:{passed[-1].days}",
                            ReminderDue(order.id, order.applicant, "order_expiring",
                                        expires)))
        return due

    def _queue(self, session: Session, key: str, reminder: ReminderDue, now: datetime) -> int:
        if session.get(ReminderSentRow, key) is not None:
            return 0
        session.add(ReminderSentRow(key=key, created_at=now))
        session.add(OutboxRow(event=reminder.name, order_id=reminder.order_id or None,
                              recipient=reminder.applicant, payload=to_payload(reminder),
                              available_at=now, created_at=now))
        try:
            session.commit()
        except IntegrityError:  # another worker queued it first
            session.rollback()
            return 0
        return 1
