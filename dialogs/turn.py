"""One message's worth of state: who writes, their profile and open draft, what to answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dialogs.i18n import Translator, lang_of
from dialogs.messages import Ask, ChatRef, Option, Outgoing, Say, code
from dialogs.session import ChatProfile, DialogSession
from dialogs.steps import Flow

# Parameters that are identifiers a reader copies (order ids, filing numbers, service codes):
# marked so that a channel that can makes them copyable with a tap.
COPYABLE = frozenset({"order_id", "number", "icp_number", "service_code"})


def shown(params: dict[str, Any]) -> dict[str, Any]:
    return {key: code(value) if key in COPYABLE and value else value
            for key, value in params.items()}


@dataclass
class Turn:
    chat: ChatRef
    profile: ChatProfile
    t: Translator
    out: list[Outgoing] = field(default_factory=list)
    draft: DialogSession | None = None
    flow: Flow | None = None  # the draft's flow
    dirty: bool = False  # the active draft changed and must be written through
    finished: DialogSession | None = None  # a draft closed this turn, still to be written
    profile_before: ChatProfile | None = None  # to write the profile only when it changed
    reviewer: bool = False  # the chat belongs to one of the provider's reviewers
    # A typed answer found valid this turn (dialogs/form.accepts): (step field, text, value),
    # so that taking it as the answer does not parse and check it a second time.
    accepted: tuple[str, str, Any] | None = None

    @property
    def lang(self) -> str:
        return lang_of(self.profile.locale)

    def open(self, draft: DialogSession, flow: Flow) -> None:
        """Make ``draft`` the chat's active draft for the rest of the turn."""
        self.draft, self.flow = draft, flow
        self.profile.active_draft = draft.id

    def close(self, keep: bool = True) -> None:
        """The chat has no active draft any more; a changed draft is still written at the
        end of the turn unless ``keep`` is False (it was deleted)."""
        if keep and self.dirty and self.draft is not None:
            self.finished = self.draft
        self.draft, self.flow = None, None
        self.dirty = False
        self.profile.active_draft = None

    def changed(self) -> None:
        """The draft moved or its answers changed: one new version per turn, written at
        the end of it (the buttons sent carry that version)."""
        assert self.draft is not None
        if not self.dirty:
            self.draft.version += 1
            self.dirty = True

    @property
    def draft_to_save(self) -> DialogSession | None:
        return self.draft if self.dirty and self.draft is not None else self.finished

    def say(self, msgid: str, **params: Any) -> None:
        self.out.append(Say(self.t.gettext(msgid).format(**shown(params))))

    def say_text(self, text: str) -> None:
        """Text that is already in the reader's language (e.g. a knowledge-base answer)."""
        self.out.append(Say(text))

    def ask(self, msgid: str, options: list[tuple[str, str]], **params: Any) -> None:
        """A question with buttons: (label message id, value) pairs."""
        self.out.append(Ask(self.t.gettext(msgid).format(**shown(params)),
                            tuple(Option(self.t.gettext(label), value)
                                  for label, value in options)))
