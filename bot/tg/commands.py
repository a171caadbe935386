"""What Telegram shows of the bot before and around a chat: the description and short
description per language, the command menus per language, and each reviewer's own menu (with
/queue) in the language stored for them."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

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
    ("summary", N_("Your latest order as a PDF")),
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
)

# Telegram's language_code for setMyCommands ("" = everyone else) → our catalog.
MENU_LANGUAGES: tuple[tuple[str, str], ...] = (("", "en"), ("en", "en"), ("zh", "zh_Hans"))

# The empty chat's "What can this bot do?" (≤ 512 characters) and the profile line
# (≤ 120 characters).
DESCRIPTION = N_("I walk you through China's ICP filing (ICP备案) step by step — first filing, "
                 "new website, changes, cancellation — check every answer as you go, keep your "
                 "drafts, answer questions about each province's rules, and tell you the "
                 "moment the review result comes in. Tap Start.")
SHORT_DESCRIPTION = N_("ICP filing (ICP备案) step by step, with the rules of every province "
                       "and review results as they come.")

ReviewerLocale = Callable[[int], str]  # a reviewer's Telegram id → the locale stored for them



def menu(translators: TranslatorFactory, locale: str, *,
         reviewer: bool = False) -> list[BotCommand]:
    """The command list in ``locale``; reviewers also see their own commands."""
    t = translators(locale)
    entries = USER_COMMANDS + (REVIEWER_COMMANDS if reviewer else ())
    return [BotCommand(name, t.gettext(description)) for name, description in entries]


def reviewer_command_names() -> list[str]:
    return [name for name, _ in REVIEWER_COMMANDS]


async def publish(bot: Bot, translators: TranslatorFactory, admin_ids: Iterable[int],
                  reviewer_locale: ReviewerLocale | None = None) -> None:
    """At start-up: the descriptions and the command menu per language, then each
    reviewer's menu (BotCommandScopeChat) in their stored language — a chat scope without a
    language code, so it follows /language rather than the phone's language.

    A failure is logged, not raised: the bot works without them.
    """
    for language, locale in MENU_LANGUAGES:
        await describe(bot, translators, locale, language)
        await _set(bot, menu(translators, locale), None, language)
    for admin in sorted(admin_ids):
        locale = reviewer_locale(admin) if reviewer_locale is not None else "en"
        await publish_reviewer(bot, translators, admin, locale)


async def publish_reviewer(bot: Bot, translators: TranslatorFactory, chat_id: int,
                           locale: str) -> None:
    """One reviewer's command menu, with their own commands, in ``locale``."""
    await _set(bot, menu(translators, locale, reviewer=True), chat_id, "")


async def describe(bot: Bot, translators: TranslatorFactory, locale: str,
                   language: str) -> None:
    t = translators(locale)
    try:
        await bot.set_my_description(t.gettext(DESCRIPTION), language_code=language or None)
        await bot.set_my_short_description(t.gettext(SHORT_DESCRIPTION),
                                           language_code=language or None)
    except TelegramError as error:
        log.warning("could not set the %s description: %s", language or "default",
                    type(error).__name__)


async def _set(bot: Bot, commands: list[BotCommand], chat_id: int | None, language: str) -> None:
    scope = BotCommandScopeChat(chat_id) if chat_id is not None else None
    try:
        await bot.set_my_commands(commands, scope=scope, language_code=language or None)
    except TelegramError as error:
        log.warning("could not set the %s command menu%s: %s", language or "default",
                    " of a reviewer chat" if chat_id is not None else "",
                    type(error).__name__)
