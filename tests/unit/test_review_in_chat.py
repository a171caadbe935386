"""Reviewers decide from the chat; nobody else can, whatever they type or forge."""

from __future__ import annotations

from bot.i18n import format_datetime, translator
from dialogs.messages import Ask
from dialogs.notifications import render
from filing.lifecycle import Status
from tests.conftest import FakeWorld
from tests.harness import Conversation
from tests.unit.test_lifecycle import sample_order

REVIEWER = "telegram:900"


def reviewer_world() -> FakeWorld:
    return FakeWorld(reviewers=frozenset({REVIEWER}))


def test_new_submission_reaches_reviewers_masked_with_decision_buttons() -> None:
    world = reviewer_world()
    order = world.filing.submit(sample_order(), actor="test:1")
    event = next(e for e in world.outbox if e.name == "OrderSubmitted")
    [card] = render(event, translator("en"), "en", format_datetime)
    assert isinstance(card, Ask) and event.for_reviewers
    assert "张*" in card.text and "张三" not in card.text and "example.com" in card.text
    assert [o.value for o in card.options] == [f"rv:approve:{order.id}",
                                               f"rv:reject:{order.id}"]


def press_labelled(desk: Conversation, fragment: str) -> None:
    """Tap the newest button whose label contains ``fragment``."""
    ask = desk.last_ask
    assert ask is not None
    option = next(o for o in ask.options if fragment in o.label)
    desk.press(option.value, token=None)


def test_reviewer_approves_and_rejects_with_a_catalogued_reason() -> None:
    world = reviewer_world()
    order = world.filing.submit(sample_order(), actor="test:1")
    desk = world.conversation()
    desk.chat = desk.chat.__class__("telegram", "900")
    desk.command("queue")
    assert order.id in desk.text
    desk.press(f"rv:reject:{order.id}", token=None)
    assert "Why is order" in desk.text
    press_labelled(desk, "Website name")
    press_labelled(desk, "Reject: 1 reason")
    assert world.orders.rows[order.id].status is Status.PROVIDER_REVIEW  # not yet: confirm
    press_labelled(desk, "✅ Reject")
    assert world.orders.rows[order.id].status is Status.PROVIDER_REJECTED
    assert world.orders.rows[order.id].history[-1].reasons == ("website_name",)


def confirmed(desk: Conversation, value: str) -> None:
    desk.press(value, token=None)
    press_labelled(desk, "Yes")


def test_reviewer_buttons_follow_the_lifecycle() -> None:
    world = reviewer_world()
    order = world.filing.submit(sample_order(), actor="test:1")
    desk = world.conversation()
    desk.chat = desk.chat.__class__("telegram", "900")
    confirmed(desk, f"rv:approve:{order.id}")
    assert f"rv:sms_verified:{order.id}" in desk.button_values()
    confirmed(desk, f"rv:sms_verified:{order.id}")
    confirmed(desk, f"rv:administration_approve:{order.id}")
    assert world.orders.rows[order.id].icp_number


def test_applicant_cannot_use_reviewer_commands_or_forge_their_buttons() -> None:
    world = reviewer_world()
    order = world.filing.submit(sample_order(), actor="test:1")
    applicant = world.conversation("1")
    applicant.command("queue")
    queue_answer = applicant.text
    applicant.command("nonsense")
    assert queue_answer == applicant.text  # the same answer as for an unknown command
    applicant.press(f"rv:approve:{order.id}", token=None)
    assert world.orders.rows[order.id].status is Status.PROVIDER_REVIEW
