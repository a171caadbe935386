"""The main menu and what hangs off it: welcome, operations, help, language."""

from __future__ import annotations

from collections.abc import Mapping

from dialogs import form
from dialogs.i18n import LOCALES, TranslatorFactory
from dialogs.messages import Ask, Option
from dialogs.session import ConversationStore, DialogSession
from dialogs.steps import Flow
from dialogs.turn import Turn
from filing.text import N_


class MainMenu:
    def __init__(self, store: ConversationStore, flows: Mapping[str, Flow],
                 translators: TranslatorFactory) -> None:
        self._store = store
        self._flows = flows
        self._translators = translators

    def open_drafts(self, turn: Turn) -> list[DialogSession]:
        return [d for d in self._store.drafts_of(turn.chat.key) if d.status == "active"]

    def reprompt(self, turn: Turn) -> None:
        """Back to what the user was doing: the open question, else the menu."""
        if turn.draft is not None:
            form.prompt(turn)
        else:
            self.show(turn)

    def show(self, turn: Turn, args: str = "") -> None:
        # The most common start, one tap away; every other operation is under "New filing".
        options = [(N_("🆕 File a new website (first-time filing)"), "flow:first_filing"),
                   (N_("📝 New filing"), "menu:new")]
        if self.open_drafts(turn):
            options.append((N_("📂 My drafts"), "menu:drafts"))
        options += [(N_("📋 My orders"), "menu:status"), (N_("❓ Ask a question"), "menu:ask"),
                    (N_("🌐 Language / 语言"), "menu:language")]
        turn.ask(N_("What would you like to do?"), options)

    def start(self, turn: Turn, args: str = "") -> None:
        if turn.draft is not None:
            # Coming back to an open form: carry on at the very step it was left.
            turn.say(N_("Welcome back! Let's continue where you left off."))
            form.prompt(turn)
            return
        turn.say(N_("Hello! I help you file your website for China's ICP filing (ICP备案) and "
                    "answer questions about the rules of every province."))
        drafts = self.open_drafts(turn)
        if not drafts:
            self.show(turn)
            return
        latest = max(drafts, key=lambda d: d.updated_at or d.created_at or 0)
        turn.ask(N_("You have an unfinished draft: {flow}. Continue where you left off?"),
                 [(N_("Continue"), f"resume:{latest.id}"), (N_("All my drafts"), "menu:drafts"),
                  (N_("Main menu"), "menu:main")],
                 flow=turn.t.gettext(self._flows[latest.flow].title))

    def greet(self, turn: Turn, args: str = "") -> None:
        turn.say(N_("Hello! I can file your website for ICP filing step by step, tell you how "
                    "your orders are doing, and answer questions about the rules."))
        self.show(turn)

    def welcome(self, turn: Turn, args: str = "") -> None:
        turn.say(N_("You're welcome! Anything else?"))
        self.show(turn)

    def operations(self, turn: Turn, args: str = "") -> None:
        turn.ask(N_("Which operation do you need?"),
                 [(flow.title, f"flow:{name}") for name, flow in self._flows.items()])

    def help(self, turn: Turn, args: str = "") -> None:
        lines = [turn.t.gettext(N_(
            "Commands: /start – welcome and resume, /new – start a filing, /drafts – "
            "your drafts, /status – your orders, /ask – ask a question, /language – "
            "switch language, /cancel – stop the current form (the draft is kept), "
            "/privacy – what I store, /forget – delete your data. In a form you can "
            "also type /back or /skip.")),
            turn.t.gettext(N_("/summary – your latest order as a PDF to keep."))]
        if turn.reviewer:  # what only reviewers may use
            lines.append(turn.t.gettext(N_("Reviewers: /queue – the orders waiting for your "
                                           "decision.")))
        turn.say_text("\n".join(lines))

    def language(self, turn: Turn, args: str = "") -> None:
        turn.out.append(Ask(turn.t.gettext("Choose your language:"),
                            (Option("中文", "lang:zh_Hans"), Option("English", "lang:en"))))

    def set_language(self, turn: Turn, locale: str) -> None:
        if locale not in LOCALES:
            self.language(turn)
            return
        turn.profile.locale = locale
        turn.t = self._translators(locale)
        # TRANSLATORS: said in the language just chosen; name that language, e.g. 中文.
        turn.say(N_("From now on I will answer in this language."))
        self.reprompt(turn)

    def unknown_command(self, turn: Turn, args: str = "") -> None:
        turn.say(N_("I don't know that command."))
        self.help(turn)
        if turn.draft is not None:
            form.prompt(turn)  # and the question is still open
