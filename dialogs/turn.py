"""One message's worth of state, and what counts as a question (a digression)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from dialogs.i18n import Translator
from dialogs.messages import ChatRef, Outgoing, Say
from dialogs.session import ChatProfile, DialogSession


class QuestionAnswerer(Protocol):
    """The knowledge base as the engine sees it."""

    def ask(self, question: str, *, lang: str | None = None,
            region: str | None = None) -> Any: ...


_QUESTION_START = re.compile(
    r"^(how|what|why|when|where|which|who|can|could|do|does|is|are|should|must|will|may)\b"
    r"|^(如何|怎么|怎样|什么|为什么|为何|是否|能否|可以|能不能|需要|哪些|哪个|多久|多长)",
    re.IGNORECASE,
)


def looks_like_question(text: str) -> bool:
    stripped = text.strip()
    return stripped.endswith(("?", "？")) or bool(_QUESTION_START.match(stripped))


@dataclass
class Turn:
    chat: ChatRef
    profile: ChatProfile
    t: Translator
    out: list[Outgoing] = field(default_factory=list)
    draft: DialogSession | None = None
    dirty: bool = False  # the active draft changed and must be written through
    profile_before: ChatProfile | None = None  # to write the profile only when it changed

    @property
    def lang(self) -> str:
        return "zh" if self.profile.locale.startswith("zh") else "en"

    def say(self, msgid: str, **params: Any) -> None:
        self.out.append(Say(self.t.gettext(msgid).format(**params)))
