"""Questions to the knowledge base: /ask, the "Ask a question" button, and a question typed
in the middle of a form (answered, then the same step is asked again)."""

from __future__ import annotations

import re
from typing import Protocol

from dialogs.turn import Turn
from filing.text import N_


class KnowledgeAnswer(Protocol):
    def as_text(self) -> str: ...


class QuestionAnswerer(Protocol):
    """The knowledge base as the engine sees it."""

    def ask(self, question: str, *, lang: str | None = None,
            region: str | None = None) -> KnowledgeAnswer: ...


_QUESTION_START = re.compile(
    r"^(how|what|why|when|where|which|who|can|could|do|does|is|are|should|must|will|may)\b"
    r"|^(如何|怎么|怎样|什么|为什么|为何|是否|能否|可以|能不能|需要|哪些|哪个|多久|多长)",
    re.IGNORECASE,
)


def looks_like_question(text: str) -> bool:
    stripped = text.strip()
    return stripped.endswith(("?", "？")) or bool(_QUESTION_START.match(stripped))


class QuestionHandler:
    def __init__(self, knowledge: QuestionAnswerer | None) -> None:
        self._knowledge = knowledge

    def ask_command(self, turn: Turn, question: str) -> bool:
        """/ask [question]: answer it, or wait for it. True when it was answered."""
        if question.strip():
            self.answer(turn, question)
            return True
        turn.profile.pending = "ask"
        turn.say(N_("What would you like to know? Ask in Chinese or English."))
        return False

    def answer(self, turn: Turn, question: str) -> None:
        turn.profile.pending = None
        if self._knowledge is None:
            turn.say(N_("I can't answer questions yet; the knowledge base is not available."))
            return
        found = self._knowledge.ask(question, lang=None, region=turn.profile.region_hint)
        turn.say_text(found.as_text())
