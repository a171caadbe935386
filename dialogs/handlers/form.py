"""Filling the open draft: typed answers, buttons, files, back/skip, confirmation."""

from __future__ import annotations

from collections.abc import Mapping

from dialogs import form
from dialogs.handlers.menus import MainMenu
from dialogs.handlers.questions import QuestionHandler, looks_like_question
from dialogs.machine import SUMMARY
from dialogs.materials import MaterialStore, check_upload
from dialogs.messages import Ask, Choice, File, Option, Say
from dialogs.render import message
from dialogs.session import DialogSession
from dialogs.steps import Flow
from dialogs.turn import Turn
from filing.errors import DomainError, OrderInvalid
from filing.model import FilingOrder
from filing.services import FilingService
from filing.text import N_
from filing.validation import Invalid

FORM_BUTTONS = frozenset({"ans", "nav", "edit", "drop"})  # tied to the draft's version


def order_id_for(draft: DialogSession) -> str:
    """The id of the order a new-filing draft becomes (the draft id is 8 random hex digits,
    so this looks like any other order number)."""
    return "O" + draft.id.upper()


class FormHandler:
    def __init__(self, filing: FilingService, flows: Mapping[str, Flow],
                 materials: MaterialStore | None, questions: QuestionHandler,
                 menu: MainMenu) -> None:
        self._filing = filing
        self._flows = flows
        self._materials = materials
        self._questions = questions
        self._menu = menu

    def text(self, turn: Turn, text: str) -> None:
        assert turn.draft is not None and turn.flow is not None
        # A question mid-form is answered, then the same step is asked again (a digression).
        if looks_like_question(text) and not form.accepts(turn, text):
            form.move(turn, "ask")
            self._questions.answer(turn, text)
            form.prompt(turn)
            return
        if turn.draft.state == SUMMARY:
            form.prompt(turn)
            return
        turn.changed()
        form.answer(turn, text=text)
        self._after(turn)

    def file(self, turn: Turn, incoming: File) -> None:
        step = form.current_step(turn) if turn.draft is not None else None
        if step is None or step.file_kind is None or self._materials is None:
            turn.say(N_("I wasn't expecting a file here."))
            self._menu.reprompt(turn)
            return
        turn.changed()
        try:
            content_type, extension = check_upload(incoming.data)
        except Invalid as invalid:
            form.refuse(turn, invalid)
            return
        name = incoming.file_name or f"{step.file_kind}.{extension}"
        form.upload(turn, self._materials.save(turn.chat.key, step.file_kind, name,
                                               content_type, incoming.data))
        self._after(turn)

    def press(self, turn: Turn, choice: Choice) -> None:
        """A button of the form: only the one shown for the draft's current version."""
        if turn.draft is None or choice.token != turn.draft.token:
            turn.out.append(Say(turn.t.gettext(
                "That button belongs to an earlier question; nothing was changed."),
                kind="stale"))
            self._menu.reprompt(turn)
            return
        kind, _, arg = choice.value.partition(":")
        turn.changed()  # first, so that the buttons sent now carry the new version
        if kind == "ans":
            form.answer(turn, choice=arg)
        elif kind == "edit":
            form.edit(turn, arg)
        elif kind == "drop":
            form.drop(turn, arg)
        elif arg in ("back", "skip"):
            self.navigate(turn, arg)
        elif arg == "cancel":
            self.cancel(turn)
        elif arg == "confirm":
            self._confirm(turn)
        else:  # an unknown navigation button: ask the question again
            form.prompt(turn)
        self._after(turn)

    def navigate(self, turn: Turn, where: str) -> None:
        """/back and /skip, typed or tapped."""
        if turn.draft is None:
            self._menu.unknown_command(turn)
            return
        turn.changed()
        if where == "back":
            form.back(turn)
        else:
            form.skip(turn)

    def cancel(self, turn: Turn, args: str = "") -> None:
        turn.profile.pending = None
        if turn.draft is None:
            self._menu.show(turn)
            return
        draft_id = turn.draft.id
        turn.close()
        turn.ask(N_("Stopped. Your draft is kept: you can continue it later with /drafts."),
                 [(N_("Continue"), f"resume:{draft_id}"),
                  (N_("Discard the draft"), f"discard:{draft_id}"),
                  (N_("Main menu"), "menu:main")])

    def _after(self, turn: Turn) -> None:
        draft, flow = turn.draft, turn.flow
        if draft is None or flow is None:
            return
        if draft.answers.get("region"):
            turn.profile.region_hint = draft.answers["region"]
        if flow.route is not None and draft.state == SUMMARY:
            target = flow.route(draft.answers)
            if target is not None:  # None: no detour, the flow's own order goes on
                self._recommend(turn, target)

    def _recommend(self, turn: Turn, flow_name: str) -> None:
        """End of the chooser: say which operation fits, and offer to start it."""
        assert turn.draft is not None
        form.move(turn, "confirm")
        turn.draft.status = "done"
        turn.close()
        turn.out.clear()
        target = self._flows.get(flow_name)
        if target is None:
            turn.say(N_("I could not tell which operation fits; please choose one."))
            self._menu.operations(turn)
            return
        title = turn.t.gettext(target.title)
        turn.out.append(Ask(
            turn.t.gettext("From your answers, the right operation is: {operation}.").format(
                operation=title),
            (Option(turn.t.gettext("Start: {operation}").format(operation=title),
                    f"flow:{flow_name}"),
             Option(turn.t.gettext("Choose another operation"), "menu:new"))))

    def _confirm(self, turn: Turn) -> None:
        draft, flow = turn.draft, turn.flow
        assert draft is not None and flow is not None
        if not form.complete(turn) or flow.build_order is None:
            form.prompt(turn)
            return
        order = flow.build_order(draft.answers, turn.chat.key)
        # A new order's id comes from its draft: a confirmation handled twice (a crash after
        # the order was filed but before the draft was saved; a redelivery to another
        # worker) finds the order already filed instead of filing a second one.
        order.id = draft.order_id or order_id_for(draft)
        filed = None if draft.order_id else self._filed(order.id, turn.chat.key)
        try:
            order = filed or self._filing.submit(order, actor=turn.chat.key)
        except OrderInvalid as invalid:
            turn.say_text("\n".join([turn.t.gettext("Before you can submit, please fix:"),
                                     *form.problems_of(turn, invalid)]))
            form.prompt(turn)
            return
        except DomainError as error:
            turn.say_text(message(turn.t, error.msgid, error.params, turn.lang))
            return
        form.move(turn, "confirm")
        draft.status, draft.order_id = "submitted", order.id
        turn.close()
        turn.say(N_("Submitted! Your order number is {order_id}. The provider reviews it first "
                    "(usually 1–2 working days); then MIIT sends an SMS from 12381 that must be "
                    "verified within 24 hours. I will tell you about every step here."),
                 order_id=order.id)

    def _filed(self, order_id: str, applicant: str) -> FilingOrder | None:
        try:
            return self._filing.get(order_id, applicant=applicant)
        except DomainError:
            return None
