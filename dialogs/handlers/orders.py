"""The applicant's orders: /status, and correcting a rejected order (the "Fix" button)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dialogs import form
from dialogs.documents import order_document, timeline_picture
from dialogs.handlers.drafts import new_draft
from dialogs.handlers.menus import MainMenu
from dialogs.machine import SUMMARY
from dialogs.order_fields import FormatsFactory, OrderReader
from dialogs.render import message
from dialogs.resubmit import answers_from_order, flagged_fields
from dialogs.status_view import status_text
from dialogs.steps import Flow
from dialogs.turn import Turn
from filing.errors import DomainError
from filing.lifecycle import CORRECTABLE
from filing.model import FilingOrder, OrderSummary
from filing.ports import Clock
from filing.services import FilingService
from filing.text import N_


def latest(orders: Sequence[OrderSummary | FilingOrder]) -> OrderSummary | FilingOrder:
    return max(orders, key=lambda order: (order.updated_at or order.created_at or 0, order.id))


class OrderHandler:
    def __init__(self, filing: FilingService, flows: Mapping[str, Flow], clock: Clock,
                 menu: MainMenu, formats: FormatsFactory) -> None:
        self._filing = filing
        self._formats = formats
        self._flows = flows
        self._clock = clock
        self._menu = menu

    def status(self, turn: Turn, args: str = "") -> None:
        """The applicant's filings (every website with its number and state) and orders
        (with a dated timeline of their steps)."""
        orders = self._filing.orders_of(turn.chat.key)
        entities = self._filing.filed_entities(turn.chat.key)
        if not orders and not entities:
            turn.say(N_("You have not submitted any orders yet."))
        else:
            turn.say_text(status_text(orders, entities, turn.t))
            if orders:  # the latest order's progress, drawn: where it is at a glance
                newest = latest(orders)
                assert isinstance(newest, FilingOrder)
                turn.out.append(timeline_picture(newest, turn.t))
        self._menu.reprompt(turn)

    def summary(self, turn: Turn, order_id: str = "") -> None:
        """/summary [order]: the order (by default the latest) as a document to keep."""
        orders = self._filing.list(applicant=turn.chat.key)
        wanted = order_id.strip() or (latest(orders).id if orders else "")
        if not wanted:
            turn.say(N_("You have not submitted any orders yet."))
            return
        try:
            order = self._filing.get(wanted, applicant=turn.chat.key)
        except DomainError as error:
            turn.say_text(message(turn.t, error.msgid, error.params, turn.lang))
            return
        locale = turn.profile.locale
        reader = OrderReader(turn.t, locale, self._flows, self._formats(locale))
        turn.out.append(order_document(order, reader))

    def fix(self, turn: Turn, order_id: str) -> None:
        """A rejected order back into a draft, starting at what the reviewer flagged."""
        try:
            order = self._filing.get(order_id, applicant=turn.chat.key)
        except DomainError as error:
            turn.say_text(message(turn.t, error.msgid, error.params, turn.lang))
            return
        flow = self._flows.get(order.order_type)
        if flow is None or order.status not in CORRECTABLE:
            turn.say(N_("Order {order_id} cannot be corrected now."), order_id=order_id)
            return
        draft = new_draft(turn.chat.key, flow, self._clock)
        draft.answers, draft.order_id = answers_from_order(order, flow), order.id
        turn.open(draft, flow)
        turn.changed()
        form.move(turn, "restore")
        reasons = order.history[-1].reasons if order.history else ()
        flagged = [f for f in flagged_fields(reasons, flow)
                   if flow.fields[f].applies(draft.answers)]
        if flagged and draft.state == SUMMARY:
            form.move(turn, f"jump_{flagged[0]}")
        turn.say(N_("Let's correct order {order_id}. I'll take you to what the reviewer "
                    "flagged; everything else is kept."), order_id=order.id)
        form.prompt(turn)
