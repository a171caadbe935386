"""Requests the assistant declines whatever their wording: forging, evading, deceiving.

The rules are data (``data/_declines.json``): each has regular expressions over the normalised
question and a polite bilingual reply that says why and what the assistant can do instead.
They are checked before retrieval, so a request to fake an ID card is never answered with the
materials list.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class DeclineRule:
    id: str
    patterns: tuple[re.Pattern[str], ...]
    reply: Mapping[str, str]
    combined: re.Pattern[str] | None = None  # all patterns in one, searched once

    def matches(self, text: str) -> bool:
        if self.combined is not None:
            return self.combined.search(text) is not None
        return any(p.search(text) for p in self.patterns)


def load_rules(path: Path) -> tuple[DeclineRule, ...]:
    if not path.exists():
        return ()
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return parse_rules(data.get("rules", ()))


def parse_rules(raw_rules: Sequence[Mapping[str, Any]]) -> tuple[DeclineRule, ...]:
    rules = []
    for raw in raw_rules:
        sources = [p for lang in ("zh", "en") for p in raw.get("patterns", {}).get(lang, ())]
        patterns = tuple(re.compile(p) for p in sources)
        combined = re.compile("|".join(f"(?:{p})" for p in sources)) if sources else None
        rules.append(DeclineRule(str(raw["id"]), patterns, dict(raw["reply"]), combined))
    return tuple(rules)


def first_match(rules: Sequence[DeclineRule], text: str) -> DeclineRule | None:
    """The first rule the normalised ``text`` matches, if any."""
    for rule in rules:
        if rule.matches(text):
            return rule
    return None
