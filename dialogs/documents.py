"""An order as plain data for pictures and documents, in the reader's language: its timeline
(submitted → provider review → SMS → administration review → result) and the whole order.

The channel draws them (bot/documents); the engine only says what is in them. Dates are in
China time, written the same way in both languages.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from dialogs.i18n import Translator
from dialogs.labels import CERTIFICATES, ENTITY_TYPES, ORDER_TYPES, STATUSES, WEBSITE_CONTENT
from dialogs.messages import Document, Picture, Section, TimelineStep, code
from dialogs.render import region_name
from filing.lifecycle import CORRECTABLE, Status
from filing.model import FilingOrder, Person, StatusChange
from filing.text import N_

CHINA_TIME = ZoneInfo("Asia/Shanghai")
S = Status

STEP_LABELS = (N_("Order submitted"), N_("Provider review"), N_("SMS verification"),
               N_("Administration review"), N_("Result"))
MARKS = {"done": "✅", "current": "▶", "failed": "❌", "skipped": "–", "todo": "○"}


def china_time(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M")


# --- the timeline ---------------------------------------------------------------------------


def this_round(history: list[StatusChange]) -> list[StatusChange]:
    """The changes since the order was last submitted (a corrected order starts again)."""
    starts = [index for index, change in enumerate(history)
              if change.new_status == S.PROVIDER_REVIEW
              and change.old_status in (S.DRAFT, *CORRECTABLE)]
    return history[starts[-1]:] if starts else list(history)


def _left(changes: list[StatusChange], status: Status) -> StatusChange | None:
    """The last change out of ``status`` (an expired SMS window returns to the provider)."""
    found = [change for change in changes if change.old_status == status
             and change.new_status != status]
    return found[-1] if found else None


def timeline_steps(order: FilingOrder) -> tuple[tuple[str, str], ...]:
    """(state, date) of the five steps of the order's current round."""
    changes = this_round(order.history)
    status = Status(order.status)
    submitted = changes[0].at if changes else order.created_at
    steps: list[tuple[str, str]] = [("done", china_time(submitted))]
    stages = ((S.PROVIDER_REVIEW, (S.PROVIDER_REJECTED, S.WITHDRAWN)),
              (S.SMS_VERIFICATION, ()),
              (S.ADMINISTRATION_REVIEW, (S.ADMINISTRATION_REJECTED,)))
    stopped = False
    for stage, failures in stages:
        left = _left(changes, stage)
        if stopped:
            steps.append(("todo", ""))
        elif status == stage:
            steps.append(("current", ""))
            stopped = True
        elif left is not None:
            failed = left.new_status in failures
            steps.append(("failed" if failed else "done", china_time(left.at)))
            stopped = failed
        elif stage == S.SMS_VERIFICATION and _left(changes, S.PROVIDER_REVIEW) is not None:
            steps.append(("skipped", ""))  # e.g. cancelling access: MIIT sends no SMS
        else:
            steps.append(("todo", ""))
            stopped = True
    final = changes[-1].at if changes else None
    if status == S.APPROVED:
        steps.append(("done", china_time(final)))
    elif status in (*CORRECTABLE, S.WITHDRAWN, S.EXPIRED):
        steps.append(("failed", china_time(final)))
    else:
        steps.append(("todo", ""))
    return tuple(steps)


def timeline_picture(order: FilingOrder, t: Translator) -> Picture:
    """The order's progress as a picture, with the same as text."""
    steps = tuple(TimelineStep(t.gettext(label), when, state) for label, (state, when)
                  in zip(STEP_LABELS, timeline_steps(order), strict=True))
    status = t.gettext(STATUSES.get(order.status, order.status))
    title = t.gettext("Order {order_id} · {kind}").format(
        order_id=order.id, kind=t.gettext(ORDER_TYPES.get(order.order_type, "")))
    lines = [t.gettext("Order {order_id} · {kind}").format(
                 order_id=code(order.id), kind=t.gettext(ORDER_TYPES.get(order.order_type, ""))),
             t.gettext("Now: {status}").format(status=status)]
    lines += [f"{MARKS[step.state]} {step.label}" + (f" — {step.when}" if step.when else "")
              for step in steps]
    if order.icp_number:
        lines.append(t.gettext("Filing number: {number}").format(number=code(order.icp_number)))
    lines.append(t.gettext("(Dates in China time.) /summary sends the whole order as a PDF."))
    return Picture("\n".join(lines), f"{title} — {status}", steps)


# --- the whole order ------------------------------------------------------------------------


def order_document(order: FilingOrder, t: Translator, lang: str) -> Document:
    """Everything the applicant filed, unmasked (it is their own), as a document to keep."""
    title = t.gettext("ICP filing order")
    sections = [_order_section(order, t), _entity_section(order, t, lang),
                *(_website_section(order, index, t) for index in range(len(order.websites)))]
    if order.access is not None:
        sections.append(Section(t.gettext("Access"), (
            (t.gettext("Service code"), order.access.service_code),)))
    if order.materials:
        sections.append(Section(t.gettext("Materials"), tuple(
            (material.kind, f"{material.file_name} ({material.size // 1024 + 1} KB)")
            for material in order.materials)))
    sections.append(_history_section(order, t))
    text = t.gettext("Your order {order_id} as a PDF, to keep and check.").format(
        order_id=code(order.id))
    footer = t.gettext("Made {moment} (China time) by the ICP Filing Assistant.").format(
        moment=china_time(order.updated_at or order.created_at))
    return Document(text, f"order-{order.id}.pdf", title, order.id, tuple(sections), footer)


def _order_section(order: FilingOrder, t: Translator) -> Section:
    rows = [(t.gettext("Order number"), order.id),
            (t.gettext("Operation"), t.gettext(ORDER_TYPES.get(order.order_type, ""))),
            (t.gettext("Status"), t.gettext(STATUSES.get(order.status, order.status))),
            (t.gettext("Submitted"), china_time(order.created_at)),
            (t.gettext("Round"), str(order.round))]
    if order.icp_number:
        rows.append((t.gettext("Filing number"), order.icp_number))
    return Section(t.gettext("Order"), tuple(rows))


def _entity_section(order: FilingOrder, t: Translator, lang: str) -> Section:
    entity = order.entity
    rows = [(t.gettext("Entity type"), t.gettext(ENTITY_TYPES.get(entity.entity_type, ""))),
            (t.gettext("Entity name"), entity.name),
            (t.gettext("Certificate type"),
             t.gettext(CERTIFICATES.get(entity.certificate_type, ""))),
            (t.gettext("Certificate number"), entity.certificate_number),
            (t.gettext("Province"), region_name(entity.region, lang)),
            (t.gettext("Address"), entity.address)]
    if entity.landline:
        rows.append((t.gettext("Landline"), entity.landline))
    rows += _person_rows(entity.leader, t)
    return Section(t.gettext("Entity"), tuple(rows))


def _person_rows(person: Person, t: Translator) -> list[tuple[str, str]]:
    rows = [(t.gettext("Responsible person"), person.name),
            (t.gettext("Their certificate number"), person.certificate_number),
            (t.gettext("Mobile number"), person.mobile)]
    if person.email:
        rows.append((t.gettext("E-mail"), person.email))
    return rows


def _website_section(order: FilingOrder, index: int, t: Translator) -> Section:
    site = order.websites[index]
    rows = [(t.gettext("Website name"), site.name), (t.gettext("Domain"), site.domain),
            (t.gettext("Website content"),
             t.gettext(WEBSITE_CONTENT[site.content]) if site.content in WEBSITE_CONTENT
             else site.content)]
    if site.filing_number:
        rows.append((t.gettext("Website filing number"), site.filing_number))
    if site.leader is not None and site.leader != order.entity.leader:
        rows += _person_rows(site.leader, t)
    heading = t.gettext("Website {number} of {count}").format(number=index + 1,
                                                              count=len(order.websites))
    return Section(heading, tuple(rows))


def _history_section(order: FilingOrder, t: Translator) -> Section:
    rows = []
    for change in order.history:
        status = t.gettext(STATUSES.get(change.new_status, change.new_status))
        rows.append((china_time(change.at), status + (f" ({', '.join(change.reasons)})"
                                                      if change.reasons else "")))
    return Section(t.gettext("History"), tuple(rows))
