"""Each operation's real path, end to end: submitted by the applicant, decided at the CLI
review desk step by step, told to the applicant in both languages, with the numbers it
issues, keeps or retires (filing.lifecycle.PATHS; filing-details.md §6–§7)."""

from __future__ import annotations

import argparse

import pytest

from bot import review_desk
from bot.i18n import format_datetime, translator
from dialogs.messages import plain
from dialogs.notifications import render
from filing.events import OrderApproved, OrderStatusChanged
from filing.lifecycle import Status
from filing.types import OrderType
from tests.conftest import FakeWorld
from tests.orders_by_type import order_of
from tests.unit.test_flows_all import SCRIPTS, play, start
from tests.walk import FORWARD, approve

T, S = OrderType, Status
ENTITY = "浙ICP备2025000007号"
# The statuses each operation passes from submission to approval.
PATH = {
    T.FIRST_FILING: [S.PROVIDER_REVIEW, S.SMS_VERIFICATION, S.ADMINISTRATION_REVIEW,
                     S.APPROVED],
    T.CANCEL_WEBSITE: [S.SMS_VERIFICATION, S.ADMINISTRATION_REVIEW, S.APPROVED],
    T.CANCEL_ENTITY: [S.SMS_VERIFICATION, S.ADMINISTRATION_REVIEW, S.APPROVED],
    T.CANCEL_ACCESS: [S.PROVIDER_REVIEW, S.ADMINISTRATION_REVIEW, S.APPROVED],
    T.CLAIM: [S.PROVIDER_REVIEW, S.APPROVED],
    T.IMPORT: [S.PROVIDER_REVIEW, S.APPROVED],
}
for same in (T.NEW_WEBSITE, T.NEW_ACCESS, T.MODIFY_ENTITY, T.MODIFY_WEBSITE, T.MODIFY_ACCESS):
    PATH[same] = PATH[T.FIRST_FILING]
# What the final approval says happened to the numbers, in both languages.
APPROVAL = {
    T.FIRST_FILING: ("Your entity's filing number is 浙ICP备2026000001号; your websites' "
                     "numbers: 浙ICP备2026000001号-1.",
                     "您的主体备案号是 浙ICP备2026000001号；网站备案号：浙ICP备2026000001号-1。"),
    T.NEW_WEBSITE: (f"New website numbers under your entity's number {ENTITY}: {ENTITY}-1.",
                    f"在主体备案号 {ENTITY} 下新增的网站备案号：{ENTITY}-1。"),
    T.NEW_ACCESS: (f"This provider now hosts {ENTITY}-1; the filing numbers stay the same.",
                   f"本接入商现已接入 {ENTITY}-1；备案号保持不变。"),
    T.MODIFY_ENTITY: (f"The change is filed. The filing numbers stay the same: {ENTITY}.",
                      f"变更已备案，备案号保持不变：{ENTITY}。"),
    T.MODIFY_WEBSITE: (f"The change is filed. The filing numbers stay the same: {ENTITY}-1.",
                       f"变更已备案，备案号保持不变：{ENTITY}-1。"),
    T.MODIFY_ACCESS: (f"The change is filed. The filing numbers stay the same: {ENTITY}-1.",
                      f"变更已备案，备案号保持不变：{ENTITY}-1。"),
    T.CANCEL_WEBSITE: (f"The website's filing {ENTITY}-1 is cancelled and the number will "
                       "never be used again", f"网站备案 {ENTITY}-1 已注销，该备案号不会再被使用"),
    T.CANCEL_ENTITY: (f"The entity's filing {ENTITY} is cancelled together with every website",
                      f"主体备案 {ENTITY} 及其名下所有网站"),
    T.CANCEL_ACCESS: (f"This provider no longer hosts {ENTITY}-1; the filing numbers stay",
                      f"本接入商已不再接入 {ENTITY}-1；备案号仍属于该备案"),
    T.CLAIM: (f"The existing filing {ENTITY}-1 is now in your account",
              f"已有备案 {ENTITY}-1 现已进入您的账号"),
    T.IMPORT: (f"The existing filing {ENTITY} is now in your account",
               f"已有备案 {ENTITY} 现已进入您的账号"),
}
ISSUES_NUMBERS = {T.FIRST_FILING, T.NEW_WEBSITE}
WITH_SMS = {t for t, path in PATH.items() if S.SMS_VERIFICATION in path}
DESK_COMMANDS = {S.PROVIDER_REVIEW: "approve", S.SMS_VERIFICATION: "sms-verified",
                 S.ADMINISTRATION_REVIEW: "administration-approve"}


def desk(world: FakeWorld, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    review_desk.add_parser(parser.add_subparsers(dest="command"))
    return review_desk.run(world.filing, parser.parse_args(["review", *argv]),
                           translator("en"))


def texts(world: FakeWorld, locale: str) -> list[str]:
    return [plain(message.text) for event in world.outbox if not event.for_reviewers
            for message in render(event, translator(locale), locale, format_datetime)]


@pytest.mark.parametrize("order_type", list(OrderType))
def test_each_operation_walks_its_own_path_at_the_review_desk(
        world: FakeWorld, order_type: OrderType, capsys: pytest.CaptureFixture[str]) -> None:
    order = world.filing.submit(order_of(order_type), actor="test:1")
    passed = [order.status]
    while passed[-1] in DESK_COMMANDS:
        assert desk(world, DESK_COMMANDS[passed[-1]], order.id) == 0
        passed.append(world.orders.rows[order.id].status)
    assert passed == PATH[order_type]
    assert desk(world, "approve", order.id) == 2  # nothing is left to decide
    assert "not possible now" in capsys.readouterr().out


@pytest.mark.parametrize("order_type", list(OrderType))
def test_each_operation_tells_the_applicant_what_changed_in_both_languages(
        world: FakeWorld, order_type: OrderType) -> None:
    approve(world.filing, order_of(order_type))
    english, chinese = texts(world, "en"), texts(world, "zh_Hans")
    expected_en, expected_zh = APPROVAL[order_type]
    assert expected_en in english[-1] and expected_zh in chinese[-1]
    mentions_sms = any("12381" in text for text in english + chinese)
    assert mentions_sms is (order_type in WITH_SMS)
    psb = "beian.mps.gov.cn" in english[-1]
    assert psb is (order_type in ISSUES_NUMBERS)
    approved = world.outbox[-1]
    assert isinstance(approved, OrderApproved)
    assert bool(approved.issued) is (order_type in ISSUES_NUMBERS)


@pytest.mark.parametrize("locale", ["en", "zh_Hans"])
@pytest.mark.parametrize("flow", [t.value for t in OrderType])
def test_the_submission_text_announces_an_sms_only_where_miit_sends_one(
        world: FakeWorld, flow: str, locale: str) -> None:
    chat = world.conversation(locale=locale)
    start(chat, flow)
    play(chat, SCRIPTS[flow])
    chat.press("nav:confirm")
    assert ("12381" in chat.text) is (OrderType(flow) in WITH_SMS), chat.text


def test_a_claim_never_announces_an_sms(world: FakeWorld) -> None:
    approve(world.filing, order_of(T.CLAIM))
    assert not any("SMS" in text or "12381" in text for text in texts(world, "en"))


def test_the_sms_goes_to_the_phone_the_operation_verifies(world: FakeWorld) -> None:
    for order_type, who in ((T.FIRST_FILING, "entity leader and the website leader"),
                            (T.NEW_WEBSITE, "the website leader's mobile"),
                            (T.MODIFY_ENTITY, "the entity leader's mobile"),
                            (T.CANCEL_ENTITY, "the entity leader's mobile")):
        world.outbox.clear()
        order = world.filing.submit(order_of(order_type, entity_number=f"{ENTITY[:-2]}9号"),
                                    actor="test:1")
        while order.status is not S.SMS_VERIFICATION:
            order = world.filing.decide(_forward(order.id, order.status))
        [sms] = [text for text in texts(world, "en") if "12381" in text]
        assert who in sms, order_type


def _forward(order_id: str, status: Status):  # type: ignore[no-untyped-def]
    from filing.services import ReviewDecision

    return ReviewDecision(order_id, FORWARD[status], "alice")


def test_guangdong_approval_shows_the_entity_number_in_the_footer(world: FakeWorld) -> None:
    order = order_of(T.FIRST_FILING, domains=("a.com", "b.com"))
    order.entity.region = "CN-GD"
    order.entity.address = order.entity.mailing_address = "广东省广州市天河区体育西路100号"
    approve(world.filing, order)
    [english] = texts(world, "en")[-1:]
    assert "Guangdong's rule" in english and "粤ICP备2026000001号 (without" in english
    zhejiang = FakeWorld()
    approve(zhejiang.filing, order_of(T.FIRST_FILING))
    assert "each website's own number" in texts(zhejiang, "en")[-1]


def test_status_changes_before_approval_carry_no_numbers(world: FakeWorld) -> None:
    approve(world.filing, order_of(T.NEW_WEBSITE))
    changes = [e for e in world.outbox if type(e) is OrderStatusChanged]
    assert changes and all(e.icp_number is None for e in changes)


def test_import_never_asks_for_or_stores_a_password() -> None:
    from dialogs.flows import all_flows
    from filing.model import FilingOrder

    flow = all_flows()["import"]
    asked = " ".join(f"{step.field} {step.prompt} {step.label}" for step in flow.steps).lower()
    assert "password" not in asked and "密码" not in asked
    order_fields = " ".join(FilingOrder.__dataclass_fields__).lower()
    assert "password" not in order_fields
