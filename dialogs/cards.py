"""Reviewers' cards in the chat: an order with a button per decision its type and status
allow (``filing.lifecycle.decisions``, the same list the CLI desk and the callback accept).

Button values: ``rv:<action>:<order>`` start a decision; its steps (reasons, note,
confirmation) are dialogs/reviewing.py's.
"""

from __future__ import annotations

from dialogs.i18n import Translator
from dialogs.messages import Ask, Option
from dialogs.render import reviewer_lines
from filing.lifecycle import Action, Status, decisions
from filing.model import OrderSummary
from filing.text import N_
from filing.types import OrderType

# The button label of each decision.
LABELS: dict[Action, str] = {
    Action.APPROVE: N_("✅ Approve"),
    Action.REJECT: N_("❌ Reject"),
    Action.SMS_SENT: N_("📨 SMS sent again"),
    Action.SMS_VERIFIED: N_("📱 SMS verified"),
    Action.SMS_EXPIRED: N_("⌛ SMS window missed"),
    Action.ADMINISTRATION_APPROVE: N_("🏛 Administration approved"),
    Action.ADMINISTRATION_REJECT: N_("🏛 Administration rejected"),
}


def decision_buttons(order_id: str, order_type: OrderType, status: Status,
                     t: Translator) -> tuple[Option, ...]:
    return tuple(Option(t.gettext(LABELS[action]), f"rv:{action.value}:{order_id}")
                 for action in decisions(order_type, status))


def order_card(order: OrderSummary, t: Translator, lang: str) -> Ask:
    """One order for a reviewer: masked, with the decisions its type and status allow; an
    order sent again after a rejection says so."""
    lines = reviewer_lines(order, t, lang)
    if order.round > 1:
        lines.insert(1, t.gettext("🔁 Resubmitted after corrections (round {round})").format(
            round=order.round))
    return Ask("\n".join(lines),
               decision_buttons(order.id, order.order_type, Status(order.status), t),
               about_order=order.id)
