"""Everything outside a form: welcome, menus, drafts, orders, language, privacy, questions,
the reviewers' decisions and corrections of rejected orders.

A mixin of the Engine: it shares the engine's ports and its form helpers.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import TYPE_CHECKING

from dialogs import form, review
from dialogs.i18n import TranslatorFactory
from dialogs.materials import MaterialStore
from dialogs.messages import Ask, Option, Say
from dialogs.render import message, order_line
from dialogs.resubmit import answers_from_order, flagged_fields
from dialogs.session import ConversationStore, DialogSession
from dialogs.steps import Flow
from dialogs.turn import QuestionAnswerer, Turn
from filing.errors import DomainError
from filing.lifecycle import CORRECTABLE, OPEN, Action
from filing.ports import Clock
from filing.services import FilingService, ReviewDecision
from filing.text import N_


class ChatMenus:
    _store: ConversationStore
    _flows: Mapping[str, Flow]
    _translators: TranslatorFactory
    _filing: FilingService
    _clock: Clock
    _knowledge: QuestionAnswerer | None
    _materials: MaterialStore | None
    # How long untouched drafts are kept (ICPBOT_KEEP_DRAFTS_DAYS, set by bootstrap); /privacy
    # tells the user.
    draft_retention_days: int = 90

    if TYPE_CHECKING:  # provided by the Engine
        def _form(self, turn: Turn) -> form.FormTurn: ...

        def _reprompt(self, turn: Turn) -> None: ...

    def _start(self, turn: Turn) -> None:
        if turn.draft is not None:
            # Coming back to an open form: carry on at the very step it was left.
            turn.say(N_("Welcome back! Let's continue where you left off."))
            form.prompt(self._form(turn))
            return
        turn.say(N_("Hello! I help you file your website for China's ICP filing (ICP备案) and "
                    "answer questions about the rules of every province."))
        drafts = self._open_drafts(turn)
        if drafts:
            latest = max(drafts, key=lambda d: d.updated_at or d.created_at or 0)
            flow = self._flows[latest.flow]
            turn.out.append(Ask(
                turn.t.gettext("You have an unfinished draft: {flow}. Continue where you left "
                               "off?").format(flow=turn.t.gettext(flow.title)),
                (Option(turn.t.gettext("Continue"), f"resume:{latest.id}"),
                 Option(turn.t.gettext("All my drafts"), "menu:drafts"),
                 Option(turn.t.gettext("Main menu"), "menu:main"))))
            return
        self._menu(turn)

    def _menu(self, turn: Turn) -> None:
        t = turn.t
        options = [Option(t.gettext("📝 New filing"), "menu:new")]
        if self._open_drafts(turn):
            options.append(Option(t.gettext("📂 My drafts"), "menu:drafts"))
        options += [Option(t.gettext("📋 My orders"), "menu:status"),
                    Option(t.gettext("❓ Ask a question"), "menu:ask"),
                    Option(t.gettext("🌐 Language / 语言"), "menu:language")]
        turn.out.append(Ask(t.gettext("What would you like to do?"), tuple(options)))

    def _menu_choice(self, turn: Turn, arg: str) -> None:
        action = {"new": self._new, "drafts": self._drafts, "status": self._status,
                  "language": self._language_menu, "main": self._menu}.get(arg)
        if arg == "ask":
            self._ask_command(turn, "")
        elif action is not None:
            action(turn)
        else:
            self._menu(turn)

    def _new(self, turn: Turn) -> None:
        options = tuple(Option(turn.t.gettext(flow.title), f"flow:{name}")
                        for name, flow in self._flows.items())
        turn.out.append(Ask(turn.t.gettext("Which operation do you need?"), options))

    def _start_flow(self, turn: Turn, name: str) -> None:
        flow = self._flows.get(name)
        if flow is None:
            self._new(turn)
            return
        now = self._clock.now()
        draft = DialogSession(secrets.token_hex(4), turn.chat.key, flow.name, "", {},
                              created_at=now, updated_at=now)
        form.start(flow, draft)
        turn.draft = draft
        turn.profile.active_draft = draft.id
        if flow.intro:
            turn.say(flow.intro)
        draft.version = 1
        turn.dirty = True
        form.prompt(self._form(turn))

    def _open_drafts(self, turn: Turn) -> list[DialogSession]:
        return [d for d in self._store.drafts_of(turn.chat.key) if d.status == "active"]

    def _drafts(self, turn: Turn) -> None:
        drafts = self._open_drafts(turn)
        if not drafts:
            turn.say(N_("You have no drafts."))
            self._menu(turn)
            return
        options = []
        for draft in drafts:
            title = turn.t.gettext(self._flows[draft.flow].title)
            domain = draft.answers.get("domain", "")
            label = f"{title} {domain}".strip()
            options.append(Option(turn.t.gettext("Continue: {draft}").format(draft=label),
                                  f"resume:{draft.id}"))
            options.append(Option(turn.t.gettext("Discard: {draft}").format(draft=label),
                                  f"discard:{draft.id}"))
        options.append(Option(turn.t.gettext("Main menu"), "menu:main"))
        turn.out.append(Ask(turn.t.gettext("Your drafts:"), tuple(options)))

    def _resume(self, turn: Turn, draft_id: str) -> None:
        draft = self._store.load_draft(draft_id)
        if draft is None or draft.chat != turn.chat.key or draft.status != "active":
            turn.say(N_("That draft is no longer available."))
            self._menu(turn)
            return
        turn.draft = draft
        turn.profile.active_draft = draft.id
        form.prompt(self._form(turn))

    def _review(self, turn: Turn, arg: str) -> None:
        """A reviewer's decision from a button: ``<action>[~<reason>]:<order>``."""
        head, _, order_id = arg.partition(":")
        action_name, _, reason = head.partition("~")
        try:
            action = Action(action_name)
        except ValueError:
            turn.say(N_("That button is no longer valid."))
            return
        if action in review.REJECTIONS and not reason:
            turn.out.append(review.reason_menu(order_id, action, turn.t))
            return
        decision = ReviewDecision(order_id, action, turn.chat.key, (reason,) if reason else ())
        try:
            order = self._filing.decide(decision)
        except DomainError as error:
            turn.out.append(Say(message(turn.t, error.msgid, error.params, turn.lang)))
            return
        turn.out.append(review.order_card(order, turn.t, turn.lang))

    def _fix(self, turn: Turn, order_id: str) -> None:
        """A rejected order back into a draft, starting at what the reviewer flagged."""
        try:
            order = self._filing.get(order_id, applicant=turn.chat.key)
        except DomainError as error:
            turn.out.append(Say(message(turn.t, error.msgid, error.params, turn.lang)))
            return
        flow = self._flows.get(order.order_type)
        if flow is None or order.status not in CORRECTABLE:
            turn.say(N_("Order {order_id} cannot be corrected now."), order_id=order_id)
            return
        reasons = order.history[-1].reasons if order.history else ()
        now = self._clock.now()
        draft = DialogSession(secrets.token_hex(4), turn.chat.key, flow.name, form.SUMMARY,
                              answers_from_order(order, flow), order_id=order.id,
                              created_at=now, updated_at=now, version=1)
        flagged = [f for f in flagged_fields(reasons, flow)
                   if flow.fields[f].applies(draft.answers)]
        if flagged:
            draft.state, draft.editing = flagged[0], True
        turn.draft, turn.dirty = draft, True
        turn.profile.active_draft = draft.id
        turn.say(N_("Let's correct order {order_id}. I'll take you to what the reviewer "
                    "flagged; everything else is kept."), order_id=order.id)
        form.prompt(self._form(turn))

    def _discard(self, turn: Turn, draft_id: str) -> None:
        draft = self._store.load_draft(draft_id)
        if draft is None or draft.chat != turn.chat.key or draft.status != "active":
            turn.say(N_("That draft is no longer available."))
        else:
            draft.status = "discarded"
            draft.version += 1
            self._store.save_draft(draft)
            if turn.profile.active_draft == draft_id:
                turn.profile.active_draft = None
                turn.draft = None
            turn.say(N_("The draft was discarded."))
        self._menu(turn)

    def _cancel(self, turn: Turn) -> None:
        turn.profile.pending = None
        if turn.draft is None:
            self._menu(turn)
            return
        draft_id = turn.draft.id
        turn.profile.active_draft = None
        turn.draft = None
        turn.out.append(Ask(
            turn.t.gettext("Stopped. Your draft is kept: you can continue it later with "
                           "/drafts."),
            (Option(turn.t.gettext("Continue"), f"resume:{draft_id}"),
             Option(turn.t.gettext("Discard the draft"), f"discard:{draft_id}"),
             Option(turn.t.gettext("Main menu"), "menu:main"))))

    def _status(self, turn: Turn) -> None:
        orders = self._filing.list(applicant=turn.chat.key)
        if not orders:
            turn.say(N_("You have not submitted any orders yet."))
        else:
            lines = [turn.t.gettext("Your orders:")]
            lines += [order_line(order, turn.t) for order in orders]
            turn.out.append(Say("\n".join(lines)))
        self._reprompt(turn)

    def _language_menu(self, turn: Turn) -> None:
        turn.out.append(Ask(turn.t.gettext("Choose your language:"),
                            (Option("中文", "lang:zh_Hans"), Option("English", "lang:en"))))

    def _set_language(self, turn: Turn, locale: str) -> None:
        if locale not in ("zh_Hans", "en"):
            self._language_menu(turn)
            return
        turn.profile.locale = locale
        turn.t = self._translators(locale)
        # TRANSLATORS: said in the language just chosen; name that language, e.g. 中文.
        turn.say(N_("From now on I will answer in this language."))
        self._reprompt(turn)

    def _help(self, turn: Turn) -> None:
        turn.say(N_("Commands: /start – welcome and resume, /new – start a filing, /drafts – "
                    "your drafts, /status – your orders, /ask – ask a question, /language – "
                    "switch language, /cancel – stop the current form (the draft is kept), "
                    "/privacy – what I store, /forget – delete your data. In a form you can "
                    "also type /back or /skip."))

    def _privacy(self, turn: Turn) -> None:
        turn.say(N_("I store what you enter for your filing (names, certificate numbers, "
                    "phone numbers, e-mail, addresses and uploaded materials) encrypted, only "
                    "to prepare and track your filing. Only you and the provider's reviewers "
                    "can see it, and summaries show personal data masked."))
        turn.say(N_("A draft nobody touches for {days} days is deleted, with its uploaded "
                    "materials; /forget deletes your drafts and materials at once."),
                 days=self.draft_retention_days)

    def _forget_menu(self, turn: Turn) -> None:
        turn.out.append(Ask(
            turn.t.gettext("Delete your drafts, uploaded materials and saved answers? Orders "
                           "already submitted stay with the reviewers, as the filing requires. "
                           "This cannot be undone."),
            (Option(turn.t.gettext("Yes, delete my data"), "forget:yes"),
             Option(turn.t.gettext("No, keep it"), "menu:main"))))

    def _forget(self, turn: Turn, answer: str) -> None:
        if answer != "yes":
            self._menu(turn)
            return
        drafts = self._store.forget(turn.chat.key)
        files = self._materials.delete_owner(turn.chat.key) if self._materials else 0
        turn.draft, turn.dirty = None, False
        turn.profile.active_draft = turn.profile.region_hint = turn.profile.pending = None
        submitted = [o for o in self._filing.list(applicant=turn.chat.key)
                     if o.status in OPEN]
        t = turn.t
        turn.out.append(Say("\n".join((
            t.ngettext("Deleted {count} draft.", "Deleted {count} drafts.",
                       drafts).format(count=drafts),
            t.ngettext("Deleted {count} uploaded file.", "Deleted {count} uploaded files.",
                       files).format(count=files)))))
        if submitted:
            turn.say(N_("Orders under review are kept until the review ends, as the filing "
                        "requires: {orders}."), orders=", ".join(o.id for o in submitted))

    def _ask_command(self, turn: Turn, question: str) -> None:
        if question.strip():
            self._answer_question(turn, question)
            self._reprompt(turn)
            return
        turn.profile.pending = "ask"
        turn.say(N_("What would you like to know? Ask in Chinese or English."))

    def _answer_question(self, turn: Turn, question: str) -> None:
        if self._knowledge is None:
            turn.say(N_("I can't answer questions yet; the knowledge base is not available."))
            return
        answer = self._knowledge.ask(question, lang=None, region=turn.profile.region_hint)
        turn.out.append(Say(answer.as_text()))
