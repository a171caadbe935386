"""/status shows the applicant's filings and orders with numbers, states and a dated
timeline; a filing the applicant holds prefills the next order on it."""

from __future__ import annotations

from filing.lifecycle import Status
from filing.types import OrderType
from tests.conftest import FakeWorld
from tests.orders_by_type import order_of
from tests.unit.test_flows_all import draft_state
from tests.walk import approve

T = OrderType
ENTITY = "浙ICP备2026000001号"


def filed_with_two_websites(world: FakeWorld) -> None:
    approve(world.filing, order_of(T.FIRST_FILING, "test:1", ("a.com", "b.com")))
    world.clock.advance(days=3)
    approve(world.filing, order_of(T.CANCEL_WEBSITE, "test:1", ("b.com",),
                                   site_numbers=(f"{ENTITY}-2",)))


def test_status_shows_every_website_with_its_number_and_state(world: FakeWorld) -> None:
    filed_with_two_websites(world)
    chat = world.conversation("1")
    chat.command("status")
    text = chat.text
    assert f"{ENTITY} · 张三 · Filed" in text  # the applicant's own filing: whole
    assert f"a.com: {ENTITY}-1 · Filed" in text
    assert f"b.com: {ENTITY}-2 · Cancelled" in text
    assert "Cancel a website: Approved" in text and "First-time filing: Approved" in text


def test_status_gives_each_order_a_timeline_in_china_time(world: FakeWorld) -> None:
    approve(world.filing, order_of(T.CLAIM, "test:1"))
    chat = world.conversation("1", locale="zh_Hans")
    chat.command("status")
    # The clock says 08:00 UTC: 16:00 in China.
    lines = [line for line in chat.text.splitlines() if line.startswith("    2026-11-29")]
    assert lines == ["    2026-11-29 16:00 接入商初审中", "    2026-11-29 16:00 审核通过"]


def test_status_of_an_order_waiting_for_its_number(world: FakeWorld) -> None:
    world.filing.submit(order_of(T.FIRST_FILING, "test:1", ("new.com",)), actor="test:1")
    chat = world.conversation("1")
    chat.command("status")
    assert "new.com: no number yet" in chat.text


def test_a_filed_entity_prefills_a_new_website_order(world: FakeWorld) -> None:
    filed_with_two_websites(world)
    chat = world.conversation("1")
    chat.press("flow:new_website")
    assert "Start from one of your filings?" in chat.text
    assert chat.button_values()[-1] == "pf:new_website:"
    chat.press(chat.button_values()[0])
    answers = world.store.drafts[world.store.profiles["test:1"].active_draft or ""].answers
    assert answers["entity_filing_number"] == ENTITY
    assert answers["certificate_number"] == "11010519491231002X"
    assert answers["leader_mobile"] == "13812345678"
    assert draft_state(world) == "certificate_valid_until"  # the first thing it cannot say


def test_a_website_order_offers_only_the_live_websites(world: FakeWorld) -> None:
    filed_with_two_websites(world)
    chat = world.conversation("1")
    chat.press("flow:modify_website")
    labels = [o.label for o in chat.last_ask.options]  # type: ignore[union-attr]
    assert f"{ENTITY}-1 · a.com" in labels and not any("b.com" in label for label in labels)
    chat.press(chat.button_values()[0])
    answers = world.store.drafts[world.store.profiles["test:1"].active_draft or ""].answers
    assert answers["filing_number"] == f"{ENTITY}-1" and answers["domain"] == "a.com"
    assert "website_name" not in answers  # what a change changes is asked, not prefilled
    assert draft_state(world) == "website_change"


def test_nobody_else_can_start_from_your_filing(world: FakeWorld) -> None:
    filed_with_two_websites(world)
    stranger = world.conversation("2")
    stranger.press("flow:cancel_entity")
    assert "Start from one of your filings?" not in stranger.text
    stranger.press("pf:cancel_entity:1")  # a forged button starts a blank draft
    draft = world.store.drafts[world.store.profiles["test:2"].active_draft or ""]
    assert "entity_filing_number" not in draft.answers


def test_a_cancelled_entity_is_not_offered(world: FakeWorld) -> None:
    approve(world.filing, order_of(T.FIRST_FILING, "test:1"))
    approve(world.filing, order_of(T.CANCEL_ENTITY, "test:1", entity_number=ENTITY))
    chat = world.conversation("1")
    chat.press("flow:new_website")
    assert "Start from one of your filings?" not in chat.text
    assert world.orders.rows and all(o.status is Status.APPROVED
                                     for o in world.orders.rows.values())
