"""Prometheus metrics (``GET /metrics``, names prefixed ``icpbot_``).

Counters and the turn-latency histogram live in this process (``REGISTRY``); the database
figures (outbox, drafts, orders) are read when the endpoint is scraped, so every worker
reports the same deployment-wide numbers for them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from dialogs.messages import Choice, Command, File, Incoming, Text

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
REGISTRY = CollectorRegistry(auto_describe=True)

UPDATES = Counter("icpbot_updates_handled", "Inputs the dialogue engine handled, by kind",
                  ["kind"], registry=REGISTRY)
TURN_SECONDS = Histogram("icpbot_turn_seconds", "Time the engine took to answer one input",
                         buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                  1.0, 2.5, 5.0), registry=REGISTRY)
TOO_MANY_REQUESTS = Counter("icpbot_telegram_429", "Telegram answers 429 (flood control)",
                            registry=REGISTRY)
RETRIES = Counter("icpbot_telegram_retries", "Bot API requests sent again, by reason",
                  ["reason"], registry=REGISTRY)
NOTIFICATIONS = Counter("icpbot_notifications", "Notifications this process's relay settled, "
                        "by result", ["result"], registry=REGISTRY)
RELAY_LEADER = Gauge("icpbot_relay_leader", "1 while this process sends the notifications",
                     registry=REGISTRY)

for _kind in ("text", "button", "command", "file"):
    UPDATES.labels(_kind)
for _reason in ("flood", "network"):
    RETRIES.labels(_reason)
for _result in ("sent", "retry", "dead"):
    NOTIFICATIONS.labels(_result)


def kind_of(incoming: Incoming) -> str:
    if isinstance(incoming, Choice):
        return "button"
    if isinstance(incoming, Command):
        return "command"
    if isinstance(incoming, File):
        return "file"
    return "text" if isinstance(incoming, Text) else "other"


class MeasuredEngine:
    """The dialogue engine, counting inputs by kind and timing each turn; otherwise the same
    object (every other attribute is the engine's)."""

    def __init__(self, engine: Any) -> None:
        self._engine = engine

    async def handle(self, chat: Any, incoming: Incoming, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return await self._engine.handle(chat, incoming, *args, **kwargs)
        finally:
            TURN_SECONDS.observe(time.perf_counter() - started)
            UPDATES.labels(kind_of(incoming)).inc()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)


class CountingOutbox:
    """The outbox as the relay uses it, counting how its notifications were settled."""

    def __init__(self, outbox: Any) -> None:
        self._outbox = outbox

    def mark_sent(self, notification_id: int) -> None:
        self._outbox.mark_sent(notification_id)
        NOTIFICATIONS.labels("sent").inc()

    def retry_later(self, notification_id: int, *args: Any) -> None:
        self._outbox.retry_later(notification_id, *args)
        NOTIFICATIONS.labels("retry").inc()

    def mark_dead(self, notification_id: int, error: str) -> None:
        self._outbox.mark_dead(notification_id, error)
        NOTIFICATIONS.labels("dead").inc()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._outbox, name)


class DatabaseCollector(Collector):
    """Deployment-wide figures read from the database at scrape time."""

    def __init__(self, snapshot: Callable[[], Any]) -> None:
        self._snapshot = snapshot

    def collect(self) -> Iterable[Metric]:
        figures = self._snapshot()
        outbox = GaugeMetricFamily("icpbot_outbox_notifications",
                                   "Outbox rows by status (pending, sending, sent, dead)",
                                   labels=["status"])
        for status in ("pending", "sending", "sent", "dead"):
            outbox.add_metric([status], figures.outbox.get(status, 0))
        yield outbox
        yield GaugeMetricFamily("icpbot_outbox_failed", "Pending notifications whose last "
                                "attempt failed (backing off before the next)",
                                value=figures.outbox_failing)
        yield GaugeMetricFamily("icpbot_drafts_active", "Filing drafts in progress",
                                value=figures.drafts_active)
        orders = GaugeMetricFamily("icpbot_orders", "Filing orders by status",
                                   labels=["status"])
        for status, count in sorted(figures.orders.items()):
            orders.add_metric([status], count)
        yield orders


def exposition(snapshot: Callable[[], Any] | None) -> bytes:
    """The text of ``/metrics``: this process's metrics, then the database's."""
    text = generate_latest(REGISTRY)
    if snapshot is not None:
        database = CollectorRegistry(auto_describe=False)
        database.register(DatabaseCollector(snapshot))
        text += generate_latest(database)
    return text
