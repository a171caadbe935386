"""Top-1 evaluation of the knowledge base on a JSON-lines question set.

Each line: ``{"q": ..., "region": "CN-ZJ" | "CN" | null, "topic": ... | null,
"unknown": bool, "hint": "CN-XX" (optional), "lang": "zh" | "en" (optional)}``. A question
counts as correct when the answer's ``unknown`` flag matches and, for in-scope questions,
both the answering region and the topic match.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.base import Answer, KnowledgeBase


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
