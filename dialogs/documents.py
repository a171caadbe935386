"""An order as plain data for pictures and documents, in the reader's language: its timeline
(submitted → provider review → SMS → administration review → result) and the whole order.

The channel draws them (bot/documents); the engine only says what is in them. Dates are in
China time, written the same way in both languages.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from dialogs.i18n import Translator
from dialogs.labels import ORDER_TYPES, STATUSES
from dialogs.messages import Document, Picture, Section, TimelineStep, code
from dialogs.order_fields import OrderReader, Part
from filing.lifecycle import CORRECTABLE, Status
from filing.model import FilingOrder, StatusChange
from filing.text import N_

CHINA_TIME = ZoneInfo("Asia/Shanghai")
S = Status

STEP_LABELS = (N_("Order submitted"), N_("Provider review"), N_("SMS verification"),
               N_("Administration review"), N_("Result"))
BULLET = "•\u00a0"  # a reason's mark, kept with its first word when the line wraps
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


def order_document(order: FilingOrder, reader: OrderReader) -> Document:
    """Everything the applicant filed, unmasked (it is their own), as a document to keep: the
    same rows, in the same words, as the desk's order page (dialogs/order_fields.py), then
    the materials by what they are and the history with the reasons in words."""
    t = reader.t
    sections = [_order_section(order, t)]
    for part in reader.parts(order):
        sections += _part_sections(part)
    if order.materials:
        sections.append(Section(t.gettext("Materials"), tuple(
            (reader.material_label(material.kind), reader.material(material))
            for material in order.materials)))
    sections.append(_history_section(order, reader))
    text = t.gettext("Your order {order_id} as a PDF, to keep and check.").format(
        order_id=code(order.id))
    footer = t.gettext("Made {moment} (China time) by the ICP Filing Assistant.").format(
        moment=china_time(order.updated_at or order.created_at))
    return Document(text, f"order-{order.id}.pdf", t.gettext("ICP filing order"), order.id,
                    tuple(sections), footer)


def _order_section(order: FilingOrder, t: Translator) -> Section:
    rows = [(t.gettext("Order number"), order.id),
            (t.gettext("Operation"), t.gettext(ORDER_TYPES.get(order.order_type, ""))),
            (t.gettext("Status"), t.gettext(STATUSES.get(order.status, ""))),
            (t.gettext("Submitted"), china_time(order.created_at)),
            (t.gettext("Round"), str(order.round))]
    if order.icp_number:
        rows.append((t.gettext("Filing number"), order.icp_number))
    return Section(t.gettext("Order"), tuple(rows))


def _part_sections(part: Part, within: str = "") -> list[Section]:
    """A part of the order as a section (a website headed by its name), and each person in
    it as one more; a person who is "the same as the entity leader" is a row of the part."""
    heading = " · ".join(filter(None, [within, part.title, "" if within else part.heading]))
    rows = [(row.label, row.value) for row in part.rows]
    people: list[Section] = []
    for person in part.people:
        if person.statement:
            rows.append((person.title, person.statement))
        elif person.rows:
            people += _part_sections(person, part.title)
    return [Section(heading, tuple(rows)), *people]


def _history_section(order: FilingOrder, reader: OrderReader) -> Section:
    """Each change by its date (China time): the new status, then the reasons in words and
    the reviewer's note, one a line."""
    rows = []
    for change in order.history:
        status = reader.t.gettext(STATUSES.get(change.new_status, ""))
        rows.append((china_time(change.at),
                     "\n".join([status, *(BULLET + reason for reason in reader.reasons(change))])))
    return Section(reader.t.gettext("History"), tuple(rows))
