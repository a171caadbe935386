"""Tapped keyboards are cut to the tapped button before PTB parses an update."""

from __future__ import annotations

from typing import Any

from telegram import Bot, Update

from bot.tg.lean_updates import lean, lean_batch
from bot.tg.outgoing import tapped_label


def tap(data: str) -> dict[str, Any]:
    rows = [[{"text": f"Province {n}", "callback_data": f"ans:{n}|d.1"}] for n in range(34)]
    return {"update_id": 5, "callback_query": {
        "id": "q", "from": {"id": 1, "is_bot": False, "first_name": "A"}, "chat_instance": "c",
        "data": data, "message": {"message_id": 9, "date": 0, "text": "Region?",
                                  "chat": {"id": 1, "type": "private"},
                                  "reply_markup": {"inline_keyboard": rows}}}}


def test_only_the_tapped_button_is_kept_and_its_label_still_read() -> None:
    update = Update.de_json(lean(tap("ans:7|d.1")), Bot("1:x"))
    assert update.callback_query is not None
    assert tapped_label(update.callback_query) == "Province 7"
    message: Any = update.callback_query.message
    assert len(message.reply_markup.inline_keyboard) == 1


def test_an_unknown_button_leaves_no_keyboard_and_other_updates_are_untouched() -> None:
    update = Update.de_json(lean(tap("~alias")), Bot("1:x"))
    assert update.callback_query is not None and tapped_label(update.callback_query) is None
    text = {"update_id": 6, "message": {"message_id": 1, "date": 0, "text": "hi",
                                        "chat": {"id": 1, "type": "private"}}}
    assert lean(dict(text)) == text and lean([1]) == [1]
    batch = lean_batch({"ok": True, "result": [tap("ans:0|d.1"), text]})
    assert batch["result"][0]["callback_query"]["message"]["reply_markup"] == {
        "inline_keyboard": [[{"text": "Province 0", "callback_data": "ans:0|d.1"}]]}
