"""A rejected order goes back to the applicant, who fixes the flagged fields and resubmits."""

from __future__ import annotations

from bot.i18n import format_datetime, translator
from dialogs.messages import Ask
from dialogs.notifications import render
from filing.lifecycle import Action, Status
from filing.services import ReviewDecision
from tests.conftest import FakeWorld
from tests.unit.test_first_filing_flow import fill_individual


def _rejection_message(world: FakeWorld, order_id: str) -> Ask:
    event = world.outbox[-1]
    [message] = render(event, translator("en"), "en", format_datetime)
    assert isinstance(message, Ask)
    return message


def test_rejection_says_what_to_fix_and_offers_a_button(world: FakeWorld) -> None:
    chat = world.conversation()
    fill_individual(chat)
    chat.press("nav:confirm")
    [order] = world.orders.rows.values()
    world.filing.decide(ReviewDecision(order.id, Action.REJECT, "alice", ("website_name",),
                                       "too generic"))
    message = _rejection_message(world, order.id)
    assert "naming rules" in message.text and "too generic" in message.text
    assert message.options[0].value == f"fix:{order.id}"


def test_fix_button_leads_to_the_flagged_field_and_resubmits_the_same_order(
        world: FakeWorld) -> None:
    chat = world.conversation()
    fill_individual(chat)
    chat.press("nav:confirm")
    [order] = world.orders.rows.values()
    world.filing.decide(ReviewDecision(order.id, Action.REJECT, "alice", ("website_name",)))
    chat.press(f"fix:{order.id}", token=None)
    assert "Website name" in chat.text
    chat.say("我的摄影小空间")
    assert "Please check your First-time filing" in chat.text
    chat.press("nav:confirm")
    resubmitted = world.orders.rows[order.id]
    assert resubmitted.status is Status.PROVIDER_REVIEW and resubmitted.round == 2
    assert resubmitted.websites[0].name == "我的摄影小空间"
    assert resubmitted.entity.certificate_number == "11010519491231002X"
    assert [h.new_status for h in resubmitted.history] == [
        Status.PROVIDER_REVIEW, Status.PROVIDER_REJECTED, Status.PROVIDER_REVIEW]


def test_someone_elses_order_cannot_be_fixed(world: FakeWorld) -> None:
    chat = world.conversation("1")
    fill_individual(chat)
    chat.press("nav:confirm")
    [order] = world.orders.rows.values()
    world.filing.decide(ReviewDecision(order.id, Action.REJECT, "alice", ("website_name",)))
    intruder = world.conversation("2")
    intruder.press(f"fix:{order.id}", token=None)
    assert "No order" in intruder.text
    assert not [d for d in world.store.drafts.values() if d.chat == "test:2"]
