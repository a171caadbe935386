"""The dialogue engine: ``await engine.handle(chat, incoming) -> list[Outgoing]``.

Each message: load the chat's profile and active draft, let the router hand the message to
its handler, save what changed (write-through), return what to say. A draft saved
concurrently by someone else (double tap, another worker) makes the turn start over.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Mapping

from dialogs.flood import FloodGuard
from dialogs.i18n import TranslatorFactory
from dialogs.messages import ChatRef, File, Incoming, Outgoing, Say
from dialogs.router import Router
from dialogs.session import ChatProfile, ConversationStore, StaleDraft
from dialogs.steps import Flow
from dialogs.turn import Turn
from filing.errors import StorageUnavailable
from filing.ports import Clock
from filing.text import N_

ATTEMPTS = 3  # turns started over after a concurrent save, before the user is asked to resend


class Engine:
    def __init__(self, store: ConversationStore, flows: Mapping[str, Flow], router: Router,
                 translators: TranslatorFactory, clock: Clock, *, default_locale: str = "en",
                 flood: FloodGuard | None = None,
                 reviewers: frozenset[str] = frozenset(), inline: bool = False) -> None:
        self._store = store
        self._flows = flows
        self._router = router
        self._translators = translators
        self._clock = clock
        self._default_locale = default_locale
        self._flood = flood or FloodGuard()
        self._reviewers = reviewers
        self._inline = inline

    async def handle(self, chat: ChatRef, incoming: Incoming, locale: str | None = None,
                     update_id: int | None = None) -> list[Outgoing]:
        """Answer one incoming message; ``locale`` is only a first-contact guess;
        ``update_id`` (the channel's id of the message) makes a redelivery a no-op.

        ``inline`` (a store whose statements take ~0.1 ms, SQLite): the turn runs right here
        on the event loop, cheaper than handing it to a thread and winning the GIL back;
        uploads (decoded and re-encoded, milliseconds) still go to a thread."""
        if self._inline and not isinstance(incoming, File):
            return self.handle_sync(chat, incoming, locale, update_id)
        return await asyncio.to_thread(self.handle_sync, chat, incoming, locale, update_id)

    def handle_sync(self, chat: ChatRef, incoming: Incoming, locale: str | None = None,
                    update_id: int | None = None) -> list[Outgoing]:
        # Only the public channel is guarded: the terminal is one local, trusted user.
        admitted = self._flood.admit(chat.key) if chat.channel == "telegram" else True
        if admitted is False:
            return []
        if admitted is None:
            return [Say(self._translators(locale or self._default_locale).gettext(
                "You are sending messages very fast. Please wait a few seconds; I'll answer "
                "your next message."))]
        try:
            for _attempt in range(ATTEMPTS):
                try:
                    return self._handle_once(chat, incoming, locale, update_id)
                except StaleDraft:
                    continue
            turn = self._turn(chat, locale)
            turn.say(N_("Several messages arrived at once; please send that again."))
            return turn.out
        except StorageUnavailable:
            return [Say(self._translators(locale or self._default_locale).gettext(
                "The service is temporarily unavailable. Your last answer was not saved; "
                "please send it again in a minute."), kind="unsaved")]

    def set_locale(self, chat: ChatRef, locale: str) -> None:
        """An explicit choice of language (e.g. ``icpbot chat --lang``) outside a message."""
        profile = self._store.load_profile(chat.key) or ChatProfile(chat.key, locale)
        profile.locale = locale
        self._store.save_profile(profile)

    def _turn(self, chat: ChatRef, locale: str | None) -> Turn:
        profile, draft = self._store.load_turn(chat.key)
        before = dataclasses.replace(profile) if profile is not None else None
        if profile is None:
            profile = ChatProfile(chat.key, locale or self._default_locale)
        turn = Turn(chat, profile, self._translators(profile.locale), profile_before=before,
                    reviewer=chat.key in self._reviewers)
        flow = self._flows.get(draft.flow) if draft is not None else None
        if draft is not None and flow is not None and draft.status == "active" \
                and draft.chat == chat.key:
            turn.draft, turn.flow = draft, flow
        return turn

    def _handle_once(self, chat: ChatRef, incoming: Incoming, locale: str | None,
                     update_id: int | None) -> list[Outgoing]:
        turn = self._turn(chat, locale)
        if update_id is not None and not turn.profile.first_time(update_id):
            return []  # handled before (a redelivery): answering again would misplace it
        self._router.route(turn, incoming)
        draft = turn.draft_to_save
        if draft is not None:
            draft.updated_at = self._clock.now()
        profile = turn.profile if turn.profile != turn.profile_before else None
        if profile is not None:
            profile.version += 1
        if draft is not None or profile is not None:
            self._store.save_turn(profile, draft)
        return turn.out
