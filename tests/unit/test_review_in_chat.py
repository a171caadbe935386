"""Reviewers decide from the chat; nobody else can, whatever they type or forge."""

from __future__ import annotations

from bot.i18n import format_datetime, translator
from dialogs.messages import Ask, ChatRef
from dialogs.notifications import render
from filing.lifecycle import Status
from filing.reasons import REASONS, reason_by_code, reasons_for
from filing.types import OrderType
from tests.conftest import FakeWorld
from tests.harness import Conversation
from tests.orders_by_type import order_of
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


def reviewer_desk(world: FakeWorld) -> Conversation:
    desk = world.conversation()
    desk.chat = ChatRef("telegram", "900")
    return desk


def tick(desk: Conversation, code: str) -> None:
    """Tap the reason ``code`` in the reason menu shown last."""
    label = reason_by_code(code).problem[:58]
    [option] = [o for o in desk.last_ask.options if o.label.endswith(label)]  # type: ignore[union-attr]
    desk.press(option.value, token=None)


def test_reviewer_rejects_with_several_catalogued_reasons() -> None:
    world = reviewer_world()
    order = world.filing.submit(sample_order(), actor="test:1")
    desk = reviewer_desk(world)
    desk.command("queue")
    assert order.id in desk.text
    desk.press(f"rv:reject:{order.id}", token=None)
    assert "Why is order" in desk.text
    tick(desk, "website_name")
    tick(desk, "materials_unclear")
    tick(desk, "domain_not_verified")
    tick(desk, "domain_not_verified")  # a second tap takes it back
    send = next(v for v in desk.button_values() if "!" in v)
    desk.press(send, token=None)
    assert world.orders.rows[order.id].status is Status.PROVIDER_REJECTED
    assert world.orders.rows[order.id].history[-1].reasons == ("website_name",
                                                              "materials_unclear")


def test_reasons_offered_fit_the_order_type() -> None:
    world = reviewer_world()
    cancel = world.filing.submit(order_of(OrderType.CANCEL_ENTITY), actor="test:1")
    desk = reviewer_desk(world)
    desk.press(f"rv:sms_verified:{cancel.id}", token=None)
    desk.press(f"rv:administration_reject:{cancel.id}", token=None)
    labels = [o.label for o in desk.last_ask.options]  # type: ignore[union-attr]
    offered = {r.code for r in REASONS if any(label.endswith(r.problem[:58])
                                              for label in labels)}
    assert offered == {r.code for r in reasons_for(OrderType.CANCEL_ENTITY)}
    assert "website_name" not in offered and "site_online_during_review" not in offered
    assert "filing_mismatch" in offered and "other" in offered


def test_other_needs_a_note_which_the_reject_command_carries() -> None:
    world = reviewer_world()
    order = world.filing.submit(sample_order(), actor="test:1")
    desk = reviewer_desk(world)
    desk.press(f"rv:reject:{order.id}", token=None)
    tick(desk, "other")
    assert not any("!" in v for v in desk.button_values())  # no sending without a note
    assert f"/reject {order.id} other" in desk.text
    desk.command("reject", f"{order.id} other")
    assert world.orders.rows[order.id].status is Status.PROVIDER_REVIEW
    assert "needs a note" in desk.text
    desk.command("reject", f"{order.id} other,website_name The site sells shoes.")
    rejected = world.orders.rows[order.id]
    assert rejected.status is Status.PROVIDER_REJECTED
    assert rejected.history[-1].reasons == ("other", "website_name")
    assert rejected.history[-1].note == "The site sells shoes."


def test_claims_and_cancellations_get_the_buttons_of_their_own_path() -> None:
    world = reviewer_world()
    claim = world.filing.submit(order_of(OrderType.CLAIM), actor="test:1")
    cancel = world.filing.submit(order_of(OrderType.CANCEL_WEBSITE), actor="test:1")
    notices = [e for e in world.outbox if e.name == "OrderSubmitted"]
    cards = [render(e, translator("en"), "en", format_datetime)[0] for e in notices]
    assert [o.value for o in cards[0].options] == [  # type: ignore[attr-defined]
        f"rv:approve:{claim.id}", f"rv:reject:{claim.id}"]
    assert [o.value for o in cards[1].options] == [  # type: ignore[attr-defined]
        f"rv:sms_sent:{cancel.id}", f"rv:sms_verified:{cancel.id}",
        f"rv:sms_expired:{cancel.id}"]
    desk = reviewer_desk(world)
    desk.press(f"rv:approve:{claim.id}", token=None)
    assert world.orders.rows[claim.id].status is Status.APPROVED
    desk.press(f"rv:approve:{cancel.id}", token=None)  # not a step of a cancellation
    assert world.orders.rows[cancel.id].status is Status.SMS_VERIFICATION


def test_reviewer_buttons_follow_the_lifecycle() -> None:
    world = reviewer_world()
    order = world.filing.submit(sample_order(), actor="test:1")
    desk = reviewer_desk(world)
    desk.press(f"rv:approve:{order.id}", token=None)
    assert f"rv:sms_verified:{order.id}" in desk.button_values()
    desk.press(f"rv:sms_verified:{order.id}", token=None)
    desk.press(f"rv:administration_approve:{order.id}", token=None)
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
    applicant.command("reject", f"{order.id} other Forged.")
    assert world.orders.rows[order.id].status is Status.PROVIDER_REVIEW
