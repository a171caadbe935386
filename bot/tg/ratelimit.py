"""PTB's AIORateLimiter, plus an optional per-chat pace and retries of transient failures.

Two instances run in ``icpbot run``: one for interactive replies and one for the relay's
notifications, so that a flood wait or a burst of notifications never holds up a reply.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import AIORateLimiter

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
                 backoff: float = 0.5, max_chats: int = 10_000) -> None:
        super().__init__(overall_max_rate=overall_max_rate, overall_time_period=1,
                         max_retries=max_retries)
        self._per_chat_rate = per_chat_rate
        self._network_retries = network_retries
        self._backoff = backoff
        self._max_chats = max_chats
        self._chats: OrderedDict[int, AsyncLimiter] = OrderedDict()

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
        limiter = self._chats.get(chat)
        if limiter is None:
            limiter = self._chats[chat] = AsyncLimiter(1, 1 / self._per_chat_rate)
            while len(self._chats) > self._max_chats:
                self._chats.popitem(last=False)
        self._chats.move_to_end(chat)
        return limiter
