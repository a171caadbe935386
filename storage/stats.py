"""Counts for the metrics endpoint: outbox rows by status, drafts in progress, orders by
status. One grouped query each, run when /metrics is scraped."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlmodel import col

from storage.db import SessionFactory
from storage.tables import DialogSessionRow, OrderRow, OutboxRow


@dataclass(frozen=True)
class Snapshot:
    outbox: dict[str, int] = field(default_factory=dict)  # pending|sending|sent|dead
    outbox_failing: int = 0  # pending again after a failed attempt (backing off)
    drafts_active: int = 0
    orders: dict[str, int] = field(default_factory=dict)


def snapshot(sessions: SessionFactory) -> Snapshot:
    with sessions() as session:
        outbox = {str(status): int(count) for status, count in session.execute(
            select(col(OutboxRow.status), func.count()).group_by(col(OutboxRow.status))).all()}
        failing = session.execute(select(func.count()).select_from(OutboxRow).where(
            col(OutboxRow.status) == "pending", col(OutboxRow.last_error).is_not(None))
        ).scalar_one()
        drafts = session.execute(select(func.count()).select_from(DialogSessionRow).where(
            col(DialogSessionRow.status) == "active")).scalar_one()
        orders = {str(status): int(count) for status, count in session.execute(
            select(col(OrderRow.status), func.count()).group_by(col(OrderRow.status))).all()}
    return Snapshot(outbox, int(failing), int(drafts), orders)
