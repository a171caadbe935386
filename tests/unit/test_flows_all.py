"""Every filing flow, end to end: completed into the review queue in both languages, and the
form behaviour each one gets (digression, language switch, cancel and resume, back, edit)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from bench.autopilot import photo
from dialogs.flows import all_flows
from filing.lifecycle import first_step
from filing.model import FilingOrder
from filing.types import OrderType
from tests.conftest import FakeWorld
from tests.harness import Conversation
from tests.unit.test_regional_rules import resident_id

SERVICE_CODE = "32a43232-a888-88e8-b9ec-00888be81234"
ZJ_ID = resident_id("33", "19900101")
LEADER_ID = resident_id("33", "19800101")
ENTITY_NUMBER = "浙ICP备12345678号"
SITE_NUMBER = "浙ICP备12345678号-1"

Action = tuple[str, str]
IDENTIFY_PERSON: list[Action] = [("press", "ans:CN-ZJ"), ("press", "ans:individual"),
                                 ("say", "张三"), ("press", "ans:resident_id"), ("say", ZJ_ID)]
IDENTIFY_COMPANY: list[Action] = [("press", "ans:CN-ZJ"), ("press", "ans:enterprise"),
                                  ("say", "杭州示例科技有限公司"),
                                  ("press", "ans:business_license"),
                                  ("say", "91330100716105852F")]
UPLOAD: Action = ("upload", "")
SKIP: Action = ("press", "nav:skip")
# The individual's certificate validity, address (in the filing province: it is the mailing
# address too), mobile, e-mail, emergency phone.
PERSON_DETAILS: list[Action] = [("say", "长期"), ("say", "浙江省杭州市西湖区文三路100号"),
                                ("say", "13812345678"),
                                ("say", "zhang@example.com"), ("say", "13912345678")]
# The company's leader: the legal representative with a resident ID, valid long-term.
COMPANY_LEADER: list[Action] = [("press", "ans:yes"), ("press", "ans:resident_id"),
                                ("say", "李四"), ("say", LEADER_ID), ("say", "长期"),
                                ("say", "13812345678"), ("say", "li@example.com")]
ACCESS: list[Action] = [("press", "ans:mainland"), ("say", SERVICE_CODE)]
ADD_WEBSITE: Action = ("press", "add:another_website")  # the summary's button


def website(name: str, domain: str, content: str, organisation: bool = False) -> list[Action]:
    """One website: name, domain, holder (at a mainland registrar), expiry, content (its
    language is Chinese unless changed on the summary); for an organisation, no pre-approval
    (individuals are not asked) and the entity leader as its administrator."""
    return [("say", name), ("say", domain), ("press", "ans:entity"), ("say", "2030-12-31"),
            ("press", f"ans:{content}"),
            *([("press", "ans:none"), ("press", "ans:leader")] if organisation else [])]


# One complete, valid run of each flow, button values and typed answers only (no wording).
SCRIPTS: dict[str, list[Action]] = {
    "first_filing": [*IDENTIFY_PERSON, *PERSON_DETAILS,
                     *website("美食分享日记", "example.com", "personal"),
                     UPLOAD, UPLOAD, *ACCESS],
    "new_website": [("say", ENTITY_NUMBER), *IDENTIFY_COMPANY, *COMPANY_LEADER,
                    ("say", "13912345678"),
                    *website("示例科技官网", "example.com", "company", True),
                    UPLOAD, UPLOAD, UPLOAD, *ACCESS,
                    ADD_WEBSITE, *website("示例科技商城", "example.cn", "ecommerce", True),
                    ("press", "ans:no")],
    "new_access": [*IDENTIFY_PERSON, ("say", "13812345678"), ("say", SITE_NUMBER),
                   ("say", "example.com"), *ACCESS],
    "modify_entity": [("say", ENTITY_NUMBER), *IDENTIFY_COMPANY, ("press", "ans:name"),
                      ("say", "杭州新示例科技有限公司"), UPLOAD],
    "modify_website": [("say", SITE_NUMBER), *IDENTIFY_PERSON, ("say", "example.com"),
                       ("press", "ans:name"), ("say", "我的摄影小空间")],
    "modify_access": [("say", SITE_NUMBER), *IDENTIFY_PERSON, ("say", "example.com"),
                      ("press", "ans:instance"), *ACCESS],
    "cancel_website": [("say", SITE_NUMBER), *IDENTIFY_PERSON, ("say", "example.com")],
    "cancel_entity": [("say", ENTITY_NUMBER), *IDENTIFY_PERSON],
    "cancel_access": [*IDENTIFY_PERSON, ("say", SITE_NUMBER), ("say", "example.com"),
                      ("press", "ans:yes")],
    "claim": [("press", "ans:yes"), ("press", "ans:yes"), ("press", "ans:no"),
              ("press", "ans:no"), *IDENTIFY_PERSON, ("say", SITE_NUMBER),
              ("say", "example.com"), UPLOAD, UPLOAD],
    "import": [("say", "2012-03-15"), ("say", ENTITY_NUMBER), *IDENTIFY_PERSON],
}


def _first_site(order: FilingOrder) -> str:
    return order.websites[0].filing_number


# What must have landed in the order, per flow.
CHECKS: dict[str, Callable[[FilingOrder], bool]] = {
    "first_filing": lambda o: (o.websites[0].domain == "example.com"
                               and [m.kind for m in o.materials] == ["id_card_front",
                                                                     "id_card_back"]
                               and o.entity.leader.emergency_phone == "13912345678"
                               and o.entity.mailing_address == o.entity.address
                               and o.websites[0].domain_holder == "entity"
                               and o.websites[0].languages == ("zh-Hans",)
                               and o.access is not None
                               and o.access.instance_region == "mainland"),
    "new_website": lambda o: ([s.domain for s in o.websites] == ["example.com", "example.cn"]
                              and o.entity.filing_number == ENTITY_NUMBER
                              and o.entity.leader.certificate_number == LEADER_ID
                              and [m.kind for m in o.materials] == [
                                  "entity_certificate", "leader_id_front", "leader_id_back"]),
    "new_access": lambda o: (_first_site(o) == SITE_NUMBER
                             and o.websites[0].domain == "example.com"
                             and o.access is not None
                             and o.access.service_code == SERVICE_CODE),
    "modify_entity": lambda o: (o.details["new_entity_name"] == "杭州新示例科技有限公司"
                                and o.entity.filing_number == ENTITY_NUMBER
                                and [m.kind for m in o.materials] == ["change_certificate"]),
    "modify_website": lambda o: (o.websites[0].name == "我的摄影小空间"
                                 and o.details["website_change"] == "name"
                                 and _first_site(o) == SITE_NUMBER),
    "modify_access": lambda o: (o.access is not None and o.access.service_code == SERVICE_CODE
                                and o.details["access_change"] == "instance"),
    "cancel_website": lambda o: (_first_site(o) == SITE_NUMBER
                                 and o.websites[0].domain == "example.com"),
    "cancel_entity": lambda o: o.entity.filing_number == ENTITY_NUMBER and not o.websites,
    "cancel_access": lambda o: (_first_site(o) == SITE_NUMBER
                                and o.details["new_access_done"] == "yes"),
    "claim": lambda o: (_first_site(o) == SITE_NUMBER and len(o.materials) == 2
                        and o.details["claim_hichina"] == "yes"),
    "import": lambda o: (o.details["filed_on"] == "2012-03-15"
                         and o.entity.filing_number == ENTITY_NUMBER),
}
ORDER_FLOWS = list(SCRIPTS)


def start(chat: Conversation, flow: str) -> None:
    chat.command("start")
    chat.press("menu:new")
    chat.press(f"flow:{flow}")


def play(chat: Conversation, actions: list[Action], strict: bool = False) -> None:
    """The actions in turn; ``strict``: each one is taken as an answer (a button that is on
    the screen, nothing refused), so that a script cannot drift from its flow unnoticed."""
    for kind, value in actions:
        if kind == "press":
            assert not strict or value in chat.button_values(), (value, chat.text)
            chat.press(value)
        elif kind == "say":
            chat.say(value)
        else:
            chat.upload("scan.jpg", "image/jpeg", photo(tag=str(len(chat.transcript))))
        assert not strict or not chat.text.startswith("⚠️"), (kind, value, chat.text)


def draft_state(world: FakeWorld, chat: str = "test:1") -> str:
    """Where the chat's active draft stands."""
    draft_id = world.store.profiles[chat].active_draft
    assert draft_id is not None
    return world.store.drafts[draft_id].state


def submitted(world: FakeWorld, flow: str) -> FilingOrder:
    [order] = world.orders.rows.values()
    assert order.order_type is OrderType(flow)
    assert order.status is first_step(order.order_type)  # cancellations: straight to the SMS
    return order


def test_every_operation_is_offered_with_the_chooser_first(world: FakeWorld) -> None:
    chat = world.conversation()
    chat.command("start")
    chat.press("menu:new")
    assert chat.button_values() == [f"flow:{name}" for name in all_flows()]
    assert chat.button_values()[0] == "flow:choose"
    assert set(ORDER_FLOWS) == set(all_flows()) - {"choose"}


@pytest.mark.parametrize("locale", ["en", "zh_Hans"])
@pytest.mark.parametrize("flow", ORDER_FLOWS)
def test_flow_completes_into_the_review_queue_with_all_its_data(
        world: FakeWorld, flow: str, locale: str) -> None:
    chat = world.conversation(locale=locale)
    start(chat, flow)
    play(chat, SCRIPTS[flow], strict=True)
    assert draft_state(world) == "summary"
    chat.press("nav:confirm")
    order = submitted(world, flow)
    assert CHECKS[flow](order), order
    assert order.applicant == "test:1"


@pytest.mark.parametrize("flow", ORDER_FLOWS)
def test_flow_survives_a_digression_a_language_switch_and_cancel_resume(
        world: FakeWorld, flow: str) -> None:
    chat = world.conversation(locale="zh_Hans")
    start(chat, flow)
    script = SCRIPTS[flow]
    half = len(script) // 2
    play(chat, script[:half])
    here = draft_state(world)
    chat.say("审核需要多久？")  # a question, not an answer: answered, same step again
    assert draft_state(world) == here and chat.last_ask is not None
    chat.command("language")
    chat.press("lang:en")
    assert world.store.profiles["test:1"].locale == "en"
    assert draft_state(world) == here and chat.last_ask is not None
    assert re.search(r" · \d+/\d+ · ", chat.last_ask.text)  # re-rendered, with its progress
    chat.press("nav:cancel")
    assert "draft is kept" in chat.text
    chat.command("start")
    chat.press(chat.button_values()[0])  # continue the unfinished draft
    assert draft_state(world) == here
    play(chat, script[half:])
    chat.press("nav:confirm")
    assert CHECKS[flow](submitted(world, flow))


@pytest.mark.parametrize("flow", ORDER_FLOWS)
def test_back_returns_to_the_previous_step_and_keeps_the_answer(
        world: FakeWorld, flow: str) -> None:
    chat = world.conversation()
    start(chat, flow)
    first = draft_state(world)
    play(chat, SCRIPTS[flow][:1])
    chat.press("nav:back")
    assert draft_state(world) == first
    [draft] = world.store.drafts.values()
    assert draft.answers  # the first answer is still there
    play(chat, SCRIPTS[flow])
    chat.press("nav:confirm")
    assert CHECKS[flow](submitted(world, flow))


@pytest.mark.parametrize("flow", ORDER_FLOWS)
def test_edit_from_the_summary_returns_to_the_summary(world: FakeWorld, flow: str) -> None:
    chat = world.conversation()
    start(chat, flow)
    play(chat, SCRIPTS[flow])
    chat.press("edit:remarks")
    assert draft_state(world) == "remarks"
    chat.say("网站仅用于展示")
    assert draft_state(world) == "summary" and "网站仅用于展示" in chat.text
    chat.press("nav:confirm")
    assert submitted(world, flow).remarks == "网站仅用于展示"


@pytest.mark.parametrize("flow", ORDER_FLOWS)
def test_required_step_cannot_be_skipped(world: FakeWorld, flow: str) -> None:
    chat = world.conversation()
    start(chat, flow)
    first = draft_state(world)
    chat.command("skip")
    assert "cannot be skipped" in chat.text and draft_state(world) == first


@pytest.mark.parametrize("flow", ORDER_FLOWS)
def test_summary_shows_progress_and_the_applicants_own_data_whole(world: FakeWorld,
                                                                 flow: str) -> None:
    chat = world.conversation()
    start(chat, flow)
    assert re.search(r" · 1/\d+ · ", chat.text)
    play(chat, SCRIPTS[flow])
    assert "Please check your" in chat.text
    assert ZJ_ID in chat.text or "91330100716105852F" in chat.text  # theirs: not masked
