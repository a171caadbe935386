"""The one PTB error handler: log with personal data masked, tell the user briefly."""

from __future__ import annotations

import hashlib
import logging
import traceback
from collections.abc import Callable

from telegram import Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot.tg import convert
from dialogs.i18n import TranslatorFactory
from filing.masking import scrub
from filing.text import N_

log = logging.getLogger(__name__)

SOMETHING_WENT_WRONG = N_("Something went wrong, please try again.")

ProfileLocale = Callable[[str], str | None]  # ChatRef.key -> the stored locale, if any


def masked_chat(chat_id: int | str) -> str:
    """A stable pseudonym for a chat id: enough to correlate log lines, not to contact."""
    return "chat-" + hashlib.sha256(str(chat_id).encode()).hexdigest()[:10]


def describe(error: BaseException) -> str:
    """The exception and its traceback with ID numbers, mobiles and e-mails masked."""
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return scrub(text)


class ErrorReporter:
    """``application.add_error_handler(ErrorReporter(...))``."""

    def __init__(self, translators: TranslatorFactory, profile_locale: ProfileLocale) -> None:
        self._translators = translators
        self._profile_locale = profile_locale

    async def __call__(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        error = context.error
        if error is None:
            return
        if isinstance(error, BadRequest) and convert.is_not_modified(error):
            return  # a harmless double edit
        where = ""
        if isinstance(update, Update):
            chat = update.effective_chat
            where = f" (update {update.update_id}, {masked_chat(chat.id) if chat else '-'})"
        log.error("error while handling an update%s: %s", where, describe(error))
        if isinstance(update, Update) and update.effective_chat is not None:
            await self._apologise(update)

    async def _apologise(self, update: Update) -> None:
        text = self._translators(self._locale(update)).gettext(SOMETHING_WENT_WRONG)
        try:
            if update.callback_query is not None:
                await convert.answer(update.callback_query, text)
            assert update.effective_chat is not None
            await update.get_bot().send_message(update.effective_chat.id, text)
        except TelegramError as error:
            log.warning("could not tell the user about the error: %s", type(error).__name__)

    def _locale(self, update: Update) -> str:
        try:
            stored = self._profile_locale(convert.chat_ref(update).key)
        except Exception:  # the database may be what failed
            stored = None
        return stored or convert.locale_of(update)
