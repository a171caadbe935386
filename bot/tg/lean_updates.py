"""Incoming updates trimmed before PTB parses them into objects.

A callback query carries the whole tapped message, keyboard included: for the province
question that is 34 buttons, each parsed into an ``InlineKeyboardButton`` on every tap
(py-spy: ~9 % of the event loop in polling, a cost the echo bot never pays). Only the
tapped button is ever read (``outgoing.tapped_label``, to show the choice), so the keyboard
is cut down to that one button, or to nothing when it is not there.
"""

from __future__ import annotations

from typing import Any


def lean(update: Any) -> Any:
    """``update`` (a raw dict) with its tapped message's keyboard cut to the tapped button;
    anything else is returned as it is."""
    if not isinstance(update, dict):
        return update
    query = update.get("callback_query")
    if not isinstance(query, dict):
        return update
    message = query.get("message")
    markup = message.get("reply_markup") if isinstance(message, dict) else None
    if not isinstance(markup, dict) or not isinstance(markup.get("inline_keyboard"), list):
        return update
    rows: list[Any] = markup["inline_keyboard"]
    data = query.get("data")
    tapped = next((button for row in rows if isinstance(row, list) for button in row
                   if isinstance(button, dict) and button.get("callback_data") == data), None)
    markup["inline_keyboard"] = [[tapped]] if tapped is not None else []
    return update


def lean_batch(payload: Any) -> Any:
    """A getUpdates answer (``{"ok": true, "result": [update, …]}``) with every update lean."""
    if isinstance(payload, dict) and isinstance(payload.get("result"), list):
        for update in payload["result"]:
            lean(update)
    return payload
