"""Reviewers' cards in the chat: an order with a button per decision its type and status
allow (``filing.lifecycle.decisions``, the same list the CLI desk and the callback accept).

Button values: ``rv:<action>:<order>``; a rejection's reasons are chosen one tap at a time:
``rv:<action>~<picked>:<order>`` shows the menu with ``picked`` ticked and
``rv:<action>!<picked>:<order>`` sends it. ``picked`` is reason numbers (their place in
``filing.reasons.REASONS``) joined by ``.``, short enough for Telegram's 64-byte buttons.
"""

from __future__ import annotations

from dialogs.i18n import Translator
from dialogs.messages import Ask, Option
from dialogs.render import reviewer_lines
from filing.lifecycle import Action, Status, decisions
from filing.model import OrderSummary
from filing.reasons import NOTE_REQUIRED, REASONS, RejectionReason, reasons_for
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
    """One order for a reviewer: masked, with the decisions its type and status allow."""
    return Ask("\n".join(reviewer_lines(order, t, lang)),
               decision_buttons(order.id, order.order_type, Status(order.status), t))


def encode_picked(picked: tuple[RejectionReason, ...]) -> str:
    return ".".join(str(REASONS.index(reason)) for reason in picked)


def decode_picked(text: str) -> tuple[RejectionReason, ...]:
    """The reasons of a button value; unknown numbers (an old button) are dropped."""
    numbers = [int(part) for part in text.split(".") if part.isdigit()]
    return tuple(REASONS[n] for n in dict.fromkeys(numbers) if n < len(REASONS))


def reason_menu(order_id: str, order_type: OrderType, action: Action,
                picked: tuple[RejectionReason, ...], t: Translator) -> Ask:
    """The reasons for this type of order, each a toggle, and the button that sends them."""
    options = []
    for reason in reasons_for(order_type):
        chosen = reason in picked
        toggled = tuple(r for r in picked if r is not reason) if chosen else (*picked, reason)
        mark = "☑ " if chosen else "☐ "
        options.append(Option(mark + t.gettext(reason.problem)[:58],
                              f"rv:{action.value}~{encode_picked(toggled)}:{order_id}"))
    text = t.gettext("Why is order {order_id} rejected? Tick every reason that applies, then "
                     "send; the applicant is told what to fix.").format(order_id=order_id)
    if any(reason.code == NOTE_REQUIRED for reason in picked):
        text += "\n" + t.gettext("“Other” needs a note for the applicant: send /reject "
                                 "{order_id} {codes} followed by the note.").format(
            order_id=order_id, codes=",".join(reason.code for reason in picked))
    elif picked:
        options.append(Option(t.gettext("Send the rejection ({count})").format(
            count=len(picked)), f"rv:{action.value}!{encode_picked(picked)}:{order_id}"))
    return Ask(text, tuple(options))
