"""Validation of message text, captions and inline keyboards the way Telegram applies it.

Being strict here is the point of the fake: a bot bug such as unescaped user input in an HTML
message or Chinese labels stuffed into ``callback_data`` must fail in our tests, not in
production.
"""

from __future__ import annotations

import html
import re
from typing import Any

from tests.fakes.bot_api_shapes import ApiError, JSONDict, bad_request

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_BUTTONS = 100

_HTML_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^<>]*)?)>")
_HTML_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
    "code", "pre", "blockquote", "tg-emoji",
}
# Telegram decodes only these named entities plus numeric ones; others stay literal text.
_HTML_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);")
_MD2_CODE = re.compile(r"```.*?```|`[^`]*`", re.DOTALL)
_MD2_LINK_URL = re.compile(r"\]\((?:[^()\\]|\\.)*\)")
_MD2_ALWAYS_RESERVED = set("#+-={}.!")
_MD2_MARKERS = re.compile(r"(?<!\\)(\|\||[*_~`\[\]])")
_MD1_MARKERS = re.compile(r"[*_`\[\]]")


def visible_text(text: str, parse_mode: str | None) -> str:
    """Return the text a user would see, raising 400 where Telegram refuses to parse it."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        return _parse_html(text)
    if mode == "markdownv2":
        return _parse_markdown_v2(text)
    if mode == "markdown":
        return _MD1_MARKERS.sub("", _MD2_LINK_URL.sub("]", text))
    if mode:
        raise bad_request(f"unsupported parse_mode {parse_mode!r}")
    return text


def check_message_text(text: str | None, parse_mode: str | None) -> str:
    """Telegram strips surrounding whitespace and counts characters (not bytes): 1..4096."""
    if text is None:
        raise bad_request("message text is empty")
    shown = visible_text(text, parse_mode).strip()
    if not shown:
        raise bad_request("message text is empty")
    if len(shown) > MAX_TEXT:
        raise bad_request("message is too long")
    return shown


def check_caption(caption: str | None, parse_mode: str | None) -> str | None:
    if caption is None:
        return None
    shown = visible_text(caption, parse_mode).strip()
    if len(shown) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    return shown or None


def check_reply_markup(markup: Any, *, inline_only: bool = False) -> JSONDict | None:
    """Validate any reply markup; return it only if it is an inline keyboard.

    Telegram echoes ``reply_markup`` in the returned Message only for inline keyboards.
    """
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        if inline_only:
            raise bad_request("inline keyboard expected")
        return None
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array")
    buttons = [button for row in rows for button in row]
    if len(buttons) > MAX_BUTTONS:
        raise bad_request("reply markup is too long")
    for button in buttons:
        _check_inline_button(button)
    return {"inline_keyboard": rows}


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request("can't parse inline keyboard button: Text buttons are unallowed")
    if not button["text"].strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    actions = set(button) - {"text"}
    if not actions:
        raise bad_request("can't parse inline keyboard button: Text buttons are unallowed in "
                          "the inline keyboard")
    if "callback_data" in button:
        data = button["callback_data"]
        size = len(data.encode("utf-8")) if isinstance(data, str) else 0
        if not 1 <= size <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")


def _entity_error(text: str, position: int, detail: str) -> ApiError:
    offset = len(text[:position].encode("utf-8"))
    return bad_request(f"can't parse entities: {detail} at byte offset {offset}")


def _parse_html(text: str) -> str:
    stack: list[tuple[str, int]] = []
    plain: list[str] = []
    cursor = 0
    for match in _HTML_TAG.finditer(text):
        plain.append(_html_text(text, cursor, match.start()))
        cursor = match.end()
        closing, name = match.group(1) == "/", match.group(2).lower()
        if name not in _HTML_TAGS:
            kind = "end" if closing else "start"
            raise _entity_error(text, match.start(), f'Unsupported {kind} tag "{name}"')
        if not closing:
            stack.append((name, match.start()))
        elif not stack or stack[-1][0] != name:
            raise _entity_error(text, match.start(), f'Unexpected end tag "{name}"')
        else:
            stack.pop()
    plain.append(_html_text(text, cursor, len(text)))
    if stack:
        name, position = stack[-1]
        detail = f'Can\'t find end tag corresponding to start tag "{name}"'
        raise _entity_error(text, position, detail)
    return "".join(plain)


def _html_text(text: str, start: int, end: int) -> str:
    """Text between tags: a bare '<' is an error in Telegram's HTML (it must be &lt;)."""
    chunk = text[start:end]
    bare = chunk.find("<")
    if bare >= 0:
        raise _entity_error(text, start + bare, "Unexpected end of name token")
    # One pass, so "&amp;lt;" stays the literal "&lt;" instead of being decoded twice.
    return _HTML_ENTITY.sub(lambda m: html.unescape(m.group(0)), chunk)


def _parse_markdown_v2(text: str) -> str:
    """Check the characters MarkdownV2 reserves; inside code spans and link URLs they are free."""
    outside_code = _MD2_LINK_URL.sub("]", _MD2_CODE.sub("", text))
    escaped = False
    for index, char in enumerate(outside_code):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in _MD2_ALWAYS_RESERVED or (char == ">" and not _at_line_start(outside_code,
                                                                                  index)):
            raise bad_request(
                f"can't parse entities: Character '{char}' is reserved and must be escaped"
                " with the preceding '\\'"
            )
    plain = _MD2_MARKERS.sub("", _MD2_LINK_URL.sub("", text))
    return re.sub(r"\\(.)", r"\1", plain)


def _at_line_start(text: str, index: int) -> bool:
    return index == 0 or text[index - 1] == "\n"


_ENTITY_TYPES = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic",
                 "u": "underline", "ins": "underline", "s": "strikethrough",
                 "strike": "strikethrough", "del": "strikethrough", "code": "code",
                 "pre": "pre", "tg-spoiler": "spoiler", "blockquote": "blockquote"}


def html_entities(text: str, parse_mode: str | None) -> list[JSONDict]:
    """The message entities Telegram returns for an HTML text (offsets and lengths in UTF-16
    units of the visible text), so that a bot reading the message back (``text_html``) sees
    its formatting. Assumes ``check_message_text`` accepted the text."""
    if (parse_mode or "").lower() != "html":
        return []
    entities: list[JSONDict] = []
    stack: list[tuple[str, int]] = []
    offset, cursor = 0, 0
    for match in _HTML_TAG.finditer(text):
        offset += _utf16(_HTML_ENTITY.sub(lambda m: html.unescape(m.group(0)),
                                          text[cursor:match.start()]))
        cursor = match.end()
        closing, name = match.group(1) == "/", match.group(2).lower()
        if not closing:
            stack.append((name, offset))
        elif stack:
            opened, start = stack.pop()
            if opened in _ENTITY_TYPES and offset > start:
                entities.append({"type": _ENTITY_TYPES[opened], "offset": start,
                                 "length": offset - start})
    return sorted(entities, key=lambda entity: entity["offset"])


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
