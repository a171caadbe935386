"""The reviewer desk on the command line: list, show and decide orders.

Every decision goes through ``FilingService.decide``, which allows only what the order's type
and status allow (``filing.lifecycle``); ``show`` lists those decisions for the order.
"""

from __future__ import annotations

import argparse
from typing import Any

from dialogs.i18n import Translator, lang_of
from dialogs.render import message, reviewer_lines, website_details
from filing.domains import for_reviewers
from filing.errors import DomainError
from filing.lifecycle import Action, Status, decisions
from filing.masking import mask_id, mask_name, mask_phone
from filing.model import FilingOrder, OrderSummary
from filing.reasons import REASONS, reasons_for
from filing.services import FilingService, ReviewDecision
from filing.text import N_
from filing.types import OrderType

ACTIONS = {
    "approve": Action.APPROVE,
    "reject": Action.REJECT,
    "sms-sent": Action.SMS_SENT,
    "sms-verified": Action.SMS_VERIFIED,
    "sms-expired": Action.SMS_EXPIRED,
    "administration-approve": Action.ADMINISTRATION_APPROVE,
    "administration-reject": Action.ADMINISTRATION_REJECT,
    "withdraw": Action.WITHDRAW,
}


def add_parser(commands: Any) -> None:  # argparse's private _SubParsersAction
    review = commands.add_parser("review", help="the reviewer desk")
    actions = review.add_subparsers(dest="review_command", required=True)
    listing = actions.add_parser("list", help="orders in the queue")
    listing.add_argument("--status", choices=[s.value for s in Status])
    actions.add_parser("show", help="one order, personal data masked").add_argument("order")
    reasons = actions.add_parser("reasons", help="the rejection reason codes")
    reasons.add_argument("--type", choices=[t.value for t in OrderType],
                         help="only the reasons for this kind of order")
    for name in ACTIONS:
        action = actions.add_parser(name, help=f"{name} an order")
        action.add_argument("order")
        action.add_argument("--reason", action="append", default=[],
                            help="reason code (repeatable); see `review reasons`")
        action.add_argument("--note")
        if name == "administration-approve":
            action.add_argument("--icp-number", help="the number MIIT issued")
    review.add_argument("--actor", default="cli-reviewer")


def run(filing: FilingService, args: argparse.Namespace, t: Translator,
        locale: str = "en") -> int:
    command, lang = args.review_command, lang_of(locale)
    if command == "list":
        orders = filing.list(status=Status(args.status) if args.status else None)
        for order in orders:
            print(_line(order, t, lang))
        if not orders:
            print(t.gettext("No orders."))
        return 0
    if command == "reasons":
        chosen = reasons_for(OrderType(args.type)) if args.type else REASONS
        for reason in chosen:
            print(f"{reason.code:28} {t.gettext(reason.problem)}")
        return 0
    try:
        if command == "show":
            print(_details(filing.get(args.order), t, lang))
            return 0
        decision = ReviewDecision(args.order, ACTIONS[command], args.actor,
                                  tuple(args.reason), args.note,
                                  getattr(args, "icp_number", None))
        decided = filing.decide(decision)
    except DomainError as error:
        print(message(t, error.msgid, error.params, lang))
        return 2
    print(_line(decided.summary(), t, lang))
    return 0


def _line(order: OrderSummary, t: Translator, lang: str) -> str:
    """The reviewer's card on one line, for a terminal and for grep."""
    return " | ".join([*reviewer_lines(order, t, lang), *filter(None, [order.icp_number])])


def _details(order: FilingOrder, t: Translator, lang: str) -> str:
    entity = order.entity
    lines = [
        *reviewer_lines(order.summary(), t, lang),
        t.gettext("Entity: {name} ({certificate})").format(
            name=mask_name(entity.name), certificate=mask_id(entity.certificate_number)),
        t.gettext("Leader: {name}, {mobile}").format(
            name=mask_name(entity.leader.name), mobile=mask_phone(entity.leader.mobile)),
    ]
    for site in order.websites:
        lines.append(t.gettext("Website: {name} · {domain}").format(
            name=site.name, domain=for_reviewers(site.domain))
                     + (f" · {site.filing_number}" if site.filing_number else ""))
        lines += website_details(site, t)
    if order.entity.filing_number:
        lines.append(t.gettext("Entity filing number: {number}").format(
            number=order.entity.filing_number))
    allowed = [name for name, action in ACTIONS.items()
               if action in decisions(order.order_type, Status(order.status))]
    lines.append(t.gettext("Decisions now: {actions}").format(
        actions=", ".join(allowed) or "—"))
    for change in order.history:
        reasons = ", ".join(change.reasons)
        lines.append(f"  {change.at:%Y-%m-%d %H:%M} {change.old_status} → {change.new_status}"
                     f" ({change.actor}) {reasons} {change.note or ''}".rstrip())
    return "\n".join(lines)


__all__ = ["N_", "add_parser", "run"]
