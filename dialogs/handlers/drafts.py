"""Drafts: start a flow, list, resume, discard."""

from __future__ import annotations

import secrets
from collections.abc import Mapping

from dialogs import form, machine
from dialogs.handlers.menus import MainMenu
from dialogs.messages import Ask, Option
from dialogs.session import ConversationStore, DialogSession
from dialogs.steps import Flow
from dialogs.turn import Turn
from filing.ports import Clock
from filing.text import N_


def new_draft(chat: str, flow: Flow, clock: Clock) -> DialogSession:
    """A draft of ``flow`` before its first question (the machine's ``new`` state)."""
    now = clock.now()
    return DialogSession(secrets.token_hex(4), chat, flow.name, machine.NEW, {},
                         created_at=now, updated_at=now)


class DraftHandler:
    def __init__(self, store: ConversationStore, flows: Mapping[str, Flow], clock: Clock,
                 menu: MainMenu) -> None:
        self._store = store
        self._flows = flows
        self._clock = clock
        self._menu = menu

    def start_flow(self, turn: Turn, name: str) -> None:
        flow = self._flows.get(name)
        if flow is None:
            self._menu.operations(turn)
            return
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
