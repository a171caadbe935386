"""Drafts: start a flow, list, resume, discard."""

from __future__ import annotations

import secrets
from collections.abc import Mapping

from dialogs import form, machine, prefill
from dialogs.handlers.menus import MainMenu
from dialogs.messages import Ask, Option
from dialogs.prefill import PrefillSource
from dialogs.session import ConversationStore, DialogSession
from dialogs.steps import Flow
from dialogs.turn import Turn
from filing.ports import Clock
from filing.registry import FiledEntity
from filing.text import N_


def new_draft(chat: str, flow: Flow, clock: Clock) -> DialogSession:
    """A draft of ``flow`` before its first question (the machine's ``new`` state)."""
    now = clock.now()
    return DialogSession(secrets.token_hex(4), chat, flow.name, machine.NEW, {},
                         created_at=now, updated_at=now)


class DraftHandler:
    def __init__(self, store: ConversationStore, flows: Mapping[str, Flow], clock: Clock,
                 menu: MainMenu, filings: PrefillSource | None = None) -> None:
        self._store = store
        self._flows = flows
        self._clock = clock
        self._menu = menu
        self._filings = filings

    def start_flow(self, turn: Turn, name: str) -> None:
        """Start ``name``; first offer the applicant's filings it can start from."""
        flow = self._flows.get(name)
        if flow is None:
            self._menu.operations(turn)
            return
        found = prefill.offers(name, self._own_filings(turn, name))
        if found:
            options = [Option(offer.label, f"pf:{name}:{offer.key}") for offer in found]
            options.append(Option(turn.t.gettext("No, I'll enter it myself"), f"pf:{name}:"))
            turn.out.append(Ask(turn.t.gettext(
                "Start from one of your filings? I'll fill in what it already says, and ask "
                "only the rest."), tuple(options)))
            return
        self._begin(turn, flow)

    def start_prefilled(self, turn: Turn, arg: str) -> None:
        """A filing chosen to start from (``<flow>:<key>``); an empty key starts blank."""
        name, _, key = arg.partition(":")
        flow = self._flows.get(name)
        if flow is None:
            self._menu.operations(turn)
            return
        chosen = prefill.find(key, self._own_filings(turn)) if key else None
        if chosen is None:
            self._begin(turn, flow)
            return
        draft = new_draft(turn.chat.key, flow, self._clock)
        draft.answers = prefill.answers(flow, *chosen)
        turn.open(draft, flow)
        turn.changed()
        form.move(turn, "restore")  # to the first question the filing does not answer
        turn.say(N_("I filled in what your filing {number} says; you can change any of it on "
                    "the summary."), number=chosen[0].number)
        form.prompt(turn)

    def _own_filings(self, turn: Turn, flow: str = "") -> list[FiledEntity]:
        """The applicant's filings (read only for the flows that can start from one)."""
        if self._filings is None or (flow and not prefill.starts_from_filing(flow)):
            return []
        return self._filings.filed_entities(turn.chat.key)

    def _begin(self, turn: Turn, flow: Flow) -> None:
        draft = new_draft(turn.chat.key, flow, self._clock)
        turn.open(draft, flow)
        turn.changed()
        form.move(turn, "begin")
        if flow.intro:
            turn.say(flow.intro)
        form.prompt(turn)

    def list(self, turn: Turn, args: str = "") -> None:
        drafts = self._menu.open_drafts(turn)
        if not drafts:
            turn.say(N_("You have no drafts."))
            self._menu.show(turn)
            return
        t = turn.t
        options = []
        for draft in drafts:
            title = t.gettext(self._flows[draft.flow].title)
            label = f"{title} {draft.answers.get('domain', '')}".strip()
            options += [Option(t.gettext("Continue: {draft}").format(draft=label),
                               f"resume:{draft.id}"),
                        Option(t.gettext("Discard: {draft}").format(draft=label),
                               f"discard:{draft.id}")]
        options.append(Option(t.gettext("Main menu"), "menu:main"))
        turn.out.append(Ask(t.gettext("Your drafts:"), tuple(options)))

    def _own_active(self, turn: Turn, draft_id: str) -> DialogSession | None:
        draft = self._store.load_draft(draft_id)
        if draft is None or draft.chat != turn.chat.key or draft.status != "active":
            turn.say(N_("That draft is no longer available."))
            self._menu.show(turn)
            return None
        return draft

    def resume(self, turn: Turn, draft_id: str) -> None:
        draft = self._own_active(turn, draft_id)
        if draft is None:
            return
        turn.open(draft, self._flows[draft.flow])
        form.move(turn, "resume")
        form.prompt(turn)

    def discard(self, turn: Turn, arg: str) -> None:
        """``<draft>``: ask first; ``<draft>:yes``: delete it."""
        draft_id, _, sure = arg.partition(":")
        draft = self._own_active(turn, draft_id)
        if draft is None:
            return
        if sure != "yes":
            title = turn.t.gettext(self._flows[draft.flow].title)
            turn.ask(N_("Delete the draft “{flow}” with all its answers? This cannot be undone."),
                     [(N_("Yes, delete it"), f"discard:{draft.id}:yes"),
                      (N_("No, keep it"), "menu:drafts")], flow=title)
            return
        draft.status = "discarded"
        draft.version += 1
        self._store.save_draft(draft)
        if turn.profile.active_draft == draft_id:
            turn.close()
        turn.say(N_("The draft was discarded."))
        self._menu.show(turn)
