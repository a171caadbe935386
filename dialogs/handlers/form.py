"""Filling the open draft: typed answers, buttons, files, back/skip, confirmation."""

from __future__ import annotations

import hashlib

from dialogs import form
from dialogs.handlers.ending import FormEnding
from dialogs.handlers.menus import MainMenu
from dialogs.handlers.questions import KnowledgeAnswer, QuestionHandler, looks_like_question
from dialogs.machine import SUMMARY
from dialogs.materials import MaterialStore, check_upload, safe_file_name
from dialogs.messages import Ask, Choice, File, Option, Say
from dialogs.turn import Turn
from filing.text import N_
from filing.validation import Invalid

# Buttons tied to the draft's version.
FORM_BUTTONS = frozenset({"ans", "nav", "edit", "drop", "add", "pend"})


class FormHandler:
    def __init__(self, materials: MaterialStore | None, questions: QuestionHandler,
                 ending: FormEnding, menu: MainMenu) -> None:
        self._materials = materials
        self._ending = ending
        self._questions = questions
        self._menu = menu

    def text(self, turn: Turn, text: str) -> None:
        """An answer, or a question asked mid-form (answered, then the same step is asked
        again). A question is never stored as an answer: text that reads as a question, or
        that the knowledge base answers while the step refuses it, is a question; text that
        reads as a question but would also be a valid answer is asked about."""
        assert turn.draft is not None
        accepted = form.accepts(turn, text)
        if looks_like_question(text):
            found = self._questions.lookup(turn, text)
            if accepted and found is None:
                self._ask_which(turn, text)
            else:
                self._digress(turn, text, found)
            return
        found = None if accepted else self._questions.lookup(turn, text)
        if found is not None:
            self._digress(turn, text, found)
            return
        if turn.draft.state == SUMMARY:
            turn.say(N_("To change an answer, tap its ✏️ button; to submit, tap ✅."))
            form.prompt(turn)
            return
        turn.changed()
        form.answer(turn, text=text)
        self._after(turn)

    def _digress(self, turn: Turn, text: str, found: KnowledgeAnswer | None) -> None:
        form.move(turn, "ask")
        self._questions.answer(turn, text, found)
        form.prompt(turn)

    def _ask_which(self, turn: Turn, text: str) -> None:
        """Both readings are possible (e.g. a website called 如何学编程): the user says."""
        assert turn.draft is not None
        turn.changed()
        turn.draft.answers[form.PENDING_TEXT] = text
        turn.out.append(Ask(
            turn.t.gettext("“{text}” — is this your answer, or a question for me?").format(
                text=text),
            (Option(turn.t.gettext("✅ It's my answer"), "pend:answer"),
             Option(turn.t.gettext("❓ It's a question"), "pend:ask")), turn.draft.token))

    def _pending(self, turn: Turn, reading: str) -> None:
        assert turn.draft is not None
        text = turn.draft.answers.pop(form.PENDING_TEXT, None)
        if not isinstance(text, str):
            form.prompt(turn)
        elif reading == "answer":
            form.answer(turn, text=text)
        else:
            self._digress(turn, text, None)

    def file(self, turn: Turn, incoming: File) -> None:
        step = form.current_step(turn) if turn.draft is not None else None
        if step is None or step.file_kind is None or self._materials is None:
            turn.say(N_("I wasn't expecting a file here."))
            self._menu.reprompt(turn)
            return
        turn.changed()
        try:
            upload = check_upload(incoming.data)
            # What is stored is the re-encoded picture, and so is the hash it is kept under.
            form.check_distinct(turn, hashlib.sha256(upload.data).hexdigest())
        except Invalid as invalid:
            form.refuse(turn, invalid)
            return
        name = safe_file_name(incoming.file_name, step.file_kind, upload.extension)
        form.upload(turn, self._materials.save(turn.chat.key, step.file_kind, name,
                                               upload.content_type, upload.data))
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
        elif kind == "add":
            form.add(turn, arg)
        elif kind == "pend":
            self._pending(turn, arg)
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
