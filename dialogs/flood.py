"""Flood guard: a chat that sends too much too fast is told once to slow down, then ignored
until it calms down, so one user cannot slow everyone else's replies."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from time import monotonic


@dataclass
class _Bucket:
    tokens: float
    updated: float
    warned: bool = False


class FloodGuard:
    """A token bucket per chat: ``burst`` messages at once, then ``rate`` per second."""

    def __init__(self, rate: float = 2.0, burst: int = 12, max_chats: int = 100_000,
                 clock: Callable[[], float] = monotonic) -> None:
        self._rate = rate
        self._burst = burst
        self._max_chats = max_chats
        self._clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def admit(self, chat: str) -> bool | None:
        """True: handle it. False: drop silently. None: drop, and warn the user (once)."""
        now = self._clock()
        bucket = self._buckets.pop(chat, None) or _Bucket(float(self._burst), now)
        bucket.tokens = min(self._burst, bucket.tokens + (now - bucket.updated) * self._rate)
        bucket.updated = now
        self._buckets[chat] = bucket
        if len(self._buckets) > self._max_chats:
            self._buckets.popitem(last=False)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.warned = False
            return True
        if bucket.warned:
            return False
        bucket.warned = True
        return None
