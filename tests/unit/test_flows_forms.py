"""Form details of the flows: several websites, materials per entity type and region, the
regional pre-check on the summary, warnings before confirming, refusals with a reason."""

from __future__ import annotations

import re

import pytest

from bench import autopilot
from bench.autopilot import photo
from dialogs.messages import Ask
from tests.conftest import FakeWorld
from tests.harness import Conversation
from tests.samples import PDF
from tests.unit.test_flows_all import (
    ACCESS,
    ENTITY_NUMBER,
    IDENTIFY_PERSON,
    SCRIPTS,
    SITE_NUMBER,
    UPLOAD,
    ZJ_ID,
    Action,
    draft_state,
    play,
    start,
)
from tests.unit.test_flows_all import website as site_answers
from tests.unit.test_regional_rules import resident_id

ADDRESSES = {"CN-ZJ": "浙江省杭州市西湖区文三路100号", "CN-JS": "江苏省南京市玄武区中山路100号",
             "CN-CQ": "重庆市渝中区解放碑路100号", "CN-XJ": "新疆乌鲁木齐市天山区人民路100号"}
# After the individual's address (in the filing province: the mailing address too): mobile,
# e-mail, emergency phone.
CONTACT: list[Action] = [("say", "13812345678"), ("say", "zhang@example.com"),
                         ("say", "13912345678")]
END: list[Action] = [UPLOAD, UPLOAD, *ACCESS]  # ID card photos, the instance: the summary
ADD: Action = ("press", "add:another_website")  # the summary's button
NO_MORE: Action = ("press", "ans:no")  # asked after a website added from the summary


COUNTER = re.compile(r"^(?P<section>[^·\n]+) · \d+/(?P<total>\d+) · ")

def first_filing_until_address(chat: Conversation, region: str = "CN-ZJ",
                               number: str = ZJ_ID) -> None:
    start(chat, "first_filing")
    play(chat, [("press", f"ans:{region}"), ("press", "ans:individual"), ("say", "张三"),
                ("press", "ans:resident_id"), ("say", number), ("say", "长期"),
                ("say", ADDRESSES[region])])


def first_filing_until_website(chat: Conversation, region: str = "CN-ZJ",
                               number: str = ZJ_ID) -> None:
    first_filing_until_address(chat, region, number)
    play(chat, CONTACT)


def website(name: str, domain: str) -> list[Action]:
    return site_answers(name, domain, "personal")


def test_first_filing_collects_several_websites_one_domain_each(world: FakeWorld) -> None:
    chat = world.conversation()
    first_filing_until_website(chat)
    play(chat, [*website("美食分享日记", "example.com"), *END, ADD])
    play(chat, website("我的摄影小空间", "example.com")[:2])
    assert "already in this order" in chat.text and draft_state(world) == "domain"
    play(chat, [*website("我的摄影小空间", "example.net")[1:], NO_MORE])
    assert "Website 1\n• Website name: 美食分享日记\n• Domain: example.com" in chat.text
    chat.press("nav:confirm")
    [order] = world.orders.rows.values()
    assert [(s.name, s.domain) for s in order.websites] == [
        ("美食分享日记", "example.com"), ("我的摄影小空间", "example.net")]


def two_websites_at_the_summary(world: FakeWorld) -> Conversation:
    chat = world.conversation()
    first_filing_until_website(chat)
    play(chat, [*website("美食分享日记", "example.com"), *END, ADD,
                *website("我的摄影小空间", "example.net"), NO_MORE])
    return chat


def test_every_field_of_an_earlier_website_is_labelled_and_can_be_edited(
        world: FakeWorld) -> None:
    chat = two_websites_at_the_summary(world)
    assert "edit:websites.0.domain" in chat.button_values()
    chat.press("edit:websites.0.domain")
    assert chat.last_ask is not None
    assert chat.last_ask.text.startswith("Website 1 of 2 · 2/")
    assert "(Current answer: example.com)" in chat.last_ask.text
    chat.say("example.cn")
    assert draft_state(world) == "summary"
    assert "Website 1\n• Website name: 美食分享日记\n• Domain: example.cn" in chat.text
    chat.press("nav:confirm")
    [order] = world.orders.rows.values()
    assert [s.domain for s in order.websites] == ["example.cn", "example.net"]


def test_a_forged_item_edit_shows_the_summary_again(world: FakeWorld) -> None:
    chat = two_websites_at_the_summary(world)
    for forged in ("edit:websites.9.domain", "edit:websites.0.region", "edit:region.0.x"):
        chat.press(forged)
        assert draft_state(world) == "summary"


def test_the_step_counter_counts_within_a_section_and_never_goes_back(
        world: FakeWorld) -> None:
    chat = world.conversation()
    start(chat, "first_filing")
    seen = []
    for action in [("press", "ans:CN-ZJ"), ("press", "ans:enterprise")]:
        play(chat, [action])
        assert chat.last_ask is not None
        seen.append(chat.last_ask.text.split(" · ")[:2])
    assert seen[0][0] == seen[1][0] == "Entity"
    assert int(seen[1][1].split("/")[0]) == int(seen[0][1].split("/")[0]) + 1


def test_new_access_collects_several_filed_websites(world: FakeWorld) -> None:
    chat = world.conversation()
    start(chat, "new_access")
    assert "cannot be edited" in chat.text  # said when the flow starts
    play(chat, [*IDENTIFY_PERSON, ("say", "13812345678"), ("say", SITE_NUMBER),
                ("say", "example.com"), *ACCESS, ADD, ("say", "浙ICP备12345678号-2"),
                ("say", "example.net"), NO_MORE])
    assert "cannot be edited" in chat.text  # and again on the summary
    chat.press("nav:confirm")
    [order] = world.orders.rows.values()
    assert [(s.filing_number, s.domain) for s in order.websites] == [
        (SITE_NUMBER, "example.com"), ("浙ICP备12345678号-2", "example.net")]


def test_website_filing_number_without_its_suffix_is_refused(world: FakeWorld) -> None:
    chat = world.conversation()
    start(chat, "cancel_website")
    chat.say(ENTITY_NUMBER)
    assert "ends in -1" in chat.text and draft_state(world) == "filing_number"


@pytest.mark.parametrize("flow", list(SCRIPTS))
def test_invalid_answer_is_refused_with_a_reason_and_a_hint_after_three(
        world: FakeWorld, flow: str) -> None:
    chat = world.conversation()
    start(chat, flow)
    script = SCRIPTS[flow]
    typed = next(i for i, (kind, _) in enumerate(script) if kind == "say")
    play(chat, script[:typed])
    here = draft_state(world)
    for attempt in range(3):
        chat.say("1")
        assert chat.text.startswith("⚠️") and draft_state(world) == here
        assert ("For example" in chat.text) == (attempt == 2)


def test_non_local_individual_is_asked_for_the_permit_at_the_address_step(
        world: FakeWorld) -> None:
    chat = world.conversation()
    first_filing_until_address(chat, number="11010519491231002X")  # a Beijing ID in Zhejiang
    assert draft_state(world) == "residence_permit" and "residence permit" in chat.text
    chat.upload("permit.pdf", "application/pdf", PDF)
    play(chat, [*CONTACT, *website("美食分享日记", "example.com"), *END,
                ("press", "nav:confirm")])
    [order] = world.orders.rows.values()
    assert "residence_permit" in [m.kind for m in order.materials]


def test_non_local_individual_is_refused_at_the_id_step_under_a_2025_rule(
        world: FakeWorld) -> None:
    chat = world.conversation()
    start(chat, "first_filing")
    play(chat, [("press", "ans:CN-XJ"), ("press", "ans:individual"), ("say", "张三"),
                ("press", "ans:resident_id"), ("say", "11010519491231002X")])
    assert "Rule of Xinjiang (as of 2025" in chat.text and "Beijing" in chat.text
    assert draft_state(world) == "certificate_number"


def test_non_local_individual_under_an_older_rule_gets_a_note_not_a_refusal(
        world: FakeWorld) -> None:
    chat = world.conversation()
    first_filing_until_website(chat, "CN-CQ", "11010519491231002X")
    play(chat, [*website("美食分享日记", "example.com"), *END])
    assert "Please note" in chat.text and "Rule of Chongqing (as of 2020" in chat.text
    chat.press("nav:confirm")
    assert world.orders.rows


def test_jiangsu_asks_for_the_domain_certificate_and_its_two_authenticity_letters(
        world: FakeWorld) -> None:
    chat = world.conversation()
    local = resident_id("32", "19900101")
    first_filing_until_website(chat, "CN-JS", local)
    play(chat, website("美食分享日记", "example.com"))
    assert "domain certificate" in chat.text and "nav:skip" in chat.button_values()
    chat.upload("cert.jpg", "image/jpeg", photo(tag="cert"))
    play(chat, [("press", "ans:no"), UPLOAD, UPLOAD])
    assert "真实性责任告知书" in chat.text and "nav:skip" not in chat.button_values()
    play(chat, [UPLOAD, UPLOAD, *ACCESS, ("press", "edit:remarks"),
                ("say", "个人美食笔记，非经营性"), ("press", "nav:confirm")])
    [order] = world.orders.rows.values()
    kinds = [m.kind for m in order.materials]
    assert {"domain_certificate", "authenticity_notice", "authenticity_commitment"} <= set(kinds)


def test_domain_held_by_someone_else_is_refused_at_the_step_with_the_fix(
        world: FakeWorld) -> None:
    chat = world.conversation()
    first_filing_until_website(chat)
    play(chat, [("say", "美食分享日记"), ("say", "example.com"), ("press", "ans:other")])
    assert "real-name holder must be the filing entity" in chat.text
    assert draft_state(world) == "domain_holder"
    chat.press("ans:entity")
    assert draft_state(world) == "domain_expiry"


def test_emergency_phone_equal_to_the_leaders_is_refused_at_the_step(
        world: FakeWorld) -> None:
    chat = world.conversation()
    first_filing_until_address(chat)
    play(chat, CONTACT[:2])
    chat.say("13812345678")
    assert "emergency number must differ" in chat.text
    assert draft_state(world) == "emergency_phone"


def test_organisation_is_asked_for_its_certificate_and_the_leaders_id(world: FakeWorld) -> None:
    chat = world.conversation()
    start(chat, "new_website")
    script = SCRIPTS["new_website"]
    play(chat, script[:script.index(UPLOAD)])
    assert "entity's certificate" in chat.text
    chat.upload("licence.jpg", "image/jpeg", photo(tag="licence"))
    assert "entity leader's ID card" in chat.text


def test_government_body_with_a_com_domain_is_flagged(world: FakeWorld) -> None:
    chat = world.conversation()
    start(chat, "new_website")
    swap = {("press", "ans:enterprise"): ("press", "ans:government"),
            ("press", "ans:business_license"): ("press", "ans:uscc_certificate")}
    play(chat, [swap.get(step, step) for step in SCRIPTS["new_website"]])
    assert ".gov.cn" in chat.text and "nav:confirm" not in chat.button_values()


def test_entity_name_change_needs_the_change_certificate(world: FakeWorld) -> None:
    chat = world.conversation()
    start(chat, "modify_entity")
    play(chat, SCRIPTS["modify_entity"][:-1])
    assert "change certificate" in chat.text
    chat.say("here it is")
    assert "photo or a PDF" in chat.text and draft_state(world) == "change_certificate"


def test_individual_cannot_pick_a_name_or_leader_change(world: FakeWorld) -> None:
    chat = world.conversation()
    start(chat, "modify_entity")
    play(chat, [("say", ENTITY_NUMBER), *IDENTIFY_PERSON])
    assert "ans:name" not in chat.button_values() and "ans:address" in chat.button_values()
    play(chat, [("press", "ans:address"), ("say", "浙江省杭州市西湖区文三路200号"),
                ("press", "nav:confirm")])
    [order] = world.orders.rows.values()
    assert order.entity.address == "浙江省杭州市西湖区文三路200号"


def test_cancel_access_before_the_new_provider_approved_is_held_back(world: FakeWorld) -> None:
    chat = world.conversation()
    start(chat, "cancel_access")
    script = list(SCRIPTS["cancel_access"])
    script[-1] = ("press", "ans:no")
    play(chat, script)
    assert "new provider first" in chat.text  # the warning
    assert "empty shell" in chat.text and "nav:confirm" not in chat.button_values()


@pytest.mark.parametrize(("flow", "words"), [
    ("cancel_entity", "every website filed under it"),
    ("cancel_website", "cannot be restored"),
    ("cancel_access", "wait until it is approved"),
])
def test_cancellations_warn_before_confirming(world: FakeWorld, flow: str, words: str) -> None:
    chat = world.conversation()
    start(chat, flow)
    play(chat, SCRIPTS[flow])
    assert words in chat.text and "nav:confirm" in chat.button_values()


def test_several_drafts_are_kept_and_each_resumes_where_it_was(world: FakeWorld) -> None:
    chat = world.conversation()
    start(chat, "cancel_entity")
    chat.say(ENTITY_NUMBER)
    chat.press("nav:cancel")
    start(chat, "import")
    chat.say("2012-03-15")
    chat.press("nav:cancel")
    chat.command("drafts")
    resumes = [v for v in chat.button_values() if v.startswith("resume:")]
    assert len(resumes) == 2
    chat.press(resumes[0])
    assert draft_state(world) in ("region", "entity_filing_number")


def test_one_website_is_not_asked_about_another_and_the_summary_offers_to_add_one(
        world: FakeWorld) -> None:
    chat = world.conversation()
    first_filing_until_website(chat)
    play(chat, [*website("美食分享日记", "example.com"), *END])
    assert draft_state(world) == "summary" and "add:another_website" in chat.button_values()
    play(chat, [ADD])
    assert chat.last_ask is not None and chat.last_ask.text.startswith("Website 2 of 2 · 1/")


def test_back_from_an_added_websites_first_question_returns_to_the_summary_unchanged(
        world: FakeWorld) -> None:
    chat = world.conversation()
    first_filing_until_website(chat)
    play(chat, [*website("美食分享日记", "example.com"), *END])
    before = chat.text
    play(chat, [ADD, ("press", "nav:back")])
    assert draft_state(world) == "summary" and chat.text == before
    chat.press("nav:confirm")
    [order] = world.orders.rows.values()
    assert [s.domain for s in order.websites] == ["example.com"]


def test_language_is_chinese_unless_changed_on_the_summary(world: FakeWorld) -> None:
    chat = world.conversation()
    first_filing_until_website(chat)
    play(chat, [*website("美食分享日记", "example.com"), *END])
    assert "• Languages: Chinese (Simplified)" in chat.text
    play(chat, [("press", "edit:languages"), ("say", "中文, English")])
    assert draft_state(world) == "summary" and "• Languages: Chinese (Simplified), English" \
        in chat.text
    chat.press("nav:confirm")
    [order] = world.orders.rows.values()
    assert order.websites[0].languages == ("zh-Hans", "en")


def test_remarks_are_offered_on_the_summary_and_kept(world: FakeWorld) -> None:
    chat = world.conversation()
    first_filing_until_website(chat)
    play(chat, [*website("美食分享日记", "example.com"), *END])
    assert "edit:remarks" in chat.button_values()
    play(chat, [("press", "edit:remarks"), ("say", "个人美食笔记，非经营性"),
                ("press", "nav:confirm")])
    [order] = world.orders.rows.values()
    assert order.remarks == "个人美食笔记，非经营性"


@pytest.mark.parametrize("region", ["CN-GD", "CN-ZJ", "CN-BJ", "CN-SH", "CN-SC"])
def test_a_sections_step_total_never_goes_down_on_the_way_forward(
        monkeypatch: pytest.MonkeyPatch, region: str) -> None:
    # A Beijing ID with an address elsewhere opens the residence-permit question and closes the
    # mailing address: the total may grow as answers open questions, never shrink.
    monkeypatch.setitem(autopilot.PREFERRED, "region", f"ans:{region}")
    world = FakeWorld()
    pilot = autopilot.Autopilot(world.engine, world.store, world.engine._flows, 7)
    pilot.start()
    counters: list[tuple[str, int]] = []
    for _ in range(80):
        for message in pilot.last:
            found = COUNTER.match(message.text) if isinstance(message, Ask) else None
            if found:
                counters.append((found["section"], int(found["total"])))
        incoming = pilot.next_input()
        if incoming is None:
            break
        pilot.send(incoming)
    assert world.orders.rows, "the filing was not submitted"
    highest: dict[str, int] = {}
    for section, total in counters:
        assert total >= highest.get(section, 0), counters
        highest[section] = total
    assert len(counters) > 10
