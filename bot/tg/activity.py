""""typing…" while a reply takes a while: a chat action only for work that is still running
after ``SLOW_AFTER`` seconds (the first knowledge-base answer, an upload, a submission, a
PDF), so that ordinary fast turns cost no extra Bot API call."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable
from typing import TypeVar

from telegram import Bot
from telegram.error import TelegramError

from bot.tg.convert import call

log = logging.getLogger(__name__)

SLOW_AFTER = 0.3  # seconds: a reply slower than this gets a chat action
REPEAT_EVERY = 4.5  # Telegram shows an action for 5 s or until the next message
TYPING = "typing"

T = TypeVar("T")


async def while_slow(bot: Bot, chat_id: int, work: Awaitable[T], *,
                     after: float = SLOW_AFTER, action: str = TYPING) -> T:
    """Await ``work``; if it is still running after ``after`` seconds, show ``action`` in
    the chat (again every few seconds) until it is done. The action goes out beside the
    work: a slow or rate-limited chat action never delays the reply."""
    task = asyncio.ensure_future(work)
    shows: list[asyncio.Task[None]] = []
    try:
        done, _ = await asyncio.wait({task}, timeout=after)
        while not done:
            shows.append(asyncio.create_task(_show(bot, chat_id, action)))
            done, _ = await asyncio.wait({task}, timeout=REPEAT_EVERY)
    finally:
        for pending in [*shows, task]:
            if not pending.done():  # the reply is out (or we were cancelled): stop them
                pending.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await pending
    return task.result()


async def _show(bot: Bot, chat_id: int, action: str) -> None:
    try:  # a courtesy: its failure must not fail the reply
        await call(bot, "sendChatAction", {"chat_id": chat_id, "action": action})
    except TelegramError as error:
        log.info("chat action not shown: %s", type(error).__name__)
