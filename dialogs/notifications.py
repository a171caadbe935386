"""Notifications: typed events become text in the recipient's language, one renderer per
event type."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from dialogs.cards import decision_buttons
from dialogs.i18n import Translator, lang_of
from dialogs.labels import ORDER_TYPES, STATUSES
from dialogs.messages import Ask, Option, Outgoing, Say
from dialogs.render import region_name
from filing.events import Event, OrderStatusChanged, OrderSubmitted, ReminderDue
from filing.lifecycle import Status
from filing.reasons import is_known_reason, reason_by_code
from filing.text import N_
from filing.validation import for_reviewers

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
    text = r.t.gettext("New order {order_id} to review: {kind}, {region}, from {entity}, "
                       "for {domains} (round {round}).").format(
        order_id=event.order_id, kind=r.t.gettext(ORDER_TYPES.get(event.order_type, "")),
        region=region_name(event.region, r.lang), entity=event.entity or "—",
        domains=", ".join(map(for_reviewers, event.domains)) or "—", round=event.round)
    return [Ask(text, decision_buttons(event.order_id, Status.PROVIDER_REVIEW, r.t))]


def _status_changed(event: OrderStatusChanged, r: Reader) -> list[Outgoing]:
    t, status = r.t, event.new_status
    lines = [t.gettext("Order {order_id}: {status}.").format(
        order_id=event.order_id, status=t.gettext(STATUSES.get(status, status)))]
    if status == Status.SMS_VERIFICATION and event.deadline is not None:
        lines.append(t.gettext(
            "The provider's review passed. MIIT will text the responsible person's mobile from "
            "12381 with a code: enter it at https://beian.miit.gov.cn before {deadline} (China "
            "time), or the order goes back to the provider.").format(
                deadline=r.china_time(event.deadline)))
    elif status == Status.ADMINISTRATION_REVIEW:
        lines.append(t.gettext("The Communications Administration is reviewing it now; this "
                               "usually takes 1 to 20 working days."))
    elif status == Status.APPROVED:
        lines.append(t.gettext(
            "Your filing number is {number}. Next: show it at the bottom of your homepage, "
            "linked to https://beian.miit.gov.cn, and complete the public-security filing at "
            "beian.mps.gov.cn within 30 days of going live.").format(
                number=event.icp_number or "—"))
    elif status in (Status.PROVIDER_REJECTED, Status.ADMINISTRATION_REJECTED):
        return [_rejection(event, r, lines)]
    elif (status == Status.PROVIDER_REVIEW
          and event.old_status == Status.SMS_VERIFICATION):
        lines.append(t.gettext("The SMS verification window passed without verification; the "
                               "provider will submit the order again and a new SMS will "
                               "follow."))
    return [Say("\n".join(lines))]


def _rejection(event: OrderStatusChanged, r: Reader, lines: list[str]) -> Ask:
    t = r.t
    for code in event.reasons:
        if is_known_reason(code):
            reason = reason_by_code(code)
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
                order_id=event.order_id, deadline=r.china_time(event.deadline)))]
    if event.kind == "psb_filing" and event.deadline is not None:
        return [Say(t.gettext(
            "⏰ Reminder: the public-security filing for {number} is due by {deadline} (China "
            "time). File it at beian.mps.gov.cn and show its number in your footer too.").format(
                number=event.icp_number or event.order_id,
                deadline=r.china_time(event.deadline)))]
    if event.kind == "draft_abandoned" and event.draft_id:
        # TRANSLATORS: the kind of draft when its operation is unknown: "an unfinished (filing)".
        flow = ORDER_TYPES.get(event.flow or "", N_("filing"))
        return [Ask(t.gettext("You have an unfinished draft ({flow}). Your answers are kept; "
                              "continue whenever you like.").format(flow=t.gettext(flow)),
                    (Option(t.gettext("Continue"), f"resume:{event.draft_id}"),))]
    return []


RENDERERS: dict[type[Event], Callable[[Any, Reader], list[Outgoing]]] = {
    OrderSubmitted: _submitted,
    OrderStatusChanged: _status_changed,
    ReminderDue: _reminder,
}


def render(event: Event, t: Translator, locale: str,
           format_datetime: DateFormatter) -> list[Outgoing]:
    """What to tell the recipient about ``event``, in their language."""
    renderer = RENDERERS.get(type(event))
    return renderer(event, Reader(t, locale, format_datetime)) if renderer else []
