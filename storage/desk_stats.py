"""Figures for the desk's dashboard, read with grouped queries (no rows are loaded one by one).
Percentiles and reason counts are finished in Python over compact columns."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.engine import Engine

from filing.lifecycle import FINAL, Status
from storage.db import from_db, to_db, unavailable_on_db_errors
from storage.desk_queries import EXPIRY
from storage.tables import DialogSessionRow, OrderRow, StatusHistoryRow, table_of

ORDERS = table_of(OrderRow)
HISTORY = table_of(StatusHistoryRow)
DRAFTS = table_of(DialogSessionRow)
PROVIDER_DECISIONS = (Status.SMS_VERIFICATION, Status.ADMINISTRATION_REVIEW,
                      Status.PROVIDER_REJECTED)
REJECTED = (Status.PROVIDER_REJECTED, Status.ADMINISTRATION_REJECTED)


@dataclass(frozen=True)
class ReviewTime:
    region: str
    count: int
    p50_hours: float
    p90_hours: float


@dataclass(frozen=True)
class DraftPosition:
    """How many dialogue sessions of a flow stand at one step, and how."""

    flow: str
    state: str
    status: str  # active | submitted | done | discarded
    stale: bool  # active but untouched for longer than the abandonment threshold
    count: int


def percentile(values: list[float], share: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


@unavailable_on_db_errors
class SqlDeskStats:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def _all(self, query: Any) -> list[Any]:
        with self._engine.connect() as connection:
            return list(connection.execute(query).all())

    def orders_by(self, column: str) -> dict[str, int]:
        """Orders per ``status`` or per ``order_type``."""
        grouped = ORDERS.c[column]
        return {key: count for key, count in self._all(
            select(grouped, func.count()).group_by(grouped))}

    def review_times(self, since: datetime) -> list[ReviewTime]:
        """Hours from a submission to the provider's decision, per region (p50, p90)."""
        steps = select(
            ORDERS.c.region, HISTORY.c.old_status, HISTORY.c.new_status, HISTORY.c.at,
            # typed, so SQLite's text timestamps come back as datetimes
            func.lag(HISTORY.c.at, type_=HISTORY.c.at.type).over(
                partition_by=HISTORY.c.order_id, order_by=HISTORY.c.id).label("entered"),
        ).select_from(HISTORY.join(ORDERS, ORDERS.c.id == HISTORY.c.order_id)).where(
            HISTORY.c.at >= to_db(since)).subquery()
        rows = self._all(select(steps.c.region, steps.c.entered, steps.c.at).where(
            steps.c.old_status == Status.PROVIDER_REVIEW,
            steps.c.new_status.in_([s.value for s in PROVIDER_DECISIONS]),
            steps.c.entered.is_not(None)))
        hours: dict[str, list[float]] = {}
        for region, entered, decided in rows:
            spent = (from_db(decided) - from_db(entered)).total_seconds() / 3600
            hours.setdefault(region, []).append(spent)
        return sorted((ReviewTime(region, len(values), percentile(values, 0.5),
                                  percentile(values, 0.9))
                       for region, values in hours.items()), key=lambda t: -t.p90_hours)

    def sms_deadlines(self, now: datetime) -> dict[str, int]:
        """Orders waiting for the applicant's SMS check, by time left."""
        deadline = ORDERS.c.sms_deadline
        bucket = case((deadline < to_db(now), "overdue"),
                      (deadline < to_db(now + timedelta(hours=6)), "under_6h"),
                      (deadline < to_db(now + timedelta(hours=12)), "under_12h"),
                      else_="under_24h")
        return self._buckets(bucket, ORDERS.c.status == Status.SMS_VERIFICATION)

    def expiry(self, now: datetime) -> dict[str, int]:
        """Open orders by days left before the 45-day clean-up."""
        updated = ORDERS.c.updated_at
        bucket = case((updated < to_db(now - EXPIRY), "expired"),
                      (updated < to_db(now - EXPIRY + timedelta(days=5)), "under_5d"),
                      (updated < to_db(now - EXPIRY + timedelta(days=15)), "under_15d"),
                      else_="later")
        return self._buckets(bucket, ORDERS.c.status.in_(
            [s.value for s in Status if s not in FINAL]))

    def _buckets(self, bucket: Any, condition: Any) -> dict[str, int]:
        labelled = bucket.label("bucket")
        return {key: count for key, count in self._all(
            select(labelled, func.count()).where(condition).group_by(labelled))}

    def rejection_reasons(self, since: datetime, top: int = 8) -> list[tuple[str, int]]:
        rows = self._all(select(HISTORY.c.reasons).where(
            HISTORY.c.new_status.in_([s.value for s in REJECTED]),
            HISTORY.c.at >= to_db(since)))
        counted = Counter(code for (reasons,) in rows for code in reasons or ())
        return counted.most_common(top)

    def draft_positions(self, now: datetime, stale_after: timedelta) -> list[DraftPosition]:
        stale = (DRAFTS.c.updated_at < to_db(now - stale_after)).label("stale")
        rows = self._all(select(DRAFTS.c.flow, DRAFTS.c.state, DRAFTS.c.status, stale,
                                func.count()).group_by(DRAFTS.c.flow, DRAFTS.c.state,
                                                       DRAFTS.c.status, stale))
        return [DraftPosition(flow, state, status, bool(is_stale), count)
                for flow, state, status, is_stale, count in rows]
