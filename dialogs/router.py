"""Where each message goes: one registry of commands and button prefixes.

A button's value is ``<prefix>:<argument>``; ``menu:<name>`` buttons run the command of that
name (the main menu's buttons and the commands are the same actions).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from dialogs.handlers.drafts import DraftHandler
from dialogs.handlers.form import FORM_BUTTONS, FormHandler
from dialogs.handlers.menus import MainMenu
from dialogs.handlers.orders import OrderHandler
from dialogs.handlers.privacy import PrivacyHandler
from dialogs.handlers.questions import QuestionHandler, looks_like_question
from dialogs.handlers.review import ReviewHandler
from dialogs.intents import intent_of
from dialogs.messages import Choice, Command, File, Incoming, Say, Text
from dialogs.reviewing import PENDING_NOTE
from dialogs.turn import Turn
from filing.text import N_

Action = Callable[[Turn, str], object]  # (turn, the command's arguments or button's argument)

REVIEWER_ONLY = frozenset({"queue", "rv"})  # reviewers' commands and buttons
MENU_ALIASES = {"main": "menu"}  # menu:main is /menu


@dataclass(frozen=True)
class Handlers:
    menu: MainMenu
    drafts: DraftHandler
    form: FormHandler
    orders: OrderHandler
    privacy: PrivacyHandler
    questions: QuestionHandler
    review: ReviewHandler


class Router:
    def __init__(self, handlers: Handlers) -> None:
        h = self._handlers = handlers
        self.commands: Mapping[str, Action] = {
            "start": h.menu.start, "menu": h.menu.show, "new": h.menu.operations,
            "help": h.menu.help, "language": h.menu.language,
            "drafts": h.drafts.list, "cancel": h.form.cancel,
            "back": lambda turn, _: h.form.navigate(turn, "back"),
            "skip": lambda turn, _: h.form.navigate(turn, "skip"),
            "status": h.orders.status, "summary": h.orders.summary, "ask": self._ask,
            "privacy": h.privacy.privacy, "forget": h.privacy.confirm_forget,
            "queue": h.review.queue,
        }
        self._intents: Mapping[str, Action] = {
            "file": lambda turn, _: h.drafts.start_flow(turn, "choose"),
            "status": h.orders.status, "drafts": h.drafts.list, "help": self._help,
            "greeting": h.menu.greet, "thanks": h.menu.welcome, "language": h.menu.language,
        }
        self.buttons: Mapping[str, Action] = {
            "menu": self._menu_button, "flow": h.drafts.start_flow,
            "pf": h.drafts.start_prefilled, "resume": h.drafts.resume,
            "discard": h.drafts.discard, "lang": h.menu.set_language, "fix": h.orders.fix,
            "forget": h.privacy.forget, "rv": h.review.decide, "pdf": h.orders.summary,
        }

    def route(self, turn: Turn, incoming: Incoming) -> None:
        if isinstance(incoming, Command):
            self._command(turn, incoming.name.lower().lstrip("/"), incoming.args)
        elif isinstance(incoming, Choice):
            self._button(turn, incoming)
        elif isinstance(incoming, File):
            self._handlers.form.file(turn, incoming)
        else:
            self._text(turn, incoming)

    def _allowed(self, turn: Turn, name: str) -> bool:
        return name not in REVIEWER_ONLY or turn.reviewer

    def _command(self, turn: Turn, name: str, args: str) -> None:
        action = self.commands.get(name)
        if action is None or not self._allowed(turn, name):
            self._handlers.menu.unknown_command(turn)
            return
        action(turn, args)

    def _button(self, turn: Turn, choice: Choice) -> None:
        kind, _, arg = choice.value.partition(":")
        if kind in FORM_BUTTONS:
            self._handlers.form.press(turn, choice)
            return
        action = self.buttons.get(kind)
        if action is None or not self._allowed(turn, kind):
            turn.out.append(Say(turn.t.gettext("That button is no longer valid."),
                                kind="invalid"))
            self._handlers.menu.reprompt(turn)
            return
        action(turn, arg)

    def _menu_button(self, turn: Turn, name: str) -> None:
        name = MENU_ALIASES.get(name, name)
        action = self.commands.get(name) if self._allowed(turn, name) else None
        (action or self._handlers.menu.show)(turn, "")

    def _help(self, turn: Turn, args: str) -> None:
        self._handlers.menu.help(turn)
        self._handlers.menu.show(turn)

    def _ask(self, turn: Turn, question: str) -> None:
        if self._handlers.questions.ask_command(turn, question):
            self._handlers.menu.reprompt(turn)

    def _text(self, turn: Turn, text: Text) -> None:
        h = self._handlers
        if turn.profile.pending == "ask":
            h.questions.answer(turn, text.text)
            h.menu.reprompt(turn)
        elif turn.profile.pending == PENDING_NOTE and turn.reviewer:
            h.review.note(turn, text.text)
        elif turn.draft is not None:
            h.form.text(turn, text.text)
        else:
            self._menu_text(turn, text.text)

    def _menu_text(self, turn: Turn, text: str) -> None:
        """Free text outside a form: a request (file, status, hello …), else a question."""
        h, intent = self._handlers, intent_of(text)
        if intent is not None:
            self._intents[intent](turn, text)
            return
        found = h.questions.lookup(turn, text)
        if found is not None or looks_like_question(text):
            h.questions.answer(turn, text, found)
        else:
            turn.say(N_("I'm not sure what you mean. Choose below, or ask me a question about "
                        "ICP filing."))
        h.menu.show(turn)
