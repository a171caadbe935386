"""Request parameters as the fake Bot API receives them (form, multipart or JSON)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from tests.fakes.bot_api_shapes import JSONDict, bad_request

_JSON_PARAMS = frozenset({
    "reply_markup", "allowed_updates", "commands", "scope", "entities", "caption_entities",
    "link_preview_options", "reply_parameters",
})


@dataclass
class Upload:
    filename: str
    content_type: str
    data: bytes


class Params:
    """Request parameters from a form, multipart or JSON body, with Telegram's coercions."""

    def __init__(self, values: dict[str, Any], files: dict[str, Upload] | None = None) -> None:
        self.values = values
        self.files = files or {}

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        return None if value is None else str(value)

    def integer(self, name: str, default: int | None = None) -> int | None:
        value = self.values.get(name)
        if value in (None, ""):
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"field \"{name}\" must be a valid Number") from None

    def flag(self, name: str) -> bool:
        value = self.values.get(name)
        return value is True or str(value).lower() == "true"

    def json(self, name: str) -> Any:
        """PTB sends non-scalar values as JSON strings inside the form; JSON bodies don't."""
        value = self.values.get(name)
        if isinstance(value, str) and name in _JSON_PARAMS:
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value

    def chat_id(self) -> int:
        value = self.values.get("chat_id")
        if value in (None, ""):
            raise bad_request("chat_id is empty")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request("chat not found") from None

    def message_id(self) -> int:
        message_id = self.integer("message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        return message_id

    def loggable(self) -> JSONDict:
        logged = dict(self.values)
        logged.update({name: f"<{len(up.data)} bytes>" for name, up in self.files.items()})
        return logged
