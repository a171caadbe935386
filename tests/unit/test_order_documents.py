"""The plain data behind the timeline picture and the PDF (dialogs/documents.py): which step
is done, current, failed or skipped, and what the PDF says, in both languages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.i18n import translator
from dialogs.documents import order_document, timeline_picture, timeline_steps
from filing.lifecycle import Status as S
from filing.model import FilingOrder, StatusChange
from filing.types import OrderType
from tests.unit.test_lifecycle import sample_order

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
    document = order_document(order_through(P), translator(locale),
                              "zh" if locale != "en" else "en")

    rows = {label: value for section in document.sections for label, value in section.rows}
    assert heading in [section.heading for section in document.sections]
    assert "张三" in rows.values() and "11010519491231002X" in rows.values()  # not masked
    assert document.file_name == "order-O1A2B3C4D.pdf" and document.order_id == "O1A2B3C4D"
