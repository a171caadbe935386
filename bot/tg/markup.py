"""The engine's marked text as Telegram HTML: copyable spans become ``<code>``, everything else
is escaped (user input included), so nothing a user typed can turn into markup."""

from __future__ import annotations

import html

from dialogs.messages import CODE_END, CODE_START, plain

PARSE_MODE = "HTML"
CHECK_MARK = "✓"


def has_code(text: str) -> bool:
    return CODE_START in text


def to_html(text: str) -> str:
    """Escaped text with ``<code>`` spans; a span cut open by a hard split is closed at the
    end of its part, and a stray end mark is dropped."""
    parts: list[str] = []
    run = ""  # plain characters since the last mark
    open_span = False
    for char in text:
        if char not in (CODE_START, CODE_END):
            run += char
            continue
        parts.append(escape(run))
        run = ""
        if char == CODE_START and not open_span:
            parts.append("<code>")
            open_span = True
        elif char == CODE_END and open_span:
            parts.append("</code>")
            open_span = False
    parts.append(escape(run))
    if open_span:
        parts.append("</code>")
    return "".join(parts).replace("<code></code>", "")


def escape(text: str) -> str:
    """Telegram's HTML needs only <, > and & escaped; quotes stay as they are."""
    return html.escape(plain(text), quote=False)


def message_parameters(text: str) -> dict[str, str]:
    """``text`` (+ ``parse_mode``) for a sendMessage/editMessageText: HTML only when the text
    has copyable spans, so ordinary messages go out exactly as written."""
    if has_code(text):
        return {"text": to_html(text), "parse_mode": PARSE_MODE}
    return {"text": text}


def with_choice(question_html: str, label: str) -> str:
    """The tapped question followed by the answer chosen, as HTML."""
    return f"{question_html}\n\n{CHECK_MARK} {escape(label)}"
