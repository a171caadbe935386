"""Flows that decide the operation: the chooser (§2.1 matrix and entry questions), claim
refusals, import window edges, and the domain change that must become cancel + new website."""

from __future__ import annotations

import pytest

from tests.conftest import FakeWorld
from tests.harness import Conversation
from tests.unit.test_flows_all import IDENTIFY_PERSON, SITE_NUMBER, play, start


def recommendation(chat: Conversation) -> str:
    starts = [v for v in chat.button_values() if v.startswith("flow:")]
    assert len(starts) == 1, chat.text
    return starts[0].removeprefix("flow:")


@pytest.mark.parametrize(("entity_here", "entity_anywhere", "website_filed", "operation"), [
    ("no", "no", None, "first_filing"),
    ("no", "yes", "no", "new_website"),
    ("no", "yes", "yes", "new_access"),
    ("yes", None, "no", "new_website"),
    ("yes", None, "yes", "new_access"),
])
def test_chooser_recommends_what_the_console_would_infer(
        world: FakeWorld, entity_here: str, entity_anywhere: str | None,
        website_filed: str | None, operation: str) -> None:
    chat = world.conversation(locale="zh_Hans")
    start(chat, "choose")
    chat.press("ans:file")
    for answer in (entity_here, entity_anywhere, website_filed):
        if answer is not None:
            chat.press(f"ans:{answer}")
    assert recommendation(chat) == operation
    assert not world.orders.rows  # a recommendation, no order
    chat.press(f"flow:{operation}")
    [draft] = [d for d in world.store.drafts.values() if d.status == "active"]
    assert draft.flow == operation


@pytest.mark.parametrize(("intent", "answer", "operation"), [
    ("modify", "modify_entity", "modify_entity"),
    ("modify", "modify_website", "modify_website"),
    ("modify", "modify_access", "modify_access"),
    ("cancel", "cancel_website", "cancel_website"),
    ("cancel", "cancel_entity", "cancel_entity"),
    ("cancel", "cancel_access", "cancel_access"),
    ("old", "claim", "claim"),
    ("old", "import", "import"),
    ("old", "new_access", "new_access"),
])
def test_chooser_entry_questions_lead_to_the_operation(
        world: FakeWorld, intent: str, answer: str, operation: str) -> None:
    chat = world.conversation()
    start(chat, "choose")
    chat.press(f"ans:{intent}")
    chat.press(f"ans:{answer}")
    assert "the right operation is" in chat.text
    assert recommendation(chat) == operation


def test_chooser_back_changes_an_answer_before_recommending(world: FakeWorld) -> None:
    chat = world.conversation()
    start(chat, "choose")
    chat.press("ans:file")
    chat.press("nav:back")
    chat.press("ans:cancel")
    chat.press("ans:cancel_entity")
    assert recommendation(chat) == "cancel_entity"


@pytest.mark.parametrize(("answers", "operation", "why"), [
    (["no"], "new_access", "Only HiChina filings can be claimed"),
    (["yes", "no"], "import", "need no claim"),
    (["yes", "yes", "yes"], "new_access", "another provider was added"),
    (["yes", "yes", "no", "yes"], "modify_website", "already in an Alibaba Cloud account"),
])
def test_claim_refuses_with_the_reason_and_offers_the_right_operation(
        world: FakeWorld, answers: list[str], operation: str, why: str) -> None:
    chat = world.conversation()
    start(chat, "claim")
    for answer in answers:
        chat.press(f"ans:{answer}")
    assert why in chat.text
    chat.press("ans:ok")
    assert recommendation(chat) == operation
    assert not world.orders.rows


def test_claim_refusal_can_be_taken_back(world: FakeWorld) -> None:
    chat = world.conversation()
    start(chat, "claim")
    chat.press("ans:no")
    chat.press("nav:back")
    chat.press("ans:yes")
    assert "before June 2010" in chat.text


@pytest.mark.parametrize("filed_on", ["2010-06-01", "2017-01-31", "2010年6月1日", "2017/1/31"])
def test_import_accepts_the_edges_of_the_window(world: FakeWorld, filed_on: str) -> None:
    chat = world.conversation()
    start(chat, "import")
    chat.say(filed_on)
    assert "Entity filing number" in chat.text


@pytest.mark.parametrize(("filed_on", "operation", "why"), [
    ("2010-05-31", "claim", "claimed instead"),
    ("2017-02-01", "new_access", "need no import"),
])
def test_import_outside_the_window_explains_and_offers_the_right_operation(
        world: FakeWorld, filed_on: str, operation: str, why: str) -> None:
    chat = world.conversation()
    start(chat, "import")
    chat.say(filed_on)
    assert why in chat.text
    chat.press("ans:ok")
    assert recommendation(chat) == operation
    assert not world.orders.rows


def test_import_date_that_is_no_date_is_refused_and_asked_again(world: FakeWorld) -> None:
    chat = world.conversation()
    start(chat, "import")
    for text in ("last spring", "2012-13-01", "2012-02-30"):
        chat.say(text)
        assert "year-month-day" in chat.text
    assert "For example: 2012-03-15" in chat.text  # the hint after the third failure


def test_domain_change_is_explained_and_leads_to_cancel_website(world: FakeWorld) -> None:
    chat = world.conversation()
    start(chat, "modify_website")
    play(chat, [("say", SITE_NUMBER), *IDENTIFY_PERSON, ("say", "example.com")])
    chat.press("ans:domain")
    assert "2019-04-22" in chat.text and "new website" in chat.text
    chat.press("ans:ok")
    assert recommendation(chat) == "cancel_website"
    assert not world.orders.rows
