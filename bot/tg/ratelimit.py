"""PTB's AIORateLimiter, plus an optional per-chat pace and retries of transient failures.

Two instances run in ``icpbot run``: one for interactive replies and one for the relay's
notifications, so that a flood wait or a burst of notifications never holds up a reply.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import AIORateLimiter

from bot.metrics import RETRIES, TOO_MANY_REQUESTS

log = logging.getLogger(__name__)

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]


class BotRateLimiter(AIORateLimiter):
    """Overall rate (AIORateLimiter), optional per-private-chat rate, network-error retries.

    ``network_retries``: how often a request that failed with a server or connection error
    (HTTP 5xx, connection refused; not a timeout, which may have been delivered) is sent
    again, after 0.5 s, 1 s, 2 s …; ``getUpdates`` is left to PTB's own polling loop.
    """

    def __init__(self, *, overall_max_rate: float, max_retries: int,
                 per_chat_rate: float | None = None, network_retries: int = 0,
                 backoff: float = 0.5, max_chats: int = 10_000, smooth: bool = False) -> None:
        # smooth: no burst, requests on a grid 1/rate apart (Pacer); otherwise
        # AIORateLimiter's bucket lets a whole second's worth go at once after a pause, which
        # Telegram may refuse when the previous second was busy too.
        super().__init__(overall_max_rate=0 if smooth else overall_max_rate,
                         overall_time_period=1, max_retries=max_retries)
        self._pacer = Pacer(overall_max_rate) if smooth else None
        self._per_chat_rate = per_chat_rate
        self._network_retries = network_retries
        self._backoff = backoff
        self._max_chats = max_chats
        self._chats: OrderedDict[int, ChatPace] = OrderedDict()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONResult:
        retries = 0 if endpoint.lower() == "getupdates" else self._network_retries
        if self._pacer is not None and data.get("chat_id") is not None:
            callback = self._pacer.wrap(callback)
        callback = _counting_429s(callback)
        for attempt in range(retries + 1):
            try:
                async with self._chat_pace(data.get("chat_id")):
                    return await super().process_request(callback, args, kwargs, endpoint,
                                                          data, rate_limit_args)
            except (BadRequest, TimedOut):
                raise
            except NetworkError as error:
                if attempt >= retries:
                    raise
                delay = self._backoff * 2 ** attempt
                RETRIES.labels("network").inc()
                log.info("%s failed (%s); retrying in %.1fs", endpoint, error.message, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")

    def _chat_pace(self, chat_id: Any) -> contextlib.AbstractAsyncContextManager[Any]:
        try:
            chat = int(chat_id)
        except (TypeError, ValueError):
            return contextlib.nullcontext()
        if self._per_chat_rate is None or chat < 0:  # groups: AIORateLimiter's group limit
            return contextlib.nullcontext()
        pace = self._chats.get(chat)
        if pace is None:
            pace = self._chats[chat] = ChatPace(1 / self._per_chat_rate)
            while len(self._chats) > self._max_chats:
                self._chats.popitem(last=False)
        self._chats.move_to_end(chat)
        return pace.turn()


def _counting_429s(callback: Callable[..., Coroutine[Any, Any, JSONResult]]
                   ) -> Callable[..., Coroutine[Any, Any, JSONResult]]:
    """Counts Telegram's 429s (metrics); AIORateLimiter waits retry_after and sends again."""
    async def counted(*args: Any, **kwargs: Any) -> JSONResult:
        try:
            return await callback(*args, **kwargs)
        except RetryAfter:
            TOO_MANY_REQUESTS.inc()
            RETRIES.labels("flood").inc()
            raise

    return counted


class ChatPace:
    """One chat's requests one at a time, each starting ``interval`` after the previous one
    was answered: Telegram saw the previous one before its answer came back, so the two are
    at least ``interval`` apart there too, however long either waited on the way."""

    def __init__(self, interval: float) -> None:
        self._interval = interval
        self._lock = asyncio.Lock()
        self._answered = -interval

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        async with self._lock:
            loop = asyncio.get_running_loop()
            wait = self._answered + self._interval - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                yield
            finally:
                self._answered = loop.time()


class Pacer:
    """At most ``rate`` requests per second, evenly spaced, no burst after a pause.

    Slots lie on a grid ``1/rate`` apart, so a late wake-up of the event loop delays one
    request but does not lower the long-run rate (as "1/rate after the previous" would)."""

    def __init__(self, rate: float) -> None:
        self._interval = 1 / rate
        self._next = 0.0

    def wrap(self, callback: Callable[..., Coroutine[Any, Any, JSONResult]]
             ) -> Callable[..., Coroutine[Any, Any, JSONResult]]:
        async def paced(*args: Any, **kwargs: Any) -> JSONResult:
            await self.slot()
            return await callback(*args, **kwargs)

        return paced

    async def slot(self) -> None:
        now = asyncio.get_running_loop().time()
        slot = max(self._next, now)
        self._next = slot + self._interval
        if slot > now:
            await asyncio.sleep(slot - now)
