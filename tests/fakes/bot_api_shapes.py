"""Bot API JSON shapes and error descriptions used by the fake server.

The shapes follow docs/design dialog-anchors §4.6, which were checked against PTB 22.8's
``de_json``; keep them minimal but complete enough for PTB to parse every field it requires.
"""

from __future__ import annotations

import time
from typing import Any

JSONDict = dict[str, Any]

DEFAULT_TOKEN = "123456789:TEST-fake-token_abcdefghijklmnopqrstu"
BOT_USER: JSONDict = {
    "id": 123456789,
    "is_bot": True,
    "first_name": "ICP Helper",
    "username": "icp_helper_bot",
}
FIRST_UPDATE_ID = 100000001

# Descriptions exactly as Telegram words them, so tests that match on text keep working
# against the real service.
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup"
    " are exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = (
    "Bad Request: query is too old and response timeout expired or query id is invalid"
)
CONFLICT_OTHER_POLL = (
    "Conflict: terminated by other getUpdates request;"
    " make sure that only one bot instance is running"
)
CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active;"
    " use deleteWebhook to delete the webhook first"
)
BLOCKED = "Forbidden: bot was blocked by the user"
CANT_INITIATE = "Forbidden: bot can't initiate conversation with a user"

DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: BLOCKED,
    404: "Not Found",
    409: CONFLICT_OTHER_POLL,
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


class ApiError(Exception):
    """A Bot API error answer: the HTTP status equals ``error_code`` (PTB maps on the status)."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def to_json(self) -> JSONDict:
        body: JSONDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


def too_many_requests(retry_after: int, description: str | None = None) -> ApiError:
    text = description or f"Too Many Requests: retry after {retry_after}"
    return ApiError(429, text, retry_after=retry_after)


def error_for(status: int, description: str | None, retry_after: int | None) -> ApiError:
    """Build an injected fault; 429 always carries ``retry_after`` like Telegram does."""
    if status == 429:
        return too_many_requests(retry_after if retry_after is not None else 5, description)
    text = description or DEFAULT_DESCRIPTIONS.get(status, f"Error {status}")
    return ApiError(status, text, retry_after=retry_after)


def ok(result: Any, description: str | None = None) -> JSONDict:
    body: JSONDict = {"ok": True, "result": result}
    if description is not None:
        body["description"] = description
    return body


def now() -> int:
    return int(time.time())


def user_json(user_id: int, first_name: str, username: str | None, language_code: str | None
              ) -> JSONDict:
    user: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
    if username:
        user["username"] = username
    if language_code:
        user["language_code"] = language_code
    return user


def chat_json(chat_id: int, first_name: str | None = None, username: str | None = None
              ) -> JSONDict:
    """Private chats share the user's id; negative ids are groups (-100… supergroups)."""
    if chat_id < 0:
        kind = "supergroup" if str(chat_id).startswith("-100") else "group"
        return {"id": chat_id, "type": kind, "title": f"Group {chat_id}"}
    chat: JSONDict = {"id": chat_id, "type": "private", "first_name": first_name or "User"}
    if username:
        chat["username"] = username
    return chat


def bot_command_entities(text: str) -> list[JSONDict]:
    """PTB's CommandHandler only fires when a ``bot_command`` entity starts the text."""
    if not text.startswith("/"):
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]


def utf16_len(text: str) -> int:
    """Entity offsets/lengths are counted in UTF-16 code units by Telegram."""
    return len(text.encode("utf-16-le")) // 2
