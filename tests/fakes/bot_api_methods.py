"""The Bot API methods of the fake (``api_*``), on top of the stored state.

Each method runs under the state lock on the server loop and either returns the ``result``
Telegram would send or raises :class:`ApiError` with Telegram's status and description.
getUpdates and the webhook methods live in bot_api_server.py because they wait and push.
"""

from __future__ import annotations

import copy
import mimetypes
import re
import time
from typing import Any

from tests.fakes import bot_api_markup as markup
from tests.fakes.bot_api_params import Params
from tests.fakes.bot_api_shapes import (
    BLOCKED,
    BOT_USER,
    CANT_INITIATE,
    NOT_MODIFIED,
    QUERY_TOO_OLD,
    ApiError,
    JSONDict,
    bad_request,
    now,
)
from tests.fakes.bot_api_state import (
    BotApiState,
    StoredFile,
    file_suffix,
    public_message,
    scope_key,
)

MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
MAX_PHOTO_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_CALLBACK_ANSWER = 200
MAX_DESCRIPTION = 512
MAX_SHORT_DESCRIPTION = 120
SEND_METHODS = frozenset({"sendmessage", "senddocument", "sendphoto"})
CHAT_ACTIONS = frozenset({
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note",
    "upload_video_note",
})
_COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
_LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")


class BotApiMethods(BotApiState):
    """Fake Telegram's Bot API method semantics; the transport is added by FakeBotApi."""

    def api_get_me(self, params: Params) -> Any:
        return dict(BOT_USER)

    def api_send_message(self, params: Params) -> Any:
        chat_id = self._sendable_chat(params)
        raw = params.text("text")
        text = markup.check_message_text(raw, params.text("parse_mode"))
        content: JSONDict = {"text": text}
        entities = markup.html_entities(raw or "", params.text("parse_mode"))
        if entities:
            content["entities"] = entities
        keyboard = markup.check_reply_markup(params.json("reply_markup"))
        if keyboard:
            content["reply_markup"] = keyboard
        return self._store_bot_message("sendMessage", chat_id, content, params)

    def api_edit_message_text(self, params: Params) -> Any:
        if params.text("inline_message_id"):
            return True  # inline-mode messages are not tracked; Telegram answers true
        message = self._editable_message(params)
        if "text" not in message:
            raise bad_request("there is no text in the message to edit")
        text = markup.check_message_text(params.text("text"), params.text("parse_mode"))
        keyboard = markup.check_reply_markup(params.json("reply_markup"), inline_only=True)
        raw = params.text("text")
        if raw == message.get("_raw_text", message["text"]) and keyboard == message.get(
                "reply_markup"):
            raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        message["text"] = text
        message["_raw_text"] = raw
        entities = markup.html_entities(raw or "", params.text("parse_mode"))
        if entities:
            message["entities"] = entities
        else:
            message.pop("entities", None)
        return self._apply_edit("editMessageText", message, keyboard, params)

    def api_edit_message_reply_markup(self, params: Params) -> Any:
        if params.text("inline_message_id"):
            return True
        message = self._editable_message(params)
        keyboard = markup.check_reply_markup(params.json("reply_markup"), inline_only=True)
        if keyboard == message.get("reply_markup"):
            raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        return self._apply_edit("editMessageReplyMarkup", message, keyboard, params)

    def api_answer_callback_query(self, params: Params) -> Any:
        query_id = params.text("callback_query_id") or ""
        info = self._callbacks.get(query_id)
        expired = (info is not None and self.callback_query_ttl is not None
                   and time.monotonic() - info.created > self.callback_query_ttl)
        if info is None or info.answered or expired:
            raise bad_request(QUERY_TOO_OLD.removeprefix("Bad Request: "))
        text = params.text("text")
        if text is not None and len(text) > MAX_CALLBACK_ANSWER:
            raise bad_request("MESSAGE_TOO_LONG")
        info.answered = True
        self._answers.append({"callback_query_id": query_id, "user_id": info.user_id,
                              "text": text, "show_alert": params.flag("show_alert"),
                              "url": params.text("url"),
                              "cache_time": params.integer("cache_time", 0)})
        return True

    def api_set_my_commands(self, params: Params) -> Any:
        commands = params.json("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH" if isinstance(commands, list)
                              else "commands must be an Array")
        for command in commands:
            _check_command(command)
        key = self._commands_key(params)
        self._commands[key] = [{"command": c["command"], "description": c["description"]}
                               for c in commands]
        return True

    def api_get_my_commands(self, params: Params) -> Any:
        return copy.deepcopy(self._commands.get(self._commands_key(params), []))

    def api_delete_my_commands(self, params: Params) -> Any:
        self._commands.pop(self._commands_key(params), None)
        return True

    def api_delete_message(self, params: Params) -> Any:
        chat_id, message_id = params.chat_id(), params.message_id()
        if self._messages.pop((chat_id, message_id), None) is None:
            raise bad_request("message to delete not found")
        self._deleted.setdefault(chat_id, []).append(message_id)
        return True

    def api_send_chat_action(self, params: Params) -> Any:
        chat_id = self._sendable_chat(params)
        action = params.text("action") or ""
        if action not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        self._chat_actions.setdefault(chat_id, []).append(action)
        return True

    def api_send_document(self, params: Params) -> Any:
        chat_id = self._sendable_chat(params)
        stored, name, mime = self._incoming_file(params, "document", "documents")
        content: JSONDict = {"document": self._document_json(stored, name, mime)}
        return self._store_media_message("sendDocument", chat_id, content, params)

    def api_send_photo(self, params: Params) -> Any:
        chat_id = self._sendable_chat(params)
        stored, _, _ = self._incoming_file(params, "photo", "photos")
        if len(stored.data) > MAX_PHOTO_UPLOAD_BYTES:
            raise bad_request("PHOTO_INVALID_DIMENSIONS")
        content: JSONDict = {"photo": [self._photo_size(stored, 90, 60),
                                       self._photo_size(stored, 1280, 853)]}
        return self._store_media_message("sendPhoto", chat_id, content, params)

    def api_get_file(self, params: Params) -> Any:
        stored = self._files.get(params.text("file_id") or "")
        if stored is None:
            raise bad_request("invalid file_id")
        if len(stored.data) > MAX_DOWNLOAD_BYTES:
            raise bad_request("file is too big")
        return stored.to_json()

    def api_set_my_description(self, params: Params) -> Any:
        return self._describe(params, "description", MAX_DESCRIPTION)

    def api_set_my_short_description(self, params: Params) -> Any:
        return self._describe(params, "short_description", MAX_SHORT_DESCRIPTION)

    def _describe(self, params: Params, field: str, limit: int) -> Any:
        text = params.text(field) or ""
        if len(text) > limit:
            raise bad_request(f"{field} is too long")
        language = params.text("language_code") or ""
        if language and not _LANGUAGE_CODE.match(language):
            raise bad_request("LANG_CODE_INVALID")
        self._descriptions[(field, language)] = text
        return True

    def api_accept(self, params: Params) -> Any:
        """Cosmetic setup calls (descriptions, menu button) that we only record."""
        return True

    def api_get_chat_menu_button(self, params: Params) -> Any:
        return {"type": "commands"}

    # getUpdates and the webhook methods live in the server: they wait and push.

    # ------------------------------------------------------------------ helpers (locked)

    def _sendable_chat(self, params: Params) -> int:
        chat_id = params.chat_id()
        if chat_id in self._blocked:
            raise ApiError(403, BLOCKED)
        if self.strict_chats and chat_id not in self._known_chats:
            if chat_id < 0:
                raise bad_request("chat not found")
            raise ApiError(403, CANT_INITIATE)
        return chat_id

    def _store_bot_message(self, method: str, chat_id: int, content: JSONDict,
                           params: Params) -> JSONDict:
        message: JSONDict = {"message_id": self._next_message_id(chat_id),
                             "from": dict(BOT_USER), "chat": self._chat_json(chat_id),
                             "date": now(), **content}
        if "text" in content:
            message["_raw_text"] = params.text("text")
        self._messages[(chat_id, message["message_id"])] = message
        self._record_outbox(method, message, params)
        return public_message(message)

    def _store_media_message(self, method: str, chat_id: int, content: JSONDict,
                             params: Params) -> JSONDict:
        caption = markup.check_caption(params.text("caption"), params.text("parse_mode"))
        if caption:
            content["caption"] = caption
        keyboard = markup.check_reply_markup(params.json("reply_markup"))
        if keyboard:
            content["reply_markup"] = keyboard
        return self._store_bot_message(method, chat_id, content, params)

    def _editable_message(self, params: Params) -> JSONDict:
        chat_id, message_id = params.chat_id(), params.message_id()
        message = self._messages.get((chat_id, message_id))
        if message is None:
            raise bad_request("message to edit not found")
        if message["from"]["id"] != BOT_USER["id"]:
            raise bad_request("message can't be edited")
        return message

    def _apply_edit(self, method: str, message: JSONDict, keyboard: JSONDict | None,
                    params: Params) -> JSONDict:
        if keyboard:
            message["reply_markup"] = keyboard
        else:
            message.pop("reply_markup", None)  # an edit without markup removes the keyboard
        message["edit_date"] = now()
        self._record_outbox(method, message, params)
        return public_message(message)

    def _record_outbox(self, method: str, message: JSONDict, params: Params) -> None:
        entry = {"method": method, "chat_id": message["chat"]["id"],
                 "message_id": message["message_id"], "text": message.get("text"),
                 "caption": message.get("caption"),
                 "reply_markup": copy.deepcopy(message.get("reply_markup")),
                 "parse_mode": params.text("parse_mode"), "raw_text": params.text("text"),
                 "document": message.get("document"), "photo": message.get("photo"),
                 "date": message["date"], "edit_date": message.get("edit_date"),
                 "params": params.loggable(), "at": time.monotonic()}
        self._outbox.setdefault(entry["chat_id"], []).append(copy.deepcopy(entry))
        self.notifier.notify()

    def _incoming_file(self, params: Params, field_name: str, folder: str
                       ) -> tuple[StoredFile, str, str]:
        upload = params.files.get(field_name)
        if upload is None:
            reused = self._files.get(params.text(field_name) or "")
            if reused is None:
                raise bad_request("wrong file identifier/HTTP URL specified")
            return reused, reused.file_path.rsplit("/", 1)[-1], _guess_mime(reused.file_path)
        name = upload.filename or f"{field_name}.bin"
        mime = _guess_mime(name) if upload.content_type in ("", "application/octet-stream") \
            else upload.content_type
        return self._store_file(folder, file_suffix(name, mime), upload.data), name, mime

    def _commands_key(self, params: Params) -> tuple[str, str]:
        language = params.text("language_code") or ""
        if language and not _LANGUAGE_CODE.match(language):
            # Telegram wants a two-letter ISO 639-1 code, so "zh-hans" must become "zh".
            raise bad_request("LANG_CODE_INVALID")
        return scope_key(params.json("scope")), language


def _check_command(command: Any) -> None:
    if not isinstance(command, dict) or not _COMMAND_NAME.match(str(command.get("command"))):
        raise bad_request("BOT_COMMAND_INVALID")
    description = command.get("description")
    if not isinstance(description, str) or not 1 <= len(description) <= 256:
        raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")


def _guess_mime(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"
