"""Side-by-side comparison of two submissions of one order, field by field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Change:
    field: str  # a path such as ``websites[0].domain``
    before: str
    after: str


def flatten(data: Any, prefix: str = "") -> dict[str, str]:
    """Nested dicts and lists as ``path: text`` pairs, in document order."""
    if isinstance(data, dict):
        flat: dict[str, str] = {}
        for key, value in data.items():
            flat.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(data, list):
        flat = {}
        for index, value in enumerate(data):
            flat.update(flatten(value, f"{prefix}[{index}]"))
        return flat
    return {prefix: "" if data is None else str(data)}


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """Every field whose value differs, present in either submission."""
    old, new = flatten(before), flatten(after)
    fields = list(old) + [key for key in new if key not in old]
    return [Change(key, old.get(key, ""), new.get(key, "")) for key in fields
            if old.get(key, "") != new.get(key, "")]
