"""Requests the assistant declines whatever their wording: forging, evading, deceiving — and
questions that are not about ICP filing at all.

The rules are data (``data/_declines.json``). Each rule has

* ``patterns``: regular expressions over the normalised question (plain wordings);
* ``frames``: intent patterns built from shared vocabulary ``classes`` — a deceptive act
  and a filing object near each other, in either order unless ``ordered`` (P/伪造 + 居住证,
  "hide" + "from the reviewers", "pass" + "face check" + "for my boss"); a frame's
  ``unless`` vetoes it where a look-alike legitimate question would match;
* a polite bilingual reply that says why and what the assistant can do instead.

They are checked before retrieval, so a request to fake an ID card is never answered with the
materials list.

The ``scope`` section says what an out-of-scope question looks like without listing
questions: vocabulary of other subjects (tax, trademarks, visas, weather, code, app stores,
prices, the ICP operating licence's own procedures …) and the vocabulary that makes a
question about ICP filing. A question with the first and none of the second is declined as
out of scope (:class:`ScopeCheck`); everything else goes to retrieval.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: A frame's two parts must lie within one clause: no sentence mark between them.
_GAP = r"[^。？?！!；;\n]"


@dataclass(frozen=True, slots=True)
class DeclineRule:
    id: str
    patterns: tuple[re.Pattern[str], ...]
    reply: Mapping[str, str]
    combined: re.Pattern[str] | None = None  # all patterns in one, searched once
    frames: tuple[tuple[re.Pattern[str], re.Pattern[str] | None], ...] = ()

    def matches(self, text: str) -> bool:
        if self.combined is not None and self.combined.search(text) is not None:
            return True
        if self.combined is None and any(p.search(text) for p in self.patterns):
            return True
        return any(
            frame.search(text) is not None and (unless is None or unless.search(text) is None)
            for frame, unless in self.frames
        )


def load_rules(path: Path) -> tuple[DeclineRule, ...]:
    if not path.exists():
        return ()
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return parse_rules(data.get("rules", ()), data.get("classes", {}))


def _class_pattern(classes: Mapping[str, Sequence[str]], name: str) -> str:
    """``name`` is a class ("forge") or a literal regular expression ("=…")."""
    if name.startswith("="):
        return name[1:]
    return "(?:" + "|".join(classes[name]) + ")"


def compile_frame(classes: Mapping[str, Sequence[str]], raw: Mapping[str, Any]) -> str:
    """One frame as a regular expression: its parts in order (or, two parts, either order),
    each gap at most ``window`` characters of the same clause."""
    parts = [_class_pattern(classes, p) for p in raw["parts"]]
    gap = f"{_GAP}{{0,{int(raw.get('window', 12))}}}"
    forward = gap.join(parts)
    if raw.get("ordered", False) or len(parts) != 2:
        return forward
    return f"(?:{forward})|(?:{parts[1]}{gap}{parts[0]})"


def parse_rules(
    raw_rules: Sequence[Mapping[str, Any]], classes: Mapping[str, Sequence[str]] | None = None
) -> tuple[DeclineRule, ...]:
    classes = classes or {}
    rules = []
    for raw in raw_rules:
        sources = [p for lang in ("zh", "en") for p in raw.get("patterns", {}).get(lang, ())]
        # One combined expression per rule: compiling each pattern again on its own would
        # double the start-up cost of a fresh process for nothing.
        combined = re.compile("|".join(f"(?:{p})" for p in sources)) if sources else None
        patterns: tuple[re.Pattern[str], ...] = ()
        frames = tuple(
            (
                re.compile(compile_frame(classes, f)),
                re.compile(f["unless"]) if f.get("unless") else None,
            )
            for f in raw.get("frames", ())
        )
        rules.append(
            DeclineRule(str(raw["id"]), patterns, dict(raw["reply"]), combined, frames)
        )
    return tuple(rules)


def first_match(rules: Sequence[DeclineRule], text: str) -> DeclineRule | None:
    """The first rule the normalised ``text`` matches, if any."""
    for rule in rules:
        if rule.matches(text):
            return rule
    return None


@dataclass(frozen=True, slots=True)
class ScopeCheck:
    """Out of scope by vocabulary: another subject named, and nothing of ICP filing.

    ``outside``: words of other subjects (tax, trademark, visa, weather, code …);
    ``inside``: words that make a question about ICP filing (备案, ICP, the CA, filing a
    website …) — any of them keeps the question in scope, whatever else it names;
    ``licence``: the ICP operating licence's (or EDI's) own procedures (capital, annual
    report, how to apply), out of scope unless the question compares it with filing
    (``licence_unless``).
    """

    outside: re.Pattern[str] | None = None
    inside: re.Pattern[str] | None = None
    licence: re.Pattern[str] | None = None
    licence_unless: re.Pattern[str] | None = None

    def inside_filing(self, text: str) -> bool:
        """Whether the question uses the vocabulary of ICP filing."""
        return self.inside is not None and self.inside.search(text) is not None

    def out_of_scope(self, text: str) -> bool:
        if self.licence is not None and self.licence.search(text) and not (
            self.licence_unless is not None and self.licence_unless.search(text)
        ):
            return True
        if self.outside is None or self.outside.search(text) is None:
            return False
        return self.inside is None or self.inside.search(text) is None


def _joined(raw: Mapping[str, Any] | Sequence[str] | None) -> re.Pattern[str] | None:
    if not raw:
        return None
    items = [p for lang in ("zh", "en") for p in raw.get(lang, ())] if isinstance(
        raw, Mapping) else list(raw)
    return re.compile("|".join(f"(?:{p})" for p in items)) if items else None


def load_scope(path: Path) -> ScopeCheck:
    if not path.exists():
        return ScopeCheck()
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return parse_scope(data.get("scope", {}))


def parse_scope(raw: Mapping[str, Any]) -> ScopeCheck:
    return ScopeCheck(
        outside=_joined(raw.get("outside")),
        inside=_joined(raw.get("inside")),
        licence=_joined(raw.get("licence")),
        licence_unless=_joined(raw.get("licence_unless")),
    )
