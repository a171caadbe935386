"""The back office's callback body, checked field by field before anything else is done:
every field's type and range, so that no value reaches the database that it would refuse
(a NUL, an id longer than its column) or that compares wrongly (a NaN timestamp)."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from filing.lifecycle import Action

MAX_EVENT_ID = 100  # the receipt column's length: longer ids are refused, never cut
MAX_ORDER_ID = 32
MAX_REASONS = 10
MAX_REASON = 64
MAX_NOTE = 1000
MAX_ICP_NUMBER = 64
MAX_DEPTH = 8  # the body is flat; anything nested deeper is not ours
_ID = re.compile(r"[A-Za-z0-9_.:\-]+")


class BadBody(ValueError):
    """The body is not a well-formed callback; the message says which field and why."""


@dataclass(frozen=True)
class CallbackBody:
    event_id: str
    timestamp: float
    order_id: str
    action: Action
    reasons: tuple[str, ...]
    note: str | None
    icp_number: str | None


def parse_body(raw: bytes) -> CallbackBody:
    data = _json_object(raw)
    action = _text(data, "action", 32)
    if action not in {a.value for a in Action} or action == Action.SUBMIT:
        raise BadBody(f"action: not one of the review actions: {action!r}"[:200])
    reasons = data.get("reasons") or []
    if not isinstance(reasons, list) or len(reasons) > MAX_REASONS:
        raise BadBody(f"reasons: a list of at most {MAX_REASONS} codes")
    return CallbackBody(
        event_id=_identifier(data, "event_id", MAX_EVENT_ID),
        timestamp=_timestamp(data),
        order_id=_identifier(data, "order_id", MAX_ORDER_ID),
        action=Action(action),
        reasons=tuple(_text({"reason": r}, "reason", MAX_REASON) for r in reasons),
        note=_optional_text(data, "note", MAX_NOTE, allow_lines=True),
        icp_number=_optional_text(data, "icp_number", MAX_ICP_NUMBER))


def _json_object(raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw, parse_constant=_no_constants)
    except (ValueError, RecursionError) as error:  # UnicodeDecodeError is a ValueError
        raise BadBody(f"not JSON: {str(error)[:80]}") from None
    if not isinstance(data, dict):
        raise BadBody("the body must be a JSON object")
    if depth(data) > MAX_DEPTH:
        raise BadBody("the body is nested too deeply")
    return data


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def depth(value: object) -> int:
    """How deeply lists and objects nest in a parsed JSON value (iterative)."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            pending.extend((child, level + 1)
                           for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _timestamp(data: dict[str, Any]) -> float:
    value = data.get("timestamp")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadBody("timestamp: a number of seconds since 1970 is required")
    if not math.isfinite(value) or not 0 < value < 1e11:
        raise BadBody("timestamp: out of range")
    return float(value)


def _identifier(data: dict[str, Any], name: str, limit: int) -> str:
    value = _text(data, name, limit)
    if not _ID.fullmatch(value):
        raise BadBody(f"{name}: only letters, digits and _ . : - are allowed")
    return value


def _text(data: dict[str, Any], name: str, limit: int, allow_lines: bool = False) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value:
        raise BadBody(f"{name}: a non-empty string is required")
    if len(value) > limit:
        raise BadBody(f"{name}: longer than {limit} characters")
    allowed = "\n\t" if allow_lines else ""
    if any(ch not in allowed and (ord(ch) < 32 or ord(ch) == 127) for ch in value):
        raise BadBody(f"{name}: control characters (such as NUL) are not allowed")
    return value


def _optional_text(data: dict[str, Any], name: str, limit: int,
                   allow_lines: bool = False) -> str | None:
    if data.get(name) is None:
        return None
    return _text(data, name, limit, allow_lines)
