"""Push notifications to Telegram for the outbox relay (the filing.ports Notifier)."""

from __future__ import annotations

import datetime as dtm
import warnings
from collections.abc import Sequence

from telegram import Bot
from telegram.error import Forbidden, RetryAfter

from bot.tg import convert, outgoing
from bot.tg.outgoing import NoticeBook
from dialogs.messages import Outgoing
from filing.ports import RecipientBlocked, RetryLater

# Recipients of other channels (e.g. "terminal:…") belong to another relay: leave them be.
FOREIGN_CHANNEL_RETRY = 300.0


class TelegramNotifier:
    """Recipients are ``"telegram:<chat_id>"``; the outbox has a row per recipient."""

    def __init__(self, bot: Bot, book: convert.CallbackBook | None = None,
                 notices: NoticeBook | None = None) -> None:
        self._bot = bot
        self._book = book or convert.CallbackBook()
        self._notices = notices  # where reviewers' decision buttons went, per order

    async def send(self, recipient: str, messages: Sequence[Outgoing]) -> None:
        """Forbidden → RecipientBlocked, RetryAfter → RetryLater; network errors propagate."""
        chat_id = convert.recipient_chat_id(recipient)
        if chat_id is None:
            raise RetryLater(FOREIGN_CHANNEL_RETRY)
        try:
            await outgoing.send(self._bot, chat_id, list(messages), self._book,
                                self._notices)
        except Forbidden as error:
            raise RecipientBlocked(str(error)) from error
        except RetryAfter as error:
            raise RetryLater(retry_seconds(error)) from error


def retry_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # int access is deprecated since PTB 22.2
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)
