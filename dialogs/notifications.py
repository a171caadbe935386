"""Notifications: outbox rows carry facts; here they become text in the recipient's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from dialogs.i18n import Translator
from dialogs.labels import ORDER_TYPES, STATUSES
from dialogs.messages import Ask, Option, Outgoing, Say
from dialogs.render import lang_of, region_name
from dialogs.review import decision_buttons
from filing.lifecycle import Status
from filing.reasons import is_known_reason, reason_by_code
from filing.text import N_

CHINA_TIME = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Notification:
    id: int
    recipient: str  # ChatRef.key
    event: str
    payload: dict[str, Any]
    attempts: int = 0


DateFormatter = Any  # (datetime, locale) -> str, supplied by the i18n edge


def _deadline(payload: dict[str, Any], format_datetime: DateFormatter, locale: str) -> str:
    moment = datetime.fromisoformat(payload["deadline"]).astimezone(CHINA_TIME)
    return str(format_datetime(moment, locale))


def render(note: Notification, t: Translator, locale: str,
           format_datetime: DateFormatter) -> list[Outgoing]:
    """What to tell the applicant about one event."""
    payload = note.payload
    order_id = payload.get("order_id", "")
    if note.event == "OrderSubmitted":
        text = t.gettext("New order {order_id} to review: {kind}, {region}, from {entity}, "
                         "for {domains} (round {round}).").format(
            order_id=order_id, kind=t.gettext(ORDER_TYPES.get(payload["order_type"], "")),
            region=region_name(payload.get("region", ""), lang_of(locale)),
            entity=payload.get("entity") or "—",
            domains=", ".join(payload.get("domains") or ()) or "—",
            round=payload.get("round", 1))
        return [Ask(text, decision_buttons(order_id, Status.PROVIDER_REVIEW, t))]
    if note.event == "ReminderDue":
        return _reminder(note, t, locale, format_datetime)
    if note.event != "OrderStatusChanged":
        return []
    status = payload["new_status"]
    head = t.gettext("Order {order_id}: {status}.").format(
        order_id=order_id, status=t.gettext(STATUSES.get(status, status)))
    lines = [head]
    if status == "sms_verification" and payload.get("deadline"):
        lines.append(t.gettext(
            "The provider's review passed. MIIT will text the responsible person's mobile from "
            "12381 with a code: enter it at https://beian.miit.gov.cn before {deadline} (China "
            "time), or the order goes back to the provider.").format(
                deadline=_deadline(payload, format_datetime, locale)))
    elif status == "administration_review":
        lines.append(t.gettext("The Communications Administration is reviewing it now; this "
                               "usually takes 1 to 20 working days."))
    elif status == "approved":
        lines.append(t.gettext(
            "Your filing number is {number}. Next: show it at the bottom of your homepage, "
            "linked to https://beian.miit.gov.cn, and complete the public-security filing at "
            "beian.mps.gov.cn within 30 days of going live.").format(
                number=payload.get("icp_number") or "—"))
    elif status in ("provider_rejected", "administration_rejected"):
        for code in payload.get("reasons", []):
            if is_known_reason(code):
                reason = reason_by_code(code)
                lines.append("• " + t.gettext(reason.problem) + " " + t.gettext(reason.fix))
        if payload.get("note"):
            lines.append(t.gettext("Reviewer's note: {note}").format(note=payload["note"]))
        lines.append(t.gettext("Fix the items above and submit the order again."))
        return [Ask("\n".join(lines), (Option(t.gettext("Fix and resubmit"),
                                              f"fix:{order_id}"),))]
    elif status == "provider_review" and payload.get("old_status") == "sms_verification":
        lines.append(t.gettext("The SMS verification window passed without verification; the "
                               "provider will submit the order again and a new SMS will "
                               "follow."))
    return [Say("\n".join(lines))]


def _reminder(note: Notification, t: Translator, locale: str,
              format_datetime: DateFormatter) -> list[Outgoing]:
    payload = note.payload
    kind = payload.get("kind")
    if kind == "sms_deadline":
        return [Say(t.gettext(
            "⏰ Reminder: order {order_id} still waits for the MIIT SMS verification. Enter the "
            "code from 12381 at https://beian.miit.gov.cn before {deadline} (China time).").format(
                order_id=payload["order_id"],
                deadline=_deadline(payload, format_datetime, locale)))]
    if kind == "psb_filing":
        return [Say(t.gettext(
            "⏰ Reminder: the public-security filing for {number} is due by {deadline} (China "
            "time). File it at beian.mps.gov.cn and show its number in your footer too.").format(
                number=payload.get("icp_number") or payload["order_id"],
                deadline=_deadline(payload, format_datetime, locale)))]
    if kind == "draft_abandoned":
        # TRANSLATORS: the kind of draft when its operation is unknown: "an unfinished (filing)".
        flow = ORDER_TYPES.get(payload.get("flow", ""), N_("filing"))
        return [Ask(t.gettext("You have an unfinished draft ({flow}). Your answers are kept; "
                              "continue whenever you like.").format(flow=t.gettext(flow)),
                    (Option(t.gettext("Continue"), f"resume:{payload['draft_id']}"),))]
    return []


__all__ = ["N_", "Notification", "render"]
