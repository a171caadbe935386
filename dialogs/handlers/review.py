"""Reviewers in the chat: /queue, a decision from a card's button, /reject with a note."""

from __future__ import annotations

from dialogs.cards import decode_picked, order_card, reason_menu
from dialogs.render import message
from dialogs.turn import Turn
from filing.errors import DomainError
from filing.lifecycle import REJECTIONS, Action, Status, decisions
from filing.services import FilingService, ReviewDecision
from filing.text import N_


class ReviewHandler:
    def __init__(self, filing: FilingService) -> None:
        self._filing = filing

    def queue(self, turn: Turn, args: str = "") -> None:
        orders = self._filing.list_waiting()
        if not orders:
            turn.say(N_("The review queue is empty."))
            return
        turn.say_text(turn.t.ngettext("{count} order waits for a decision.",
                                      "{count} orders wait for a decision.",
                                      len(orders)).format(count=len(orders)))
        turn.out += [order_card(order, turn.t, turn.lang) for order in orders]

    def decide(self, turn: Turn, arg: str) -> None:
        """A decision from a button: ``<action>[~|!<picked reasons>]:<order>``."""
        head, _, order_id = arg.partition(":")
        sending = "!" in head
        action_name, _, picked_text = head.replace("!", "~").partition("~")
        try:
            action = Action(action_name)
        except ValueError:
            turn.say(N_("That button is no longer valid."))
            return
        if action in REJECTIONS and not sending:
            self._reason_menu(turn, order_id, action, picked_text)
            return
        reasons = tuple(reason.code for reason in decode_picked(picked_text))
        self._decide(turn, ReviewDecision(order_id, action, turn.chat.key, reasons))

    def reject(self, turn: Turn, args: str) -> None:
        """``/reject <order> <code>[,<code>…] <note>``: a rejection with a note (the only way
        to give the reason "other", which says nothing without one)."""
        order_id, _, rest = args.strip().partition(" ")
        codes, _, note = rest.strip().partition(" ")
        if not order_id or not codes:
            turn.say(N_("Write /reject, the order number, the reason codes separated by "
                        "commas, then the note: /reject O1234ABCD other The site shows a "
                        "shop."))
            return
        try:
            order = self._filing.get(order_id)
        except DomainError as error:
            turn.say_text(message(turn.t, error.msgid, error.params, turn.lang))
            return
        action = next((a for a in decisions(order.order_type, Status(order.status))
                       if a in REJECTIONS), Action.REJECT)
        reasons = tuple(code for code in codes.split(",") if code)
        self._decide(turn, ReviewDecision(order_id, action, turn.chat.key, reasons,
                                          note.strip() or None))

    def _reason_menu(self, turn: Turn, order_id: str, action: Action, picked: str) -> None:
        try:
            order = self._filing.get(order_id)
        except DomainError as error:
            turn.say_text(message(turn.t, error.msgid, error.params, turn.lang))
            return
        turn.out.append(reason_menu(order_id, order.order_type, action, decode_picked(picked),
                                    turn.t))

    def _decide(self, turn: Turn, decision: ReviewDecision) -> None:
        try:
            order = self._filing.decide(decision)
        except DomainError as error:
            turn.say_text(message(turn.t, error.msgid, error.params, turn.lang))
            return
        turn.out.append(order_card(order.summary(), turn.t, turn.lang))
