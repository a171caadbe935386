"""Run the outbox relay only while this process holds the deployment's relay lease.

Every ``icpbot run`` (unless ``--no-relay``) and every ``icpbot dispatch`` competes for the
lease (storage/relay_lease.py); the holder sends, the others check again every
``RETRY_EVERY`` seconds, so a killed leader is replaced within about that long.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from storage.relay_lease import RelayLease

log = logging.getLogger(__name__)
RETRY_EVERY = 1.0  # seconds between a follower's attempts to take the lease
CHECK_EVERY = 2.0  # seconds between the leader's checks that it still holds the lease

RelayLoop = Callable[[asyncio.Event], Coroutine[Any, Any, None]]


async def lead_when_elected(lease: RelayLease, relay: RelayLoop, stop: asyncio.Event,
                            *, retry_every: float = RETRY_EVERY,
                            check_every: float = CHECK_EVERY) -> None:
    """Until ``stop``: wait for the lease, run ``relay`` while it is held, repeat."""
    waiting_logged = False
    while not stop.is_set():
        if not await asyncio.to_thread(lease.try_acquire):
            if not waiting_logged:
                log.info("another process sends the notifications; this one stands by")
                waiting_logged = True
            await _sleep(stop, retry_every)
            continue
        waiting_logged = False
        log.info("this process now sends the notifications (relay leader)")
        relay_stop = asyncio.Event()
        task = asyncio.create_task(relay(relay_stop), name="outbox-relay")
        try:
            while not stop.is_set() and not task.done():
                await _sleep(stop, check_every)
                if not stop.is_set() and not await asyncio.to_thread(lease.still_held):
                    log.warning("lost the relay lease (database connection?); stepping down")
                    break
        finally:
            relay_stop.set()
            with contextlib.suppress(Exception):
                await task
            await asyncio.to_thread(lease.release)


async def _sleep(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
