"""The command menus Telegram shows, per language, and the reviewers' extra commands."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from dialogs.i18n import TranslatorFactory
from filing.text import N_

log = logging.getLogger(__name__)

USER_COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", N_("Welcome, or continue where you left off")),
    ("new", N_("Start a new filing")),
    ("drafts", N_("Your unfinished drafts")),
    ("status", N_("Your orders and their status")),
    ("ask", N_("Ask a question about the filing rules")),
    ("language", N_("Switch language / 切换语言")),
    ("cancel", N_("Stop the current form (the draft is kept)")),
    ("help", N_("What I can do")),
    ("privacy", N_("What I store about you")),
    ("forget", N_("Delete your drafts and uploaded materials")),
)

# Shown only in the chats of ICPBOT_ADMIN_IDS; the review desk answers them (see handlers).
REVIEWER_COMMANDS: tuple[tuple[str, str], ...] = (
    ("queue", N_("Reviewer: orders waiting for review")),
    ("reject", N_("Reviewer: reject an order with reason codes and a note")),
)

# Telegram's language_code for setMyCommands ("" = everyone else) → our catalog.
MENU_LANGUAGES: tuple[tuple[str, str], ...] = (("", "en"), ("en", "en"), ("zh", "zh_Hans"))



def menu(translators: TranslatorFactory, locale: str, *,
         reviewer: bool = False) -> list[BotCommand]:
    """The command list in ``locale``; reviewers also see their own commands."""
    t = translators(locale)
    entries = USER_COMMANDS + (REVIEWER_COMMANDS if reviewer else ())
    return [BotCommand(name, t.gettext(description)) for name, description in entries]


def reviewer_command_names() -> list[str]:
    return [name for name, _ in REVIEWER_COMMANDS]


async def publish(bot: Bot, translators: TranslatorFactory, admin_ids: Iterable[int]) -> None:
    """setMyCommands for everyone per language, then per reviewer chat (BotCommandScopeChat).

    A failure is logged, not raised: the bot works without its command menu.
    """
    admins = sorted(admin_ids)
    for language, locale in MENU_LANGUAGES:
        await _set(bot, menu(translators, locale), None, language)
        for admin in admins:
            await _set(bot, menu(translators, locale, reviewer=True), admin, language)


async def _set(bot: Bot, commands: list[BotCommand], chat_id: int | None, language: str) -> None:
    scope = BotCommandScopeChat(chat_id) if chat_id is not None else None
    try:
        await bot.set_my_commands(commands, scope=scope, language_code=language or None)
    except TelegramError as error:
        log.warning("could not set the %s command menu%s: %s", language or "default",
                    " of a reviewer chat" if chat_id is not None else "",
                    type(error).__name__)
