"""Telegram ⇄ engine: updates become Incoming, Outgoing becomes Bot API calls.

Buttons carry ``"<value>|<token>"`` in ``callback_data`` (the Ask's token ties a tap to the
draft version it was shown for). Data that would not fit Telegram's 64 bytes is replaced by a
short stable alias, ``"~"`` + a hash of value and token, remembered in a bounded in-memory
book; an alias the book no longer knows (after a restart) decodes to an empty value, which the
engine answers as a button that is no longer valid.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from telegram import Bot, CallbackQuery, Message, Update
from telegram.error import BadRequest

from bot.i18n import locale_for
from dialogs.messages import Ask, ChatRef, Command, File, Outgoing, Say, Text, plain
from filing.text import N_

log = logging.getLogger(__name__)

CHANNEL = "telegram"
MAX_CALLBACK_BYTES = 64
MAX_TEXT = 4096  # Telegram counts UTF-16 code units
MAX_TOAST = 200
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # getFile downloads at most 20 MB
ALIAS_PREFIX = "~"
SEPARATOR = "|"


# The engine's answers to a tap on an old button, shown as a toast. After the first the engine
# re-asks the current step, which is already on screen (so it is not sent again); after the
# second (e.g. an alias forgotten in a restart) the fresh question is sent.
FILE_TOO_BIG = N_("That file is larger than 20 MB; please send a smaller scan or photo.")


# --- updates → engine ---------------------------------------------------------------------


def chat_ref(update: Update) -> ChatRef:
    assert update.effective_chat is not None
    return ChatRef(CHANNEL, str(update.effective_chat.id))


def recipient_chat_id(recipient: str) -> int | None:
    """``"telegram:<chat_id>"`` → the chat id; None for other channels."""
    channel, _, chat_id = recipient.partition(":")
    if channel != CHANNEL or not chat_id.lstrip("-").isdigit():
        return None
    return int(chat_id)


def locale_of(update: Update) -> str:
    """First-contact guess from the user's Telegram language; the engine keeps its own."""
    user = update.effective_user
    return locale_for(user.language_code if user else None)


def command(message: Message) -> Command:
    """``/start@icp_helper_bot payload`` → Command("start", "payload")."""
    head, _, args = plain(message.text or "").strip().partition(" ")
    name = head.lstrip("/").split("@", 1)[0]
    return Command(name.lower(), args.strip())


def text(message: Message) -> Text:
    return Text(plain(message.text or ""))


def attachment(message: Message) -> tuple[str, str, str, int | None] | None:
    """(file_id, file_name, content_type, file_size) of a document or the largest photo."""
    if message.document is not None:
        document = message.document
        name = document.file_name or f"{document.file_unique_id}.bin"
        return (document.file_id, name, document.mime_type or "application/octet-stream",
                document.file_size)
    if message.photo:
        photo = max(message.photo, key=lambda size: (size.width * size.height,
                                                     size.file_size or 0))
        return photo.file_id, f"{photo.file_unique_id}.jpg", "image/jpeg", photo.file_size
    return None


def too_big(size: int | None) -> bool:
    return size is not None and size > MAX_DOWNLOAD_BYTES


async def download(bot: Bot, file_id: str, file_name: str, content_type: str) -> File | None:
    """Fetch a file through getFile; None when Telegram reports it as too big."""
    remote = await bot.get_file(file_id)
    if too_big(remote.file_size):
        return None
    data = await remote.download_as_bytearray()
    return File(file_name, content_type, bytes(data))


# --- callback data ------------------------------------------------------------------------


class CallbackBook:
    """Encodes button values with the Ask's token within 64 bytes; decodes taps."""

    def __init__(self, capacity: int = 20_000) -> None:
        self._aliases: OrderedDict[str, tuple[str, str | None]] = OrderedDict()
        self._capacity = capacity

    def encode(self, value: str, token: str | None) -> str:
        data = f"{value}{SEPARATOR}{token or ''}"
        if len(data.encode()) <= MAX_CALLBACK_BYTES and not value.startswith(ALIAS_PREFIX):
            return data
        digest = hashlib.blake2b(data.encode(), digest_size=12).digest()
        alias = ALIAS_PREFIX + base64.urlsafe_b64encode(digest).decode().rstrip("=")
        self._aliases[alias] = (value, token)
        self._aliases.move_to_end(alias)
        while len(self._aliases) > self._capacity:
            self._aliases.popitem(last=False)
        return alias

    def decode(self, data: str | None) -> tuple[str, str | None]:
        """(value, token); an unknown alias or foreign data gives an empty value."""
        data = data or ""
        if data.startswith(ALIAS_PREFIX):
            return self._aliases.get(data, ("", None))
        value, separator, token = data.rpartition(SEPARATOR)
        if not separator:
            return data, None
        return value, token or None


def keyboard(ask: Ask, book: CallbackBook) -> dict[str, Any] | None:
    """The Ask's options as an InlineKeyboardMarkup in Bot API JSON, ``ask.columns`` a row."""
    if not ask.options:
        return None
    buttons = [{"text": option.label, "callback_data": book.encode(option.value, ask.token)}
               for option in ask.options]
    width = max(ask.columns, 1)
    return {"inline_keyboard": [buttons[i:i + width] for i in range(0, len(buttons), width)]}


# --- engine → Telegram --------------------------------------------------------------------


def _utf16_len(value: str) -> int:
    return len(value.encode("utf-16-le")) // 2


def split_text(value: str, limit: int = MAX_TEXT) -> list[str]:
    """Chunks of at most ``limit`` UTF-16 units, cut at line breaks where possible."""
    chunks: list[str] = []
    current = ""
    for line in value.splitlines(keepends=True):
        while _utf16_len(line) > limit:  # one enormous line: cut it hard
            head = _cut(line, limit - _utf16_len(current)) if current else _cut(line, limit)
            chunks.append(current + head)
            current, line = "", line[len(head):]
        if _utf16_len(current) + _utf16_len(line) > limit:
            chunks.append(current)
            current = ""
        current += line
    if current:
        chunks.append(current)
    return [chunk.strip("\n") for chunk in chunks if chunk.strip()]


def _cut(value: str, limit: int) -> str:
    size = 0
    for index, char in enumerate(value):
        size += _utf16_len(char)
        if size > limit:
            return value[:index]
    return value


def stale_toast(replies: Sequence[Outgoing]) -> tuple[str | None, list[Outgoing]]:
    """Split the engine's "that button is old" off as a toast; return what is left to send."""
    if not replies or not isinstance(replies[0], Say) or not replies[0].kind:
        return None, list(replies)
    first = replies[0]
    if first.kind == "stale":  # the current question is already on screen: a toast is enough
        return first.text[:MAX_TOAST], []
    return first.text[:MAX_TOAST], list(replies[1:])


async def call(bot: Bot, method: str, parameters: dict[str, Any]) -> Any:
    """A Bot API call whose answer is not needed as a PTB object: the raw JSON result.

    Under load, turning each sendMessage/editMessageReplyMarkup answer (the whole message,
    keyboard included) into telegram.Message objects was a fifth of the event loop's time
    (py-spy, see README "Performance"). ``Bot._post`` is what PTB's own methods and
    ``Bot.do_api_request`` call: the rate limiter, retries, timeouts and error mapping
    (RetryAfter, Forbidden, BadRequest …) all apply; only the result is left as JSON.
    """
    return await bot._post(method, parameters)


async def answer(query: CallbackQuery, toast: str | None = None) -> None:
    """Every callback query is answered; an expired one ("query is too old") is harmless."""
    try:
        await query.answer(toast)
    except BadRequest as error:
        log.info("callback query not answered: %s", error.message)


def is_not_modified(error: BadRequest) -> bool:
    return "message is not modified" in error.message.lower()
