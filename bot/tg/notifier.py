"""Push notifications to Telegram for the outbox relay (bot.relay's Notifier)."""

from __future__ import annotations

import datetime as dtm
import logging
import warnings
from collections.abc import Iterable

from telegram import Bot
from telegram.error import Forbidden, RetryAfter

from bot.relay import RecipientBlocked, RetryLater
from bot.tg import convert
from dialogs.messages import Outgoing
from filing.events import REVIEWERS

log = logging.getLogger(__name__)

# Recipients of other channels (e.g. "terminal:…") belong to another relay: leave them be.
FOREIGN_CHANNEL_RETRY = 300.0


class TelegramNotifier:
    """Recipients are ``"telegram:<chat_id>"``; ``"reviewers"`` fans out to the admins."""

    def __init__(self, bot: Bot, admin_ids: Iterable[int],
                 book: convert.CallbackBook | None = None) -> None:
        self._bot = bot
        self._admins = sorted(admin_ids)
        self._book = book or convert.CallbackBook()

    def reviewer_chats(self) -> list[str]:
        """The reviewers' chats, so that the relay renders for each in their language."""
        return [f"telegram:{admin}" for admin in self._admins]

    async def send(self, recipient: str, messages: list[Outgoing]) -> None:
        if recipient == REVIEWERS:
            for admin in self._admins:
                try:
                    await self._send(admin, messages)
                except RecipientBlocked:  # one reviewer who blocked the bot stops nobody
                    log.warning("a reviewer chat blocked the bot")
            return
        chat_id = convert.recipient_chat_id(recipient)
        if chat_id is None:
            raise RetryLater(FOREIGN_CHANNEL_RETRY)
        await self._send(chat_id, messages)

    async def _send(self, chat_id: int, messages: list[Outgoing]) -> None:
        """Forbidden → RecipientBlocked, RetryAfter → RetryLater; network errors propagate."""
        try:
            await convert.send(self._bot, chat_id, messages, self._book)
        except Forbidden as error:
            raise RecipientBlocked(str(error)) from error
        except RetryAfter as error:
            raise RetryLater(retry_seconds(error)) from error


def retry_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # int access is deprecated since PTB 22.2
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)
