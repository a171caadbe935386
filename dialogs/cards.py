"""Reviewers' cards in the chat: an order with a button per decision its status allows.

Button values: ``rv:<action>:<order>`` and, for rejections, ``rv:<action>~<reason>:<order>``.
"""

from __future__ import annotations

from dialogs.i18n import Translator
from dialogs.messages import Ask, Option
from dialogs.render import reviewer_lines
from filing.lifecycle import Action, Status
from filing.model import OrderSummary
from filing.reasons import REASONS
from filing.text import N_

# What a reviewer can do from a chat at each status, with its button label.
DECISIONS: dict[Status, tuple[tuple[Action, str], ...]] = {
    Status.PROVIDER_REVIEW: ((Action.APPROVE, N_("✅ Approve")), (Action.REJECT, N_("❌ Reject"))),
    Status.SMS_VERIFICATION: ((Action.SMS_VERIFIED, N_("📱 SMS verified")),
                              (Action.SMS_EXPIRED, N_("⌛ SMS window missed"))),
    Status.ADMINISTRATION_REVIEW: (
        (Action.ADMINISTRATION_APPROVE, N_("🏛 Administration approved")),
        (Action.ADMINISTRATION_REJECT, N_("🏛 Administration rejected"))),
}


def decision_buttons(order_id: str, status: Status, t: Translator) -> tuple[Option, ...]:
    return tuple(Option(t.gettext(label), f"rv:{action.value}:{order_id}")
                 for action, label in DECISIONS.get(status, ()))


def order_card(order: OrderSummary, t: Translator, lang: str) -> Ask:
    """One order for a reviewer: masked, with the decisions its status allows; an order
    sent again after a rejection says so."""
    lines = reviewer_lines(order, t, lang)
    if order.round > 1:
        lines.insert(1, t.gettext("🔁 Resubmitted after corrections (round {round})").format(
            round=order.round))
    return Ask("\n".join(lines), decision_buttons(order.id, Status(order.status), t),
               about_order=order.id)


def reason_menu(order_id: str, action: Action, t: Translator) -> Ask:
    options = tuple(Option(t.gettext(reason.problem)[:60],
                           f"rv:{action.value}~{reason.code}:{order_id}") for reason in REASONS)
    return Ask(t.gettext("Why is order {order_id} rejected? Choose the reason; the applicant "
                         "is told what to fix.").format(order_id=order_id), options)
