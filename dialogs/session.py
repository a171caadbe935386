"""What the engine keeps between messages: the chat's profile and its drafts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

RECENT_UPDATES = 64  # update ids remembered per chat to recognise a redelivery


@dataclass
class ChatProfile:
    chat: str  # ChatRef.key
    locale: str
    active_draft: str | None = None
    blocked: bool = False
    region_hint: str | None = None  # the applicant's region, for knowledge-base answers
    pending: str | None = None  # an open menu question outside any draft, e.g. "ask"
    version: int = 0
    # The channel's update ids handled lately, exactly (not "up to the highest"): ids may
    # arrive out of order across workers, and Telegram restarts them after long silence.
    recent_updates: list[int] = field(default_factory=list)
    # What the last question was about ("<region>|<topic>"), for a follow-up question.
    last_question: str | None = None

    def first_time(self, update_id: int) -> bool:
        """Record ``update_id``; False if it was handled before (a redelivery)."""
        if update_id in self.recent_updates:
            return False
        self.recent_updates = [*self.recent_updates[-(RECENT_UPDATES - 1):], update_id]
        return True


@dataclass
class DialogSession:
    """One draft: a flow in progress, written through on every step.

    ``state`` is the draft's position in its flow's machine (``dialogs.machine``): only a
    trigger of that machine moves it."""

    id: str
    chat: str
    flow: str
    state: str
    answers: dict[str, Any] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)  # the positions it passed through
    version: int = 0
    failures: int = 0
    editing: bool = False
    status: str = "active"  # active | submitted | done | discarded
    order_id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def token(self) -> str:
        """Ties buttons to this draft at this version: a tap on an older button is stale."""
        return f"{self.id}.{self.version}"


class StaleDraft(Exception):
    """Someone else saved the draft first (another worker, a double tap): reload and retry."""


class ConversationStore(Protocol):
    def load_turn(self, chat: str) -> tuple[ChatProfile | None, DialogSession | None]:
        """The chat's profile and its active draft (None, None for a new chat)."""

    def save_turn(self, profile: ChatProfile | None, draft: DialogSession | None) -> None:
        """Write the changed draft and profile together, atomically; both compare-and-set on
        their version (StaleDraft when another turn of the chat saved first)."""

    def load_profile(self, chat: str) -> ChatProfile | None: ...

    def save_profile(self, profile: ChatProfile) -> None: ...

    def load_draft(self, draft_id: str) -> DialogSession | None: ...

    def save_draft(self, session: DialogSession) -> None:
        """Insert or update; raises StaleDraft if the stored version is not session.version-1."""

    def drafts_of(self, chat: str) -> list[DialogSession]: ...

    def forget(self, chat: str) -> int:
        """Delete the chat's drafts and profile data; returns how many drafts went."""
