"""The dialogue engine: ``await engine.handle(chat, incoming) -> list[Outgoing]``.

Each message: load the chat's profile and active draft, route the message (command, button,
text, file), let the form move, save the draft (write-through), return what to say. A draft
saved concurrently by someone else (double tap, another worker) makes the turn start over.
Menus and commands outside a form live in ``dialogs.menus``.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Mapping
from typing import Any

from dialogs import form, review
from dialogs.flood import FloodGuard
from dialogs.i18n import TranslatorFactory
from dialogs.materials import MaterialStore, check_upload
from dialogs.menus import ChatMenus
from dialogs.messages import (
    Ask,
    ChatRef,
    Choice,
    Command,
    File,
    Incoming,
    Option,
    Outgoing,
    Say,
    Text,
)
from dialogs.render import message
from dialogs.session import (
    ChatProfile,
    ConversationStore,
    DialogSession,
    StaleDraft,
    StorageUnavailable,
)
from dialogs.steps import Flow
from dialogs.turn import QuestionAnswerer, Turn, looks_like_question
from filing.errors import DomainError, OrderInvalid
from filing.model import FilingOrder
from filing.ports import Clock
from filing.services import FilingService
from filing.text import N_
from filing.validation import Invalid

__all__ = ["Engine", "QuestionAnswerer", "Turn", "looks_like_question", "order_id_for"]


class Engine(ChatMenus):
    def __init__(
        self,
        store: ConversationStore,
        flows: Mapping[str, Flow],
        translators: TranslatorFactory,
        filing: FilingService,
        clock: Clock,
        knowledge: QuestionAnswerer | None = None,
        materials: MaterialStore | None = None,
        default_locale: str = "en",
        flood: FloodGuard | None = None,
        reviewers: frozenset[str] = frozenset(),
    ) -> None:
        self._reviewers = reviewers
        self._materials = materials
        self._flood = flood or FloodGuard()
        self._store = store
        self._flows = flows
        self._translators = translators
        self._filing = filing
        self._clock = clock
        self._knowledge = knowledge
        self._default_locale = default_locale

    async def handle(self, chat: ChatRef, incoming: Incoming, locale: str | None = None,
                     update_id: int | None = None) -> list[Outgoing]:
        """Answer one incoming message; ``locale`` is only a first-contact guess;
        ``update_id`` (growing per channel) makes a redelivered message a no-op."""
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
            for _attempt in range(3):
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

    # --- routing -------------------------------------------------------------------------

    def _turn(self, chat: ChatRef, locale: str | None) -> Turn:
        profile, draft = self._store.load_turn(chat.key)
        before = dataclasses.replace(profile) if profile is not None else None
        if profile is None:
            profile = ChatProfile(chat.key, locale or self._default_locale)
        turn = Turn(chat, profile, self._translators(profile.locale), profile_before=before)
        if draft is not None and draft.status == "active" and draft.chat == chat.key:
            turn.draft = draft
        return turn

    def _handle_once(self, chat: ChatRef, incoming: Incoming, locale: str | None,
                     update_id: int | None = None) -> list[Outgoing]:
        turn = self._turn(chat, locale)
        if update_id is not None:
            if update_id <= turn.profile.last_update:
                return []  # handled before (a redelivery): answering again would misplace it
            turn.profile.last_update = update_id
        if isinstance(incoming, Command):
            self._command(turn, incoming)
        elif isinstance(incoming, Choice):
            self._choice(turn, incoming)
        elif isinstance(incoming, File):
            self._file(turn, incoming)
        else:
            self._text(turn, incoming)
        draft = turn.draft if turn.draft is not None and turn.dirty else None
        if draft is not None:
            draft.updated_at = self._clock.now()
        profile = turn.profile if turn.profile != turn.profile_before else None
        if profile is not None:
            profile.version += 1
        if draft is not None or profile is not None:
            self._store.save_turn(profile, draft)
        return turn.out

    def _command(self, turn: Turn, command: Command) -> None:
        name = command.name.lower().lstrip("/")
        handler = {
            "start": self._start, "new": self._new, "drafts": self._drafts,
            "status": self._status, "language": self._language_menu, "help": self._help,
            "privacy": self._privacy, "cancel": self._cancel, "menu": self._menu,
            "forget": self._forget_menu,
        }.get(name)
        if name == "queue" and turn.chat.key in self._reviewers:
            turn.out += review.queue(self._filing.list_waiting(), turn.t, turn.lang)
        elif name == "ask":
            self._ask_command(turn, command.args)
        elif name in ("back", "skip") and turn.draft is not None:
            self._form_action(turn, f"nav:{name}")
        elif handler is not None:
            handler(turn)
        else:
            turn.say(N_("I don't know that command."))
            self._help(turn)
            if turn.draft is not None:
                form.prompt(self._form(turn))  # and the question is still open

    def _choice(self, turn: Turn, choice: Choice) -> None:
        value = choice.value
        kind, _, arg = value.partition(":")
        if kind in ("ans", "nav", "edit", "drop"):
            if turn.draft is None or choice.token != turn.draft.token:
                turn.out.append(Say(turn.t.gettext(
                    "That button belongs to an earlier question; nothing was changed."),
                    kind="stale"))
                self._reprompt(turn)
                return
            self._form_action(turn, value)
            return
        menu = {
            "menu": lambda: self._menu_choice(turn, arg),
            "flow": lambda: self._start_flow(turn, arg),
            "resume": lambda: self._resume(turn, arg),
            "discard": lambda: self._discard(turn, arg),
            "lang": lambda: self._set_language(turn, arg),
            "fix": lambda: self._fix(turn, arg),
            "forget": lambda: self._forget(turn, arg),
            "rv": lambda: self._review(turn, arg),
        }.get(kind)
        if kind == "rv" and turn.chat.key not in self._reviewers:
            menu = None  # reviewers' buttons mean nothing to anyone else
        if menu is None:
            turn.out.append(Say(turn.t.gettext("That button is no longer valid."),
                                kind="invalid"))
            self._reprompt(turn)
        else:
            menu()

    def _text(self, turn: Turn, incoming: Text) -> None:
        text = incoming.text
        if turn.profile.pending == "ask":
            turn.profile.pending = None
            self._answer_question(turn, text)
            self._reprompt(turn)
            return
        if turn.draft is None:
            if looks_like_question(text):
                self._answer_question(turn, text)
            self._menu(turn)
            return
        step = form.current_step(self._form(turn))
        # A question mid-form is answered, then the same step is asked again (a digression).
        if looks_like_question(text) and (step is None or not _accepts(step, text, turn)):
            self._answer_question(turn, text)
            self._reprompt(turn)
            return
        self._form_text(turn, text)

    def _file(self, turn: Turn, incoming: File) -> None:
        step = form.current_step(self._form(turn)) if turn.draft is not None else None
        if step is None or step.file_kind is None or self._materials is None:
            turn.say(N_("I wasn't expecting a file here."))
            self._reprompt(turn)
            return
        assert turn.draft is not None
        self._changed(turn)
        try:
            content_type, extension = check_upload(incoming.data)
        except Invalid as invalid:
            turn.draft.failures += 1
            turn.out.append(Say("⚠️ " + message(turn.t, invalid.msgid, invalid.params,
                                                turn.lang)))
            form.prompt(self._form(turn))
            return
        name = incoming.file_name or f"{step.file_kind}.{extension}"
        meta = self._materials.save(turn.chat.key, step.file_kind, name, content_type,
                                    incoming.data)
        form.upload(self._form(turn), meta)
        self._after_form(turn)

    # --- the form --------------------------------------------------------------------------

    def _form(self, turn: Turn) -> form.FormTurn:
        assert turn.draft is not None
        return form.FormTurn(self._flows[turn.draft.flow], turn.draft, turn.t,
                             turn.profile.locale, turn.out)

    def _form_text(self, turn: Turn, text: str) -> None:
        assert turn.draft is not None
        form_turn = self._form(turn)
        if turn.draft.state == form.SUMMARY:
            form.prompt(form_turn)
            return
        self._changed(turn)
        form.answer(form_turn, text=text)
        self._after_form(turn)

    def _form_action(self, turn: Turn, value: str) -> None:
        assert turn.draft is not None
        kind, _, arg = value.partition(":")
        form_turn = self._form(turn)
        self._changed(turn)  # first, so that the buttons sent now carry the new version
        if kind == "ans":
            form.answer(form_turn, choice=arg)
        elif kind == "edit":
            form.edit(form_turn, arg)
        elif kind == "drop":
            form.drop(form_turn, arg)
        elif arg == "back":
            form.back(form_turn)
        elif arg == "skip":
            form.skip(form_turn)
        elif arg == "cancel":
            self._cancel(turn)
            return
        elif arg == "confirm":
            self._confirm(turn, form_turn)
        else:  # an unknown navigation button: ask the question again
            form.prompt(form_turn)
        self._after_form(turn)

    def _changed(self, turn: Turn) -> None:
        assert turn.draft is not None
        turn.draft.version += 1
        turn.dirty = True

    def _after_form(self, turn: Turn) -> None:
        draft = turn.draft
        if draft is None:
            return
        if draft.answers.get("region"):
            turn.profile.region_hint = draft.answers["region"]
        flow = self._flows[draft.flow]
        if flow.route is not None and draft.state == form.SUMMARY:
            target = flow.route(draft.answers)
            if target is not None:  # None: no detour, the flow's own order goes on
                self._recommend(turn, target)

    def _recommend(self, turn: Turn, flow_name: str) -> None:
        """End of the chooser: say which operation fits, and offer to start it."""
        assert turn.draft is not None
        turn.draft.state = form.DONE
        turn.draft.status = "done"
        turn.profile.active_draft = None
        target = self._flows.get(flow_name)
        turn.out.clear()
        if target is None:
            turn.say(N_("I could not tell which operation fits; please choose one."))
            self._new(turn)
            return
        title = turn.t.gettext(target.title)
        turn.out.append(Ask(
            turn.t.gettext("From your answers, the right operation is: {operation}.").format(
                operation=title),
            (Option(turn.t.gettext("Start: {operation}").format(operation=title),
                    f"flow:{flow_name}"),
             Option(turn.t.gettext("Choose another operation"), "menu:new"))))

    def _confirm(self, turn: Turn, form_turn: form.FormTurn) -> None:
        draft = turn.draft
        assert draft is not None
        if not form.confirm_allowed(form_turn):
            form.prompt(form_turn)
            return
        assert form_turn.flow.build_order is not None
        order = form_turn.flow.build_order(draft.answers, turn.chat.key)
        # A new order's id comes from its draft: a confirmation handled twice (a crash after
        # the order was filed but before the draft was saved; a redelivery to another
        # worker) finds the order already filed instead of filing a second one.
        order.id = draft.order_id or order_id_for(draft)
        filed = None if draft.order_id else self._filed(order.id, turn.chat.key)
        try:
            order = filed or self._filing.submit(order, actor=turn.chat.key)
        except OrderInvalid as invalid:
            turn.out.append(Say("\n".join([turn.t.gettext("Before you can submit, please fix:"),
                                           *form.problems_of(form_turn, invalid)])))
            form.prompt(form_turn)
            return
        except DomainError as error:
            turn.out.append(Say(message(turn.t, error.msgid, error.params, turn.lang)))
            return
        draft.state = form.DONE
        draft.status = "submitted"
        draft.order_id = order.id
        turn.profile.active_draft = None
        turn.say(N_("Submitted! Your order number is {order_id}. The provider reviews it first "
                    "(usually 1–2 working days); then MIIT sends an SMS from 12381 that must be "
                    "verified within 24 hours. I will tell you about every step here."),
                 order_id=order.id)

    def _filed(self, order_id: str, applicant: str) -> FilingOrder | None:
        try:
            return self._filing.get(order_id, applicant=applicant)
        except DomainError:
            return None

    def _reprompt(self, turn: Turn) -> None:
        if turn.draft is not None:
            form.prompt(self._form(turn))
        else:
            self._menu(turn)


def order_id_for(draft: DialogSession) -> str:
    """The id of the order a new-filing draft becomes (the draft id is 8 random hex digits,
    so this looks like any other order number)."""
    return "O" + draft.id.upper()


def _accepts(step: Any, text: str, turn: Turn) -> bool:
    """Would ``text`` be a valid answer to ``step``? Then it is an answer, not a question."""
    if step.parse is None:
        return False
    try:
        step.parse(text, turn.draft.answers if turn.draft else {})
    except Exception:
        return False
    return True
