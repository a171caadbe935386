"""Reviewers in the chat: /queue, and a decision from a card's button."""

from __future__ import annotations

from dialogs.cards import order_card, reason_menu
from dialogs.render import message
from dialogs.turn import Turn
from filing.errors import DomainError
from filing.lifecycle import REJECTIONS, Action
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
        """A decision from a button: ``<action>[~<reason>]:<order>``."""
        head, _, order_id = arg.partition(":")
        action_name, _, reason = head.partition("~")
        try:
            action = Action(action_name)
        except ValueError:
            turn.say(N_("That button is no longer valid."))
            return
        if action in REJECTIONS and not reason:
            turn.out.append(reason_menu(order_id, action, turn.t))
            return
        decision = ReviewDecision(order_id, action, turn.chat.key, (reason,) if reason else ())
        try:
            order = self._filing.decide(decision)
        except DomainError as error:
            turn.say_text(message(turn.t, error.msgid, error.params, turn.lang))
            return
        turn.out.append(order_card(order.summary(), turn.t, turn.lang))
