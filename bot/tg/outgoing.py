"""The engine's replies as Bot API calls: texts (HTML only where a value is copyable), the
answer chosen shown in the tapped question, pictures and documents.

Every text call goes through ``convert.call`` (raw JSON results, see there why); pictures and
documents are rare and use PTB's own upload methods.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import Any, Protocol

from telegram import Bot, CallbackQuery, Message
from telegram.error import BadRequest

from bot.tg import markup
from bot.tg.convert import MAX_TEXT, CallbackBook, call, is_not_modified, keyboard, split_text
from dialogs.messages import Ask, Document, Outgoing, Picture, plain

log = logging.getLogger(__name__)

MAX_CAPTION = 1024


class NoticeBook(Protocol):
    """Where reviewers' decision buttons were shown, per order (storage/reviewer_notices)."""

    def remember(self, order_id: str, chat_id: int, message_id: int) -> None: ...


async def send(bot: Bot, chat_id: int, replies: Iterable[Outgoing], book: CallbackBook,
               notices: NoticeBook | None = None) -> int:
    """Send the replies in order, link previews off, keyboards on a text's last part; the
    number of messages sent."""
    sent = 0
    for reply in replies:
        if isinstance(reply, Picture):
            sent += await send_picture(bot, chat_id, reply)
        elif isinstance(reply, Document):
            sent += await send_document(bot, chat_id, reply)
        else:
            sent += await _send_text(bot, chat_id, reply, book, notices)
    return sent


async def _send_text(bot: Bot, chat_id: int, reply: Outgoing, book: CallbackBook,
                     notices: NoticeBook | None) -> int:
    markup_json = keyboard(reply, book) if isinstance(reply, Ask) else None
    chunks = split_text(reply.text) or ([] if markup_json is None else ["…"])
    result: Any = None
    for number, chunk in enumerate(chunks, start=1):
        parameters: dict[str, Any] = {"chat_id": chat_id, **markup.message_parameters(chunk),
                                      "link_preview_options": {"is_disabled": True}}
        if markup_json is not None and number == len(chunks):
            parameters["reply_markup"] = markup_json
        result = await call(bot, "sendMessage", parameters)
    if notices is not None and isinstance(reply, Ask) and reply.about_order and reply.options:
        await _remember(notices, reply.about_order, chat_id, result)
    return len(chunks)


async def _remember(notices: NoticeBook, order_id: str, chat_id: int, result: Any) -> None:
    message_id = result.get("message_id") if isinstance(result, dict) else None
    if isinstance(message_id, int):
        await asyncio.to_thread(notices.remember, order_id, chat_id, message_id)


# --- the tapped message ---------------------------------------------------------------------


def tapped_label(query: CallbackQuery) -> str | None:
    """The label of the button that was tapped, read from the message's own keyboard."""
    message = query.message
    if not isinstance(message, Message) or message.reply_markup is None:
        return None
    for row in message.reply_markup.inline_keyboard:
        for button in row:
            if button.callback_data == query.data:
                return button.text
    return None


async def show_choice(query: CallbackQuery) -> None:
    """Close the tapped question: its buttons go and the answer chosen stays visible under
    it ("✓ Individual"), in one editMessageText (no reply_markup: Telegram drops the
    keyboard). Where that cannot be shown, only the keyboard is removed."""
    message = query.message
    if not isinstance(message, Message):
        return  # inaccessible (too old) messages cannot be edited
    label = tapped_label(query)
    text = markup.with_choice(message.text_html, label) if label and message.text else None
    if text is None or _too_long(message.text or "", label or ""):
        await _edit(query, "editMessageReplyMarkup", {})
        return
    await _edit(query, "editMessageText", {"text": text, "parse_mode": markup.PARSE_MODE,
                                           "link_preview_options": {"is_disabled": True}})


async def clear_keyboard(query: CallbackQuery) -> None:
    """Remove the tapped message's buttons (no reply_markup: Telegram drops the keyboard)."""
    if isinstance(query.message, Message):
        await _edit(query, "editMessageReplyMarkup", {})


async def replace_tapped(query: CallbackQuery, ask: Ask, book: CallbackBook) -> bool:
    """Show ``ask`` in place of the tapped message (text and keyboard, one call); False when
    the message cannot be edited (the caller sends it instead)."""
    message = query.message
    if not isinstance(message, Message) or len(split_text(ask.text)) > 1:
        return False
    parameters = {**markup.message_parameters(ask.text),
                  "link_preview_options": {"is_disabled": True}}
    markup_json = keyboard(ask, book)
    if markup_json is not None:
        parameters["reply_markup"] = markup_json
    await _edit(query, "editMessageText", parameters)
    return True


def _too_long(question: str, label: str) -> bool:
    return len(question) + len(label) + 4 > MAX_TEXT


async def _edit(query: CallbackQuery, method: str, parameters: dict[str, Any]) -> None:
    message = query.message
    assert isinstance(message, Message)
    try:
        await call(query.get_bot(), method, {"chat_id": message.chat.id,
                                             "message_id": message.message_id, **parameters})
    except BadRequest as error:
        if not is_not_modified(error):
            log.info("tapped message not edited: %s", error.message)


# --- pictures and documents -------------------------------------------------------------


async def send_picture(bot: Bot, chat_id: int, picture: Picture) -> int:
    """The timeline as a PNG with its text alternative as the caption (or after it, when
    longer than a caption may be)."""
    from bot.documents.timeline import render_timeline

    png = await asyncio.to_thread(render_timeline, picture)
    caption, rest = _caption(picture.text)
    await bot.send_photo(chat_id, png, filename="timeline.png", **caption)
    if rest:
        await call(bot, "sendMessage", {"chat_id": chat_id, **markup.message_parameters(rest)})
    return 1 + bool(rest)


async def send_document(bot: Bot, chat_id: int, document: Document) -> int:
    from bot.documents.order_pdf import render_order_pdf

    pdf = await asyncio.to_thread(render_order_pdf, document)
    caption, rest = _caption(document.text)
    await bot.send_document(chat_id, pdf, filename=document.file_name, **caption)
    if rest:
        await call(bot, "sendMessage", {"chat_id": chat_id, **markup.message_parameters(rest)})
    return 1 + bool(rest)


def _caption(text: str) -> tuple[dict[str, Any], str]:
    """(caption parameters, text to send separately)."""
    if not plain(text).strip():
        return {}, ""
    if len(plain(text)) > MAX_CAPTION:
        return {}, text
    parameters = markup.message_parameters(text)
    caption: dict[str, Any] = {"caption": parameters["text"]}
    if "parse_mode" in parameters:
        caption["parse_mode"] = parameters["parse_mode"]
    return caption, ""
