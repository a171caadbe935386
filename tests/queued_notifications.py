"""Outbox rows written the way the product writes them (OrderStatusChanged events of the
filing lifecycle, recipient "telegram:<id>" with a chat profile), in bulk, for tests of the
relay that need many notifications at once."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert

from filing.events import OrderApproved, OrderStatusChanged, to_payload
from storage.db import make_engine, session_factory, to_db
from storage.tables import ChatRow, OutboxRow, table_of

STEPS = (("provider_review", "sms_verification"),
         ("sms_verification", "administration_review"),
         ("administration_review", "approved"))


def rows_for(chat: int, count: int, now: datetime) -> list[dict[str, Any]]:
    rows = []
    for number in range(count):
        old, new = STEPS[number % len(STEPS)]
        event: OrderStatusChanged = OrderStatusChanged(
            order_id=f"B{chat}", applicant=f"telegram:{chat}", old_status=old, new_status=new,
            at=now, order_type="first_filing", region="CN-ZJ",
            deadline=now + timedelta(days=1) if new == "sms_verification" else None,
            sms_to="both_leaders" if new == "sms_verification" else "")
        if new == "approved":  # the final approval carries what it did to the numbers
            event = OrderApproved(
                order_id=f"B{chat}", applicant=f"telegram:{chat}", old_status=old,
                new_status=new, at=now, order_type="first_filing", region="CN-ZJ",
                icp_number="浙ICP备2026000001号-1", entity_number="浙ICP备2026000001号",
                issued=("浙ICP备2026000001号-1",))
        rows.append({"event": event.name, "order_id": event.order_id,
                     "recipient": event.applicant, "payload": to_payload(event),
                     "status": "pending", "attempts": 0, "available_at": to_db(now),
                     "created_at": to_db(now)})
    return rows


def queue_notifications(url: str, chats: Iterable[int], per_chat: int = 1) -> int:
    """Chat profiles and ``per_chat`` due notifications for each chat; returns the rows."""
    now = datetime.now(UTC)
    chats = list(chats)
    rows = [row for chat in chats for row in rows_for(chat, per_chat, now)]
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session:
            session.execute(insert(table_of(ChatRow)),
                            [{"chat": f"telegram:{chat}", "locale": "en", "blocked": False,
                              "version": 0, "recent_updates": []} for chat in chats])
            session.execute(insert(table_of(OutboxRow)), rows)
            session.commit()
    finally:
        engine.dispose()
    return len(rows)
