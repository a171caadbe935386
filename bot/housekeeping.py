"""What the relay leader does between notifications: queue reminders every minute and apply
the retention policy every hour (so that exactly one process of a deployment does both)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.config import Settings

if TYPE_CHECKING:
    from bot.bootstrap import App
from storage.retention import RetentionPolicy, SqlRetention

log = logging.getLogger(__name__)
PRUNE_EVERY = 3600.0  # seconds


class Housekeeping:
    """What ``Relay.run_forever`` calls every minute (``scan``): the clock's work (reminders,
    expiries: ``App.housekeeping``), and the retention policy every hour."""

    def __init__(self, tick: Callable[[], int], retention: SqlRetention,
                 prune_every: float = PRUNE_EVERY) -> None:
        self._tick = tick
        self._retention = retention
        self._prune_every = prune_every
        self._next_prune = time.monotonic()

    def scan(self) -> int:
        queued = int(self._tick())
        if time.monotonic() >= self._next_prune:
            self._next_prune = time.monotonic() + self._prune_every
            try:
                pruned = self._retention.prune()
                if any(pruned.as_dict().values()):
                    log.info("retention: deleted %s", _describe(pruned.as_dict()))
            except Exception:
                log.exception("retention run failed; trying again in an hour")
        return queued


def retention_for(app: App) -> SqlRetention:
    settings = app.settings
    policy = RetentionPolicy(settings.keep_sent_days, settings.keep_drafts_days)
    return SqlRetention(app.sessions, policy, app.materials.delete_owner)


def housekeeping_for(app: App) -> Housekeeping:
    return Housekeeping(app.housekeeping, retention_for(app))


def prune_command(settings: Settings, *, dry_run: bool = False) -> int:
    """``icpbot prune``: apply the retention policy now."""
    from bot import bootstrap

    app = bootstrap.build(settings)
    retention = retention_for(app)
    if dry_run:
        print("would delete: " + _describe(retention.count().as_dict()))
    else:
        print("deleted: " + _describe(retention.prune().as_dict()))
    return 0


def _describe(counts: dict[str, int]) -> str:
    return ", ".join(f"{count} {name}" for name, count in counts.items())
