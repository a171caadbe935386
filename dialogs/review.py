"""The review desk in the chat, for reviewers only: the queue, and a button per decision.

Button values: ``rv:<action>:<order>`` and, for rejections, ``rv:reason:<order>:<code>``.
"""

from __future__ import annotations

from dialogs.i18n import Translator
from dialogs.labels import ORDER_TYPES, STATUSES
from dialogs.messages import Ask, Option, Outgoing, Say
from dialogs.render import region_name
from filing.lifecycle import Action, Status
from filing.model import FilingOrder
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
REJECTIONS = frozenset({Action.REJECT, Action.ADMINISTRATION_REJECT})
WAITING = tuple(DECISIONS)


def decision_buttons(order_id: str, status: Status, t: Translator) -> tuple[Option, ...]:
    return tuple(Option(t.gettext(label), f"rv:{action.value}:{order_id}")
                 for action, label in DECISIONS.get(status, ()))


def order_card(order: FilingOrder, t: Translator, lang: str = "en") -> Ask:
    """One order for a reviewer: masked, with the decisions its status allows."""
    from filing.masking import mask_name

    lines = [t.gettext("Order {order_id} · {kind} · {region}").format(
                 order_id=order.id, kind=t.gettext(ORDER_TYPES[order.order_type]),
                 region=region_name(order.region, lang)),
             t.gettext("Status: {status}").format(status=t.gettext(STATUSES[order.status])),
             t.gettext("Entity: {name}").format(name=mask_name(order.entity.name)),
             t.gettext("Domains: {domains}").format(
                 domains=", ".join(site.domain for site in order.websites) or "—")]
    return Ask("\n".join(lines), decision_buttons(order.id, Status(order.status), t))


def reason_menu(order_id: str, action: Action, t: Translator) -> Ask:
    options = tuple(Option(t.gettext(reason.problem)[:60],
                           f"rv:{action.value}~{reason.code}:{order_id}") for reason in REASONS)
    return Ask(t.gettext("Why is order {order_id} rejected? Choose the reason; the applicant "
                         "is told what to fix.").format(order_id=order_id), options)


def queue(orders: list[FilingOrder], t: Translator, lang: str = "en") -> list[Outgoing]:
    if not orders:
        return [Say(t.gettext("The review queue is empty."))]
    return [Say(t.ngettext("{count} order waits for a decision.",
                           "{count} orders wait for a decision.",
                           len(orders)).format(count=len(orders))),
            *(order_card(order, t, lang) for order in orders)]
