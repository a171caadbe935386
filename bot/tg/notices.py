"""Reviewers' notices kept current: when an order's status changes (decided in another chat,
on the command line or by the back office), every message that showed its decision buttons
is edited to the order's card as it is now — the decision taken, and only the buttons the
new status allows (none once it is out of the provider's hands)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, Protocol

from telegram import Bot
from telegram.error import BadRequest, TelegramError

from bot.tg import markup
from bot.tg.convert import CallbackBook, call, is_not_modified, keyboard, split_text
from dialogs.i18n import TranslatorFactory, lang_of
from dialogs.messages import Ask
from dialogs.reviewing import decided_card
from filing.events import Event, OrderStatusChanged
from filing.lifecycle import CORRECTABLE, Status
from filing.model import FilingOrder

log = logging.getLogger(__name__)

SUBMITTED_FROM = frozenset({Status.DRAFT, *CORRECTABLE})
ProfileLocale = Callable[[str], str | None]  # "telegram:<chat id>" → the stored locale


class Notices(Protocol):
    def of_order(self, order_id: str) -> list[tuple[int, int]]: ...

    def forget(self, order_id: str) -> None: ...


class NoticeEditor:
    """A relay observer (bot.relay.EventObserver)."""

    def __init__(self, bot: Bot, notices: Notices, order: Callable[[str], FilingOrder],
                 translators: TranslatorFactory, profile_locale: ProfileLocale,
                 book: CallbackBook) -> None:
        self._bot = bot
        self._notices = notices
        self._order = order
        self._translators = translators
        self._profile_locale = profile_locale
        self._book = book

    async def __call__(self, event: Event) -> None:
        if not isinstance(event, OrderStatusChanged) or event.old_status in SUBMITTED_FROM:
            return  # a (re)submission is no decision: its notices are new
        spots = await asyncio.to_thread(self._notices.of_order, event.order_id)
        if not spots:
            return
        order = await asyncio.to_thread(self._order, event.order_id)
        closed = True
        for chat_id, message_id in spots:
            locale = await asyncio.to_thread(self._profile_locale, f"telegram:{chat_id}")
            card = decided_card(order, self._translators(locale or "en"),
                                lang_of(locale or "en"))
            closed = closed and not card.options
            await self._edit(chat_id, message_id, card)
        if closed:  # no buttons left anywhere: nothing to bring up to date any more
            await asyncio.to_thread(self._notices.forget, event.order_id)

    async def _edit(self, chat_id: int, message_id: int, card: Ask) -> None:
        text = split_text(card.text)[0]
        parameters: dict[str, Any] = {"chat_id": chat_id, "message_id": message_id,
                                      **markup.message_parameters(text)}
        markup_json = keyboard(card, self._book)
        if markup_json is not None:
            parameters["reply_markup"] = markup_json
        try:
            await call(self._bot, "editMessageText", parameters)
        except BadRequest as error:
            if not is_not_modified(error):  # e.g. deleted by the reviewer
                log.info("reviewer notice not brought up to date: %s", error.message)
        except TelegramError as error:
            log.info("reviewer notice not brought up to date: %s", type(error).__name__)
