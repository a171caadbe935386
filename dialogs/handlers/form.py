"""Filling the open draft: typed answers, buttons, files, back/skip, confirmation."""

from __future__ import annotations

import hashlib

from dialogs import form
from dialogs.handlers.ending import FormEnding
from dialogs.handlers.menus import MainMenu
from dialogs.handlers.questions import QuestionHandler, looks_like_question
from dialogs.machine import SUMMARY
from dialogs.materials import MaterialStore, check_upload
from dialogs.messages import Choice, File, Say
from dialogs.turn import Turn
from filing.text import N_
from filing.validation import Invalid

FORM_BUTTONS = frozenset({"ans", "nav", "edit", "drop"})  # tied to the draft's version


class FormHandler:
    def __init__(self, materials: MaterialStore | None, questions: QuestionHandler,
                 ending: FormEnding, menu: MainMenu) -> None:
        self._materials = materials
        self._ending = ending
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
            form.check_distinct(turn, hashlib.sha256(incoming.data).hexdigest())
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
            self._ending.confirm(turn)
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
                self._ending.recommend(turn, target)
