"""End to end, in both languages: the data a Communications Administration accepts, asked and
checked at the step (issue #19)."""

from __future__ import annotations

import argparse

import pytest
from stdnum.cn import uscc

from bench.autopilot import photo
from bot import review_desk
from bot.i18n import translator
from filing.types import CertificateType
from tests.conftest import FakeWorld
from tests.harness import Conversation
from tests.unit.test_flows_all import ACCESS, draft_state, start
from tests.unit.test_regional_rules import resident_id

LOCALES = ["en", "zh_Hans"]
SHANGHAI_USCC = "91310101MA1FPX123" + uscc.calc_check_digit("91310101MA1FPX123")
ADMIN_ID = resident_id("31", "19850101")
HUNAN_ID = resident_id("43", "19900101")


def upload(chat: Conversation, tag: str) -> None:
    chat.upload(f"{tag}.jpg", "image/jpeg", photo(tag=tag))


def press_all(chat: Conversation, *values: str) -> None:
    for value in values:
        chat.press(value)


def say_all(chat: Conversation, *texts: str) -> None:
    for text in texts:
        chat.say(text)


def shanghai_company_with_a_foreign_legal_representative(chat: Conversation) -> None:
    start(chat, "first_filing")
    press_all(chat, "ans:CN-SH", "ans:enterprise")
    chat.say("上海示例科技有限公司")
    chat.press("ans:business_license")
    say_all(chat, SHANGHAI_USCC, "上海市黄浦区南京东路100号")
    press_all(chat, "ans:same", "ans:self", "ans:yes", "ans:passport")
    say_all(chat, "John Smith", "E12345678", "2031-05-01", "13812345678", "john@example.com",
            "021-62345678", "13912345678")


def company_website(chat: Conversation, name: str, domain: str, content: str) -> None:
    say_all(chat, name, domain)
    chat.press("ans:entity")
    chat.say("2030-12-31")
    chat.press(f"ans:{content}")


@pytest.mark.parametrize("locale", LOCALES)
def test_shanghai_company_with_a_foreign_legal_rep_files_two_websites_one_pre_approved(
        world: FakeWorld, locale: str) -> None:
    chat = world.conversation(locale=locale)
    shanghai_company_with_a_foreign_legal_representative(chat)
    company_website(chat, "示例科技官网", "shexample.com", "company")
    press_all(chat, "ans:none", "ans:other", "ans:resident_id")  # another administrator
    say_all(chat, "王五", ADMIN_ID, "长期", "13712345678", "wang@example.com", "13612345678")
    upload(chat, "admin-front")
    upload(chat, "admin-back")
    assert draft_state(world) == "admin_authorization"  # Shanghai's ICP负责人授权书
    upload(chat, "admin-authorisation")
    upload(chat, "licence")
    assert draft_state(world) == "leader_document"  # the passport, not an ID card
    upload(chat, "passport")
    press_all(chat, *(value for kind, value in ACCESS if kind == "press"))
    chat.say(ACCESS[-1][1])
    assert draft_state(world) == "summary"
    press_all(chat, "edit:languages", "ans:zh-Hans,en")  # the first site is bilingual
    chat.press("add:another_website")
    assert draft_state(world) == "website_name"
    company_website(chat, "示例科技新闻中心", "shnews.cn", "portal")
    chat.press("ans:none")  # the name says 新闻: refused without the news approval
    assert draft_state(world) == "pre_approval"
    chat.press("ans:news")
    chat.say("沪网新〔2024〕001号")
    upload(chat, "news-licence")
    press_all(chat, "ans:leader", "ans:no")  # the legal representative administers it
    t = translator(locale)
    assert draft_state(world) == "summary" and "nav:confirm" in chat.button_values()
    for label in ("Website administrator", "Pre-approval", "Same as the entity leader", "News",
                  "Administrator's name"):  # the first website's administrator is listed too
        assert t.gettext(label) in chat.text
    assert "E12345678" in chat.text  # the applicant's own summary shows their data whole
    chat.press("nav:confirm")
    [order] = world.orders.rows.values()
    leader = order.entity.leader
    assert leader.certificate_type is CertificateType.PASSPORT and leader.name == "John Smith"
    first, second = order.websites
    assert first.leader is not None and first.leader.name == "王五"
    assert first.languages == ("zh-Hans", "en") and second.leader == leader
    assert second.pre_approval is not None and second.pre_approval.category == "news"
    kinds = [m.kind for m in order.materials]
    assert {"admin_authorization", "pre_approval_document", "leader_document"} <= set(kinds)


@pytest.mark.parametrize("locale", LOCALES)
def test_hunan_resident_filing_in_guangdong_is_asked_for_the_residence_permit_at_the_address(
        world: FakeWorld, locale: str) -> None:
    chat = world.conversation(locale=locale)
    start(chat, "first_filing")
    press_all(chat, "ans:CN-GD", "ans:individual")
    chat.say("张三")
    chat.press("ans:resident_id")
    say_all(chat, HUNAN_ID, "长期", "广东省广州市天河区体育西路100号")
    assert draft_state(world) == "residence_permit_advised"
    assert translator(locale).gettext("Residence permit") in chat.text
    upload(chat, "permit")
    assert draft_state(world) == "leader_mobile"  # a Guangdong address: the mailing one


@pytest.mark.parametrize("locale", LOCALES)
def test_hunan_address_is_refused_as_the_mailing_address_in_guangdong(
        world: FakeWorld, locale: str) -> None:
    chat = world.conversation(locale=locale)
    start(chat, "first_filing")
    press_all(chat, "ans:CN-GD", "ans:individual")
    chat.say("张三")
    chat.press("ans:resident_id")
    say_all(chat, HUNAN_ID, "长期", "湖南省长沙市岳麓区麓山南路100号")
    chat.press("nav:skip")  # no residence permit at hand
    assert draft_state(world) == "mailing_address"  # asked: the address is not in Guangdong
    chat.press("ans:same")
    assert chat.text.startswith("⚠️") and draft_state(world) == "mailing_address"
    chat.say("广东省广州市天河区体育西路100号")
    assert draft_state(world) == "leader_mobile"


def until_domain(chat: Conversation) -> None:
    start(chat, "first_filing")
    press_all(chat, "ans:CN-ZJ", "ans:individual")
    chat.say("张伟")
    chat.press("ans:resident_id")
    say_all(chat, resident_id("33", "19900101"), "长期", "浙江省杭州市西湖区文三路100号")
    say_all(chat, "13812345678", "zhang@example.com", "13912345678", "美食分享日记")


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("typed, cleaned", [("https://zhangwei-blog.cn/about", "zhangwei-blog.cn"),
                                            ("www.x.cn", "x.cn"),
                                            ("blog.example.com", "example.com")])
def test_a_url_or_sub_domain_is_refused_and_the_domain_offered_as_a_button(
        world: FakeWorld, locale: str, typed: str, cleaned: str) -> None:
    chat = world.conversation(locale=locale)
    until_domain(chat)
    chat.say(typed)
    assert chat.text.startswith("⚠️") and draft_state(world) == "domain"
    assert chat.button_values()[0] == f"ans:{cleaned}"
    assert cleaned in chat.last_ask.options[0].label if chat.last_ask else False
    chat.press(f"ans:{cleaned}")
    assert draft_state(world) == "domain_holder"
    [draft] = world.store.drafts.values()
    assert draft.answers["domain"] == cleaned


@pytest.mark.parametrize("locale", LOCALES)
def test_personal_site_names_are_checked_at_the_step(world: FakeWorld, locale: str) -> None:
    chat = world.conversation(locale=locale)
    until_domain(chat)
    chat.press("nav:back")
    for name in ("张伟的美食日记", "健康医药小站", "美食博客日记"):  # own name, sector, 博客
        chat.say(name)
        assert chat.text.startswith("⚠️") and draft_state(world) == "website_name"
    chat.say("美食分享日记")
    assert draft_state(world) == "domain"


@pytest.mark.parametrize("locale", LOCALES)
def test_individuals_are_not_asked_for_a_pre_approval_and_a_sector_name_is_refused(
        world: FakeWorld, locale: str) -> None:
    chat = world.conversation(locale=locale)
    until_domain(chat)
    chat.press("nav:back")
    chat.say("示例新闻小站")  # news needs an approval that no individual can hold
    assert chat.text.startswith("⚠️") and draft_state(world) == "website_name"
    reason = chat.text.split("\n")[0]
    assert f"“{translator(locale).gettext('News')}”" in reason  # its label, not its key
    chat.say("美食分享日记")
    chat.say("zhangwei-blog.cn")
    chat.press("ans:entity")
    chat.say("2030-12-31")
    chat.press("ans:personal")
    assert draft_state(world) == "id_card_front"  # no pre-approval question


@pytest.mark.parametrize("locale", LOCALES)
def test_id_photos_are_acknowledged_by_kind_and_checked(world: FakeWorld, locale: str) -> None:
    chat = world.conversation(locale=locale)
    until_domain(chat)
    say_all(chat, "zhangwei-blog.cn")
    chat.press("ans:entity")
    chat.say("2030-12-31")
    chat.press("ans:personal")
    assert draft_state(world) == "id_card_front"
    chat.upload("small.jpg", "image/jpeg", photo(320, 200, "small"))
    assert chat.text.startswith("⚠️") and "320" in chat.text
    upload(chat, "front")
    t = translator(locale)
    assert f"{t.gettext('ID card, front')} ✓" in chat.text
    assert "front.jpg" not in chat.text
    upload(chat, "front")  # the same picture again for the back
    assert chat.text.startswith("⚠️") and draft_state(world) == "id_card_back"
    upload(chat, "back")
    assert draft_state(world) == "instance_region"  # the authenticity form: at the summary


def test_chinese_acknowledgement_names_the_id_side() -> None:
    assert translator("zh_Hans").gettext("ID card, front") == "身份证人像面"


@pytest.mark.parametrize("locale", LOCALES)
def test_instance_outside_the_mainland_is_refused_at_the_step(
        world: FakeWorld, locale: str) -> None:
    chat = world.conversation(locale=locale)
    start(chat, "new_access")
    press_all(chat, "ans:CN-ZJ", "ans:individual")
    chat.say("张三")
    chat.press("ans:resident_id")
    say_all(chat, resident_id("33", "19900101"), "13812345678", "浙ICP备12345678号-1",
            "example.com")
    for value in ("hongkong", "mainland_payg", "mainland_short"):
        chat.press(f"ans:{value}")
        assert chat.text.startswith("⚠️") and draft_state(world) == "instance_region"
    chat.press("ans:mainland")
    assert draft_state(world) == "service_code"


def test_reviewer_sees_each_websites_administrator(world: FakeWorld,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    test_shanghai_company_with_a_foreign_legal_rep_files_two_websites_one_pre_approved(
        world, "en")
    [order] = world.orders.rows.values()
    args = argparse.Namespace(review_command="show", order=order.id)
    assert review_desk.run(world.filing, args, translator("en")) == 0
    shown = capsys.readouterr().out
    assert "Administrator: 王*" in shown and "Pre-approval: News" in shown
    assert ADMIN_ID not in shown
