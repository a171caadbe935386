"""Transcripts of the first-time filing: answers, refusals, back, skip, edit, cancel, resume."""

from __future__ import annotations

from bench.autopilot import photo
from filing.lifecycle import Status
from tests.conftest import FakeWorld
from tests.harness import Conversation

SERVICE_CODE = "32a43232-a888-88e8-b9ec-00888be81234"


def start_first_filing(chat: Conversation) -> None:
    chat.command("start")
    chat.press("menu:new")
    chat.press("flow:first_filing")


def fill_individual(chat: Conversation) -> None:
    start_first_filing(chat)
    chat.press("ans:CN-ZJ")
    chat.press("ans:individual")
    chat.say("张三")
    chat.press("ans:resident_id")
    chat.say("11010519491231002X")
    chat.say("长期")  # the ID is valid long-term
    chat.say("浙江省杭州市西湖区文三路100号")
    chat.upload("permit.jpg", "image/jpeg", photo(tag="permit"))  # a Beijing ID in Zhejiang
    chat.press("ans:same")  # mailing address = the address
    chat.say("13812345678")
    chat.say("zhang@example.com")
    chat.say("13912345678")  # emergency contact
    fill_website(chat, "美食分享日记", "example.com", "personal")
    chat.press("ans:no")  # no further website
    chat.upload("front.jpg", "image/jpeg", photo(tag="front"))
    chat.upload("back.jpg", "image/jpeg", photo(tag="back"))
    chat.press("nav:skip")  # no authenticity form to sign
    fill_access(chat)
    chat.press("nav:skip")


def fill_website(chat: Conversation, name: str, domain: str, content: str) -> None:
    chat.say(name)
    chat.say(domain)
    chat.press("ans:entity")  # the domain is registered to the applicant, in the mainland
    chat.say("2030-12-31")
    chat.press(f"ans:{content}")
    chat.press("ans:zh-Hans")
    chat.press("ans:none")  # no pre-approval


def fill_access(chat: Conversation) -> None:
    chat.press("ans:mainland")
    chat.press("ans:subscription")
    chat.say(SERVICE_CODE)


def test_individual_completes_a_first_filing_and_it_lands_in_the_review_queue(
        world: FakeWorld) -> None:
    chat = world.conversation()
    fill_individual(chat)
    assert "Please check your First-time filing" in chat.text
    assert "11010519491231002X" in chat.text  # the applicant's own data, whole
    chat.press("nav:confirm")
    assert "Submitted!" in chat.text
    [order] = world.orders.rows.values()
    assert order.status is Status.PROVIDER_REVIEW
    assert order.entity.certificate_number == "11010519491231002X"
    assert order.websites[0].domain == "example.com"
    assert order.access is not None and order.access.service_code == SERVICE_CODE


def test_enterprise_is_asked_for_its_leader_and_a_landline(world: FakeWorld) -> None:
    chat = world.conversation()
    start_first_filing(chat)
    chat.press("ans:CN-ZJ")
    chat.press("ans:enterprise")
    chat.say("杭州示例科技有限公司")
    chat.press("ans:business_license")
    assert "Certificate number" in chat.text
    chat.say("91330100716105852F")
    chat.say("浙江省杭州市西湖区文三路100号")
    chat.press("ans:same")
    assert "Investor" in chat.text
    chat.press("ans:self")
    assert "legal representative" in chat.text
    chat.press("ans:yes")
    chat.press("ans:resident_id")
    assert "Entity leader" in chat.text
    chat.say("李四")
    chat.say("11010519491231002X")
    chat.say("长期")
    chat.say("13812345678")
    chat.say("li@example.com")
    assert "landline" in chat.text
    chat.say("0571-88888888")
    chat.say("13912345678")
    fill_website(chat, "示例科技官网", "example.com", "company")
    assert "Website administrator" in chat.text
    chat.press("ans:leader")  # the entity leader administers the website
    chat.press("ans:no")
    for name in ("licence.pdf", "leader-front.jpg", "leader-back.jpg"):
        chat.upload(name, "image/jpeg", photo(tag=name))
    chat.press("nav:skip")
    fill_access(chat)
    chat.press("nav:skip")
    chat.press("nav:confirm")
    [order] = world.orders.rows.values()
    assert order.entity.leader.name == "李四"
    assert order.entity.landline
    assert order.entity.investor == "杭州示例科技有限公司"
    assert order.websites[0].leader == order.entity.leader


def test_ip_address_is_refused_with_the_reason_and_asked_again(world: FakeWorld) -> None:
    chat = world.conversation()
    fill_individual(chat)
    chat.press("edit:domain")
    chat.say("1.2.3.4")
    assert "An IP address cannot be filed" in chat.text
    assert "Domain" in chat.replies[-1].text  # the same step again


def test_three_failed_tries_bring_an_example(world: FakeWorld) -> None:
    chat = world.conversation()
    start_first_filing(chat)
    chat.press("ans:CN-ZJ")
    chat.press("ans:individual")
    chat.say("张三")
    chat.press("ans:resident_id")
    for _ in range(2):
        chat.say("123")
        assert "For example" not in chat.text
    chat.say("123")
    assert "For example: 11010519491231002X" in chat.text


def test_back_returns_to_the_previous_question_keeping_answers(world: FakeWorld) -> None:
    chat = world.conversation()
    start_first_filing(chat)
    chat.press("ans:CN-ZJ")
    chat.press("ans:individual")
    chat.say("张三")
    chat.press("nav:back")
    assert "Entity name" in chat.text
    chat.press("nav:back")
    assert "Who is filing?" in chat.text
    chat.press("ans:individual")
    assert "Entity name" in chat.text


def test_edit_from_summary_returns_to_the_summary(world: FakeWorld) -> None:
    chat = world.conversation()
    fill_individual(chat)
    chat.press("edit:website_name")
    assert "Website name" in chat.text
    chat.say("我的摄影小空间")
    assert "Please check your First-time filing" in chat.text
    assert "我的摄影小空间" in chat.text


def test_changing_the_entity_type_asks_the_new_questions_before_the_summary(
        world: FakeWorld) -> None:
    chat = world.conversation()
    fill_individual(chat)
    chat.press("edit:entity_type")
    chat.press("ans:enterprise")
    # A person's name is no company name, a resident ID no business licence: both are asked.
    assert "Entity name" in chat.text
    chat.say("杭州示例科技有限公司")
    assert "Certificate type" in chat.text
    chat.press("ans:business_license")
    assert "Certificate number" in chat.text
    chat.say("91330100716105852F")
    assert "Investor" in chat.text  # the organisation's own questions follow


def test_stale_button_changes_nothing(world: FakeWorld) -> None:
    chat = world.conversation()
    start_first_filing(chat)
    old_token = chat.last_ask.token
    chat.press("ans:CN-ZJ")
    chat.press("ans:CN-BJ", token=old_token)
    assert "earlier question" in chat.text
    [draft] = world.store.drafts.values()
    assert draft.answers["region"] == "CN-ZJ"


def test_cancel_keeps_the_draft_and_start_resumes_at_the_same_step(world: FakeWorld) -> None:
    chat = world.conversation()
    start_first_filing(chat)
    chat.press("ans:CN-ZJ")
    chat.press("ans:individual")
    chat.press("nav:cancel")
    assert "draft is kept" in chat.text
    chat.command("start")
    assert "unfinished draft" in chat.text
    chat.press(chat.button_values()[0])
    assert "Entity name" in chat.text


def test_restart_resumes_at_the_step_it_was_on(world: FakeWorld) -> None:
    chat = world.conversation()
    start_first_filing(chat)
    chat.press("ans:CN-ZJ")
    again = world.conversation()  # a new process: nothing but the store survives
    again.command("start")
    assert "Welcome back" in again.text and "Who is filing?" in again.text


def test_question_mid_form_is_answered_and_the_step_asked_again(world: FakeWorld) -> None:
    chat = world.conversation()
    start_first_filing(chat)
    chat.press("ans:CN-ZJ")
    chat.press("ans:individual")
    chat.say("How long does the review take?")
    assert "can't answer questions yet" in chat.text or "review" in chat.text.lower()
    assert "Entity name" in chat.replies[-1].text
    [draft] = world.store.drafts.values()
    assert "entity_name" not in draft.answers


def test_skip_is_refused_on_a_required_step(world: FakeWorld) -> None:
    chat = world.conversation()
    start_first_filing(chat)
    chat.command("skip")
    assert "cannot be skipped" in chat.text


def test_language_switch_re_renders_the_current_step(world: FakeWorld) -> None:
    chat = world.conversation()
    start_first_filing(chat)
    chat.command("language")
    chat.press("lang:zh_Hans")
    assert world.store.profiles["test:1"].locale == "zh_Hans"
    assert chat.last_ask is not None and chat.last_ask.token  # the step is asked again


def test_status_lists_only_the_applicants_own_orders(world: FakeWorld) -> None:
    chat = world.conversation("1")
    fill_individual(chat)
    chat.press("nav:confirm")
    other = world.conversation("2")
    other.command("status")
    assert "not submitted any orders" in other.text
    chat.command("status")
    assert "example.com" in chat.text


def test_unknown_command_mid_form_explains_and_asks_the_same_question(world: FakeWorld) -> None:
    chat = world.conversation()
    start_first_filing(chat)
    chat.press("ans:CN-ZJ")
    chat.command("frobnicate")
    assert "don't know that command" in chat.text
    assert "Who is filing?" in chat.replies[-1].text


def test_discarding_a_draft_asks_first_and_keeps_it_on_no(world: FakeWorld) -> None:
    chat = world.conversation()
    start_first_filing(chat)
    chat.press("nav:cancel")
    assert "draft is kept" in chat.text
    [draft_id] = world.store.drafts
    chat.press(f"discard:{draft_id}")
    assert "cannot be undone" in chat.text
    assert world.store.drafts[draft_id].status == "active"
    chat.press("menu:drafts")
    assert world.store.drafts[draft_id].status == "active"
    chat.press(f"discard:{draft_id}:yes")
    assert world.store.drafts[draft_id].status == "discarded"
    assert "discarded" in chat.text
