"""Notifications: typed events become text in the recipient's language, one renderer per
event type."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from dialogs.approvals import approval_lines
from dialogs.cards import decision_buttons
from dialogs.i18n import Translator, lang_of
from dialogs.labels import ORDER_TYPES, SMS_RECIPIENTS, STATUSES
from dialogs.messages import Ask, Option, Outgoing, Say, code
from dialogs.render import region_name
from filing.domains import for_reviewers
from filing.events import Event, OrderApproved, OrderStatusChanged, OrderSubmitted, ReminderDue
from filing.lifecycle import SmsTo, Status, first_step
from filing.reasons import is_known_reason, reason_by_code
from filing.text import N_
from filing.types import OrderType

CHINA_TIME = ZoneInfo("Asia/Shanghai")

DateFormatter = Callable[[datetime, str], str]  # (moment, locale) -> text, from the i18n edge


class Reader:
    """Who reads a notification: their translator, locale and date format."""

    def __init__(self, t: Translator, locale: str, format_datetime: DateFormatter) -> None:
        self.t = t
        self.locale = locale
        self.lang = lang_of(locale)
        self._format_datetime = format_datetime

    def china_time(self, moment: datetime) -> str:
        return self._format_datetime(moment.astimezone(CHINA_TIME), self.locale)


def _submitted(event: OrderSubmitted, r: Reader) -> list[Outgoing]:
    # An order sent again after a rejection is no "new order": reviewers look at the fixes.
    template = (N_("New order {order_id} to review: {kind}, {region}, from {entity}, for "
                   "{domains} (round {round}).") if event.round <= 1 else
                N_("🔁 Order {order_id} resubmitted after corrections (round {round}): {kind}, "
                   "{region}, from {entity}, for {domains}."))
    text = r.t.gettext(template).format(
        order_id=code(event.order_id), kind=r.t.gettext(ORDER_TYPES.get(event.order_type, "")),
        region=region_name(event.region, r.lang), entity=event.entity or "—",
        domains=", ".join(map(for_reviewers, event.domains)) or "—", round=event.round)
    order_type = OrderType(event.order_type)
    return [Ask(text, decision_buttons(event.order_id, order_type, first_step(order_type),
                                       r.t), about_order=event.order_id)]


def _status_changed(event: OrderStatusChanged, r: Reader) -> list[Outgoing]:
    t, status = r.t, event.new_status
    lines = [t.gettext("Order {order_id}: {status}.").format(
        order_id=code(event.order_id), status=t.gettext(STATUSES.get(status, status)))]
    if status == Status.SMS_VERIFICATION and event.deadline is not None:
        who = t.gettext(SMS_RECIPIENTS.get(event.sms_to, SMS_RECIPIENTS[SmsTo.BOTH_LEADERS]))
        lines.append(t.gettext(
            "MIIT will text a code from 12381 to {who}: enter it at https://beian.miit.gov.cn "
            "before {deadline} (China time), or the order comes back unverified.").format(
                who=who, deadline=r.china_time(event.deadline)))
    elif status == Status.ADMINISTRATION_REVIEW:
        lines.append(t.gettext("The Communications Administration is reviewing it now; this "
                               "usually takes 1 to 20 working days."))
    elif status in (Status.PROVIDER_REJECTED, Status.ADMINISTRATION_REJECTED):
        return [_rejection(event, r, lines)]
    elif status == Status.SMS_MISSED:
        lines.append(t.gettext("The SMS verification window passed without verification. "
                               "Submit the order again to receive a new SMS."))
        return [Ask("\n".join(lines), (Option(t.gettext("Submit again"),
                                              f"fix:{event.order_id}"),))]
    elif (status == Status.PROVIDER_REVIEW
          and event.old_status == Status.SMS_VERIFICATION):
        lines.append(t.gettext("The SMS verification window passed without verification; the "
                               "provider will submit the order again and a new SMS will "
                               "follow."))
    return [Say("\n".join(lines))]


def _rejection(event: OrderStatusChanged, r: Reader, lines: list[str]) -> Ask:
    t = r.t
    for reason_code in event.reasons:
        if is_known_reason(reason_code):
            reason = reason_by_code(reason_code)
            lines.append("• " + t.gettext(reason.problem) + " " + t.gettext(reason.fix))
    if event.note:
        lines.append(t.gettext("Reviewer's note: {note}").format(note=event.note))
    lines.append(t.gettext("Fix the items above and submit the order again."))
    return Ask("\n".join(lines), (Option(t.gettext("Fix and resubmit"),
                                         f"fix:{event.order_id}"),))


def _reminder(event: ReminderDue, r: Reader) -> list[Outgoing]:
    t = r.t
    if event.kind == "sms_deadline" and event.deadline is not None:
        return [Say(t.gettext(
            "⏰ Reminder: order {order_id} still waits for the MIIT SMS verification. Enter the "
            "code from 12381 at https://beian.miit.gov.cn before {deadline} (China time).").format(
                order_id=code(event.order_id), deadline=r.china_time(event.deadline)))]
    if event.kind == "psb_filing" and event.deadline is not None:
        return [Say(t.gettext(
            "⏰ Reminder: the public-security filing for {number} is due by {deadline} (China "
            "time). File it at beian.mps.gov.cn and show its number in your footer too.").format(
                number=code(event.icp_number or event.order_id),
                deadline=r.china_time(event.deadline)))]
    if event.kind == "order_expiring" and event.deadline is not None:
        return [Ask(t.gettext(
            "⏰ Reminder: order {order_id} was returned to you and is deleted on {deadline} "
            "(China time) unless you correct and submit it again.").format(
                order_id=code(event.order_id), deadline=r.china_time(event.deadline)),
            (Option(t.gettext("Fix and resubmit"), f"fix:{event.order_id}"),))]
    if event.kind == "draft_abandoned" and event.draft_id:
        # TRANSLATORS: the kind of draft when its operation is unknown: "an unfinished (filing)".
        flow = ORDER_TYPES.get(event.flow or "", N_("filing"))
        return [Ask(t.gettext("You have an unfinished draft ({flow}). Your answers are kept; "
                              "continue whenever you like.").format(flow=t.gettext(flow)),
                    (Option(t.gettext("Continue"), f"resume:{event.draft_id}"),))]
    return []


def _approved(event: OrderApproved, r: Reader) -> list[Outgoing]:
    heading = r.t.gettext("Order {order_id}: {status}.").format(
        order_id=code(event.order_id), status=r.t.gettext(STATUSES[Status.APPROVED]))
    return [Say("\n".join([heading, *approval_lines(event, r.t)]))]


RENDERERS: dict[type[Event], Callable[[Any, Reader], list[Outgoing]]] = {
    OrderSubmitted: _submitted,
    OrderStatusChanged: _status_changed,
    OrderApproved: _approved,
    ReminderDue: _reminder,
}


def render(event: Event, t: Translator, locale: str,
           format_datetime: DateFormatter) -> list[Outgoing]:
    """What to tell the recipient about ``event``, in their language."""
    renderer = RENDERERS.get(type(event))
    return renderer(event, Reader(t, locale, format_datetime)) if renderer else []
