"""Questions to the knowledge base: /ask, the "Ask a question" button, and a question typed
in the middle of a form (answered, then the same step is asked again)."""

from __future__ import annotations

import re
from typing import Protocol

from dialogs.turn import Turn
from filing.text import N_


class KnowledgeAnswer(Protocol):
    @property
    def unknown(self) -> bool:
        """The knowledge base could not answer it (or declined it)."""

    @property
    def about(self) -> str | None:
        """The region the question was about."""

    @property
    def topic(self) -> str | None: ...

    def as_text(self) -> str: ...


# What the previous question of the chat was about: (region, topic), for a follow-up.
Subject = tuple[str | None, str | None]


class QuestionAnswerer(Protocol):
    """The knowledge base as the engine sees it."""

    def ask(self, question: str, *, lang: str | None = None, region: str | None = None,
            context: Subject | None = None) -> KnowledgeAnswer: ...


# Question marks, and the words that make a Chinese or English sentence a question wherever
# they stand (吗/呢 at the end; 多久, 怎么, 能不能 … anywhere; how/can/what … at the start).
_QUESTION_MARK = re.compile(r"[?？]\s*$")
_WORDS = re.compile(r"[A-Za-z]{2,}|[\u3400-\u9fff]")
_ZH_PARTICLE_END = re.compile(r"(吗|呢|么|嘛|吧)\s*[。.!！~～]*$")
_ZH_INTERROGATIVE = re.compile(
    r"多久|多长时间|多少|几天|几个|怎么|怎样|咋|如何|为什么|为何|是否|能否|能不能|可不可以|可以不|"
    r"要不要|需不需要|需要什么|有没有|是不是|哪些|哪个|哪里|哪儿|什么|啥")
_EN_INTERROGATIVE = re.compile(
    r"^(how|what|why|when|where|which|who|whom|whose|can|could|do|does|did|is|are|was|were|"
    r"should|must|will|would|may|might|am i|have i|has|shall)\b", re.IGNORECASE)


def subject_of(stored: str | None) -> Subject | None:
    if not stored:
        return None
    region, _, topic = stored.partition("|")
    return (region or None, topic or None)


def looks_like_question(text: str) -> bool:
    stripped = text.strip()
    return bool(_QUESTION_MARK.search(stripped) or _ZH_PARTICLE_END.search(stripped)
                or _ZH_INTERROGATIVE.search(stripped) or _EN_INTERROGATIVE.match(stripped))


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

    def lookup(self, turn: Turn, question: str) -> KnowledgeAnswer | None:
        """The knowledge base's answer, or None when it has none (or there is no base)."""
        if self._knowledge is None:
            return None
        found = self._ask(turn, question)
        return None if found.unknown else found

    def _ask(self, turn: Turn, question: str) -> KnowledgeAnswer:
        assert self._knowledge is not None
        # Answered in the question's language; a text with no words ("330106…", "18") has
        # none, so it is answered in the reader's.
        lang = None if _WORDS.search(question) else turn.lang
        return self._knowledge.ask(question, lang=lang, region=turn.profile.region_hint,
                                   context=subject_of(turn.profile.last_question))

    def answer(self, turn: Turn, question: str, found: KnowledgeAnswer | None = None) -> None:
        turn.profile.pending = None
        if self._knowledge is None:
            turn.say(N_("I can't answer questions yet; the knowledge base is not available."))
            return
        found = found or self._ask(turn, question)
        if not found.unknown:  # a follow-up ("and in Shanghai?") keeps this subject
            turn.profile.last_question = f"{found.about or ''}|{found.topic or ''}"[:80]
        turn.say_text(found.as_text())
