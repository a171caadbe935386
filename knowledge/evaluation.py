"""Evaluation of the knowledge base on JSON-lines question sets.

Two formats exist:

* the **topic set** (tests/kb_eval.jsonl, the set the first keywords were tuned on): each line
  ``{"q", "region": "CN-ZJ" | "CN" | null, "topic", "unknown": bool, "hint"?, "lang"?}``; a
  question is right when the ``unknown`` flag matches and, in scope, region and topic match.
* the **facts set** (held-out sets written by someone who never saw the data, and our own tuning
  sets in the same style): each line ``{"id", "q", "lang", "category", "region", "facts":
  [[alternative, ...], ...], "decline": bool}``. See :func:`is_fact_correct`.

Scores of held-out sets are reported only in aggregate (per category and language): their
questions must not leak into tuning, so nothing here prints a question of such a set.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from knowledge.base import Answer, KnowledgeBase

NATIONAL = "CN"


@dataclass(frozen=True, slots=True)
class Miss:
    question: str
    expected: tuple[str | None, str | None, bool]
    got: tuple[str | None, str | None, bool]


@dataclass(slots=True)
class EvalResult:
    total: int = 0
    correct: int = 0
    misses: list[Miss] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def load_rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


# ---------------------------------------------------------------------------- topic set


def is_correct(row: dict[str, Any], answer: Answer) -> bool:
    if bool(row.get("unknown")) != answer.unknown:
        return False
    if answer.unknown:
        return True
    return answer.region == row.get("region") and answer.topic == row.get("topic")


def evaluate(kb: KnowledgeBase, rows: Iterable[dict[str, Any]]) -> EvalResult:
    result = EvalResult()
    for row in rows:
        answer = kb.ask(row["q"], lang=row.get("lang"), region=row.get("hint"))
        result.total += 1
        if is_correct(row, answer):
            result.correct += 1
        else:
            result.misses.append(
                Miss(
                    row["q"],
                    (row.get("region"), row.get("topic"), bool(row.get("unknown"))),
                    (answer.region, answer.topic, answer.unknown),
                )
            )
    return result


# ---------------------------------------------------------------------------- facts sets


class HasEntries(Protocol):
    def entry(self, region: str, topic: str) -> Any: ...


def is_fact_correct(row: Mapping[str, Any], answer: Mapping[str, Any], kb: HasEntries) -> bool:
    """Whether an answer (``Answer.to_dict()`` or ``icpbot kb ask --json``) is right for a row.

    Right means: declined exactly when the row expects a decline; the answering region is the
    expected one, or ``CN`` when the expected region has no entry for the answered topic (the
    national rule is then the best there is); and every group of ``facts`` has at least one
    alternative in the answer text (case-insensitive substring).
    """
    declined = bool(answer.get("unknown"))
    if row.get("decline"):
        return declined
    if declined:
        return False
    expected = row.get("region")
    got = answer.get("region")
    if expected and got != expected:
        topic = answer.get("topic")
        national_is_best = (
            got == NATIONAL and expected != NATIONAL and bool(topic)
            and kb.entry(expected, str(topic)) is None
        )
        if not national_is_best:
            return False
    text = str(answer.get("answer", "")).lower()
    return all(
        any(str(alternative).lower() in text for alternative in group)
        for group in row.get("facts") or ()
    )


@dataclass(slots=True)
class Tally:
    total: int = 0
    correct: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.accuracy:.1%} ({self.correct}/{self.total})"


@dataclass(slots=True)
class FactScore:
    """Aggregate accuracy of a facts set: overall, per category, per language."""

    overall: Tally = field(default_factory=Tally)
    by_category: dict[str, Tally] = field(default_factory=dict)
    by_lang: dict[str, Tally] = field(default_factory=dict)
    wrong_ids: list[str] = field(default_factory=list)

    def add(self, row: Mapping[str, Any], ok: bool) -> None:
        self.overall.add(ok)
        self.by_category.setdefault(str(row.get("category", "?")), Tally()).add(ok)
        self.by_lang.setdefault(str(row.get("lang", "?")), Tally()).add(ok)
        if not ok:
            self.wrong_ids.append(str(row.get("id", "")))

    def summary(self) -> str:
        cats = ", ".join(f"{k} {v}" for k, v in sorted(self.by_category.items()))
        langs = ", ".join(f"{k} {v}" for k, v in sorted(self.by_lang.items()))
        return f"{self.overall}; by category: {cats}; by language: {langs}"


AskFunction = Callable[[Mapping[str, Any]], Mapping[str, Any]]


def ask_in_process(kb: KnowledgeBase) -> AskFunction:
    """Ask like ``icpbot kb ask "Q" --lang L --json`` does, without a new process per question."""

    def ask(row: Mapping[str, Any]) -> Mapping[str, Any]:
        return kb.ask(str(row["q"]), lang=row.get("lang")).to_dict()

    return ask


def score_facts(
    kb: KnowledgeBase, rows: Iterable[Mapping[str, Any]], ask: AskFunction | None = None
) -> FactScore:
    """Score a facts set; ``ask`` defaults to in-process answers (same as the CLI's JSON)."""
    ask = ask or ask_in_process(kb)
    score = FactScore()
    for row in rows:
        score.add(row, is_fact_correct(row, ask(row), kb))
    return score
