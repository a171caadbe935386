"""The plain data behind the timeline picture and the PDF (dialogs/documents.py): which step
is done, current, failed or skipped, and what the PDF says, in both languages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.i18n import formats, translator
from dialogs.documents import BULLET, order_document, timeline_picture, timeline_steps
from dialogs.flows import all_flows
from dialogs.labels import STATUSES
from dialogs.messages import Document
from dialogs.order_fields import OrderReader
from filing.lifecycle import Status as S
from filing.model import FilingOrder, StatusChange
from filing.reasons import reason_by_code
from filing.types import OrderType
from tests.order_words import CODE_WORDS, CODES, expected_values, internal_data
from tests.unit.test_lifecycle import sample_order
from tests.web.full_orders import SHA256, STORAGE_KEY, full_order, reject_and_correct

T0 = datetime(2026, 11, 28, 2, 15, tzinfo=UTC)  # 10:15 in China


def order_through(*statuses: S, order_type: OrderType = OrderType.FIRST_FILING
                  ) -> FilingOrder:
    order = sample_order(order_type)
    order.id, order.created_at = "O1A2B3C4D", T0
    previous = S.DRAFT
    for hours, status in enumerate(statuses):
        order.history.append(StatusChange(previous, status, "x", T0 + timedelta(hours=hours)))
        previous = status
    order.status = previous
    return order


P, SMS, CA = S.PROVIDER_REVIEW, S.SMS_VERIFICATION, S.ADMINISTRATION_REVIEW
TIMELINES = [  # (the order's statuses, the five steps' states)
    ((P,), ("done", "current", "todo", "todo", "todo")),
    ((P, SMS), ("done", "done", "current", "todo", "todo")),
    ((P, SMS, CA), ("done", "done", "done", "current", "todo")),
    ((P, SMS, CA, S.APPROVED), ("done",) * 5),
    ((P, S.PROVIDER_REJECTED), ("done", "failed", "todo", "todo", "failed")),
    ((P, SMS, CA, S.ADMINISTRATION_REJECTED), ("done", "done", "done", "failed", "failed")),
    ((P, SMS, P), ("done", "current", "todo", "todo", "todo")),  # the SMS window missed
    ((P, S.PROVIDER_REJECTED, P), ("done", "current", "todo", "todo", "todo")),  # round 2
]


@pytest.mark.parametrize("statuses, states", TIMELINES)
def test_timeline_marks_each_step_of_the_current_round(statuses: tuple[S, ...],
                                                       states: tuple[str, ...]) -> None:
    assert tuple(state for state, _ in timeline_steps(order_through(*statuses))) == states


def test_cancelling_access_skips_the_sms_step() -> None:
    order = order_through(P, CA, order_type=OrderType.CANCEL_ACCESS)

    assert [state for state, _ in timeline_steps(order)][2] == "skipped"


def test_dates_are_china_time() -> None:
    [(_, submitted), (_, reviewed), *_] = timeline_steps(order_through(P, SMS))

    assert (submitted, reviewed) == ("2026-11-28 10:15", "2026-11-28 11:15")


@pytest.mark.parametrize("locale, current", [("en", "▶ SMS verification"),
                                             ("zh_Hans", "▶ 短信核验")])
def test_the_text_alternative_says_the_same_as_the_picture(locale: str, current: str) -> None:
    picture = timeline_picture(order_through(P, SMS), translator(locale))

    assert current in picture.text and "O1A2B3C4D" in picture.text
    assert [step.state for step in picture.steps].count("current") == 1


@pytest.mark.parametrize("locale, heading", [("en", "Entity"), ("zh_Hans", "主办单位")])
def test_the_pdf_data_is_the_applicants_own_unmasked_order(locale: str, heading: str) -> None:
    reader = OrderReader(translator(locale), locale, all_flows(), formats(locale))
    document = order_document(order_through(P), reader)

    rows = {label: value for section in document.sections for label, value in section.rows}
    assert heading in [section.heading for section in document.sections]
    assert "张三" in rows.values() and "11010519491231002X" in rows.values()  # not masked
    assert document.file_name == "order-O1A2B3C4D.pdf" and document.order_id == "O1A2B3C4D"


# --- the applicant's whole order, as the PDF shows it ---------------------------------------


def full_document(order_type: OrderType, locale: str) -> tuple[FilingOrder, Document]:
    """A fully filled order of ``order_type``, rejected once and corrected, as its PDF data."""
    order = full_order(order_type)
    reject_and_correct(order)
    reader = OrderReader(translator(locale), locale, all_flows(), formats(locale))
    return order, order_document(order, reader)


def document_text(document: Document) -> str:
    return "\n".join([document.title, document.order_id, document.footer,
                      *(f"{section.heading}\n" + "\n".join(f"{label}: {value}"
                                                           for label, value in section.rows)
                        for section in document.sections)])


def never_shown(text: str) -> list[str]:
    """Internal data in ``text``: keys, reprs, hashes, the core's codes, storage names."""
    found = internal_data(text) + [word for word in CODE_WORDS.findall(text) if word in CODES]
    return found + [secret for secret in (STORAGE_KEY, SHA256, "entity_certificate",
                                          "telegram:5550001", "alice") if secret in text]


@pytest.mark.parametrize("locale", ["en", "zh_Hans"])
@pytest.mark.parametrize("order_type", list(OrderType), ids=str)
def test_the_pdf_shows_every_filed_value_in_words_and_nothing_internal(
        order_type: OrderType, locale: str) -> None:
    order, document = full_document(order_type, locale)
    text = document_text(document)

    missing = [value for value in expected_values(order, locale, reviewer=False)
               if value not in text]
    assert missing == [], missing
    assert never_shown(text) == []


@pytest.mark.parametrize("locale", ["en", "zh_Hans"])
def test_the_pdf_says_the_same_as_the_desk_in_the_same_words(locale: str) -> None:
    order, document = full_document(OrderType.FIRST_FILING, locale)
    reader = OrderReader(translator(locale), locale, all_flows(), formats(locale))
    rows = {row for section in document.sections for row in section.rows}

    desk = {(row.label, row.value) for part in reader.parts(order)
            for part_or_person in (part, *part.people) for row in part_or_person.rows}
    assert desk - rows == set()
    t = translator(locale).gettext
    history = dict(document.sections[-1].rows)
    rejected = history["2026-03-02 19:30"]
    assert rejected.splitlines() == [
        t(STATUSES[S.PROVIDER_REJECTED]),
        BULLET + t(reason_by_code("website_name").problem),
        BULLET + t(reason_by_code("materials_unclear").problem),
        BULLET + t("Reviewer's note: {note}").format(note="请按营业执照上的名称填写。")]
    materials = dict(next(section.rows for section in document.sections
                          if section.heading == t("Materials")))
    assert materials == {t("Entity certificate"): "PDF · 2.0 KB"}


def drawn_text(pdf: bytes) -> str:
    """The text a reader of the PDF finds (pdfium: pypdf reads the CJK font's text badly)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


@pytest.mark.parametrize("locale", ["en", "zh_Hans"])
def test_the_drawn_pdf_holds_the_same_text(locale: str) -> None:
    from bot.documents.order_pdf import render_order_pdf

    order, document = full_document(OrderType.FIRST_FILING, locale)
    text = drawn_text(render_order_pdf(document))
    joined = "".join(text.split())  # long values wrap

    missing = [value for value in expected_values(order, locale, reviewer=False)
               if "".join(value.split()) not in joined]
    assert missing == [], missing
    assert never_shown(text) == []
