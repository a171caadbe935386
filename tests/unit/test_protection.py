"""Floods, outages and the right to be forgotten."""

from __future__ import annotations

from dialogs.flood import FloodGuard
from dialogs.messages import ChatRef, Command, Text
from filing.errors import StorageUnavailable
from tests.conftest import FakeWorld
from tests.harness import Conversation


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_flooding_chat_is_warned_once_then_ignored_and_recovers() -> None:
    ticks = Ticks()
    guard = FloodGuard(rate=1.0, burst=3, clock=ticks)
    answers = [guard.admit("telegram:1") for _ in range(6)]
    assert answers == [True, True, True, None, False, False]
    assert guard.admit("telegram:2") is True  # others are not affected
    ticks.now = 2.0
    assert guard.admit("telegram:1") is True


def test_flooding_telegram_user_gets_a_polite_message(world: FakeWorld) -> None:
    chat = ChatRef("telegram", "99")
    replies = [world.engine.handle_sync(chat, Text("hello")) for _ in range(40)]
    texts = [m.text for reply in replies for m in reply]
    assert sum("sending messages very fast" in t for t in texts) >= 1
    assert [] in replies  # later messages in the flood are dropped quietly


def test_database_outage_says_the_answer_was_not_saved(world: FakeWorld) -> None:
    def broken(*_: object) -> None:
        raise StorageUnavailable("connection refused")

    world.store.load_profile = broken  # type: ignore[method-assign]
    [reply] = world.engine.handle_sync(ChatRef("test", "1"), Command("start"))
    assert "not saved" in reply.text


def test_forget_deletes_drafts_and_materials_but_keeps_orders_under_review(
        world: FakeWorld) -> None:
    from tests.unit.test_lifecycle import sample_order

    chat: Conversation = world.conversation()
    chat.command("start")
    chat.press("menu:new")
    chat.press("flow:first_filing")
    order = sample_order()
    order.applicant = "test:1"
    world.filing.submit(order, actor="test:1")
    chat.command("forget")
    assert "cannot be undone" in chat.text
    chat.press("forget:yes")
    assert "Deleted 1 draft." in chat.text and "kept until the review ends" in chat.text
    assert not world.store.drafts
    assert world.orders.rows  # the submitted order stays with the reviewers


def test_redelivered_update_is_handled_once_even_after_a_restart(world: FakeWorld) -> None:
    chat = ChatRef("test", "7")
    world.engine.handle_sync(chat, Command("start"), "en", update_id=10)
    world.engine.handle_sync(chat, Command("new"), "en", update_id=11)
    assert world.engine.handle_sync(chat, Command("new"), "en", update_id=11) == []
    assert world.engine.handle_sync(chat, Command("start"), "en", update_id=10) == []
    assert world.engine.handle_sync(chat, Command("new"), "en", update_id=12) != []
