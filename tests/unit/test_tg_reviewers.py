"""Reviewers in Telegram (issue 13, point 12), in process over the stub transport: short
reason buttons, several reasons toggled in place, a note (required for "other"), a
confirmation before anything is recorded, notices of an order decided elsewhere brought up to
date, resubmissions labelled as such — in both languages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot import bootstrap
from bot.bootstrap import App
from bot.config import Settings
from bot.i18n import translator
from bot.tg.app import build_application, make_relay
from dialogs.reviewing import MAX_BUTTON, catalogue
from filing.lifecycle import Action, Status
from filing.model import FilingOrder
from filing.services import ReviewDecision
from storage.crypto import Cipher
from tests.unit.test_lifecycle import sample_order
from tests.unit.test_tg_handlers import TOKEN, USER, Chat, StubRequest

REVIEWER = 9990001
OTHER_REVIEWER = 9990002


@pytest.fixture
def icp_app(tmp_path: Path) -> App:
    settings = Settings(data_dir=tmp_path, database_url=None, telegram_token=TOKEN,
                        telegram_api_url=None, admin_ids=frozenset({REVIEWER, OTHER_REVIEWER}),
                        secret_key=Cipher.new_key(), webhook_secret=None,
                        callback_secret=None, draft_reminder_days=3)
    return bootstrap.build(settings)


@pytest.fixture
async def desk(icp_app: App) -> AsyncIterator[Chat]:
    stub = StubRequest()
    application = build_application(icp_app, request=stub)
    async with application:
        yield Chat(application, stub, user=REVIEWER)


def file_order(app: App, round_: int = 1) -> FilingOrder:
    order = sample_order()
    order.applicant = f"telegram:{USER}"
    order = app.filing.submit(order, actor=order.applicant)
    for _ in range(round_ - 1):
        app.filing.decide(ReviewDecision(order.id, Action.REJECT, "cli", ("website_name",)))
        order = app.filing.submit(app.filing.get(order.id), actor=order.applicant)
    return order


def keyboard(message: dict[str, Any]) -> list[dict[str, Any]]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button for row in rows for button in row]


def button(message: dict[str, Any], fragment: str) -> str:
    found = [b["callback_data"] for b in keyboard(message) if fragment in b["text"]]
    assert found, f"no {fragment!r} in {[b['text'] for b in keyboard(message)]}"
    return str(found[0])


async def tap(desk: Chat, message_id: int, fragment: str) -> dict[str, Any]:
    """Tap the button labelled with ``fragment`` on message ``message_id``; the message as
    it is afterwards."""
    await desk.feed(desk.tap(button(desk.stub.messages[message_id], fragment), message_id))
    return desk.stub.messages[message_id]


async def card_of(desk: Chat, order: FilingOrder) -> int:
    await desk.say("/queue")
    return max(mid for mid, m in desk.stub.messages.items() if order.id in m.get("text", "")
               and keyboard(m))


@pytest.mark.parametrize("locale", ["en", "zh_Hans"])
def test_reason_buttons_fit_a_phone_and_the_card_has_the_full_text(locale: str) -> None:
    from dialogs.reviewing import Step, reason_picker

    t = translator(locale)
    reasons = catalogue("first_filing")
    everything = (1 << len(reasons)) - 1
    for picked in (0, everything):
        ask = reason_picker("card", Step("pick", "O1", Action.REJECT, picked, 3), reasons, t)
        assert all(len(o.label) <= MAX_BUTTON for o in ask.options[:len(reasons)])
        assert all(t.gettext(r.problem) in ask.text for r in reasons)
        assert all(len(o.value.encode()) <= 64 for o in ask.options)


REJECTIONS = [  # (language, reasons tapped, note typed or None, reasons recorded)
    ("en", ["Website name", "Unclear materials"], None, ("website_name", "materials_unclear")),
    ("zh-hans", ["网站名称", "地址不完整"], "请补充门牌号",
     ("website_name", "address_incomplete")),
]


@pytest.mark.parametrize("language, taps, note, recorded", REJECTIONS)
async def test_a_rejection_takes_several_reasons_toggled_in_place_and_a_confirmation(
        desk: Chat, icp_app: App, language: str, taps: list[str], note: str | None,
        recorded: tuple[str, ...]) -> None:
    from bot.i18n import translator as t_

    desk.language = language
    order = file_order(icp_app)
    card = await card_of(desk, order)
    sends = len(desk.stub.called("sendMessage"))

    picker = await tap(desk, card, "❌")
    for label in [*taps, taps[0], taps[0]]:  # the first toggled off and on again
        picker = await tap(desk, card, label)
    assert sum("☑" in b["text"] for b in keyboard(picker)) == len(taps)
    assert len(desk.stub.called("sendMessage")) == sends  # every step edits the card itself
    reject_label = "Reject: 2 reasons" if language == "en" else "驳回：2 个原因"
    confirm = await tap(desk, card, reject_label)
    assert icp_app.filing.get(order.id).status is Status.PROVIDER_REVIEW  # not yet
    if note:
        await tap(desk, card, "✍️")
        await desk.say(note)
        confirm = desk.stub.called("sendMessage")[-1]
        assert note in confirm["text"]
        card = max(desk.stub.messages)
    await tap(desk, card, "✅")

    decided = icp_app.filing.get(order.id)
    assert decided.status is Status.PROVIDER_REJECTED
    assert decided.history[-1].reasons == recorded and decided.history[-1].note == note
    assert not keyboard(desk.stub.messages[card])  # no live buttons on a returned order
    zh = t_("zh_Hans").gettext
    assert (zh("Decided: {old} → {new}")[:3] if language != "en" else "Decided:") \
        in desk.stub.messages[card]["text"]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
async def test_other_needs_a_note_typed_as_the_next_message(desk: Chat, icp_app: App,
                                                            language: str) -> None:
    desk.language = language
    order = file_order(icp_app)
    card = await card_of(desk, order)
    await tap(desk, card, "❌")
    other = "Other (note)" if language == "en" else "其他（见备注）"
    await tap(desk, card, other)

    asked = await tap(desk, card, "❌")  # "reject with 1 reason": the note first
    assert not keyboard(asked) or all("✅" not in b["text"] for b in keyboard(asked))
    await desk.say("The homepage shows <a shop> & prices")
    confirm = desk.stub.called("sendMessage")[-1]
    assert "&lt;a shop&gt; &amp; prices" in confirm["text"]  # the reviewer's text, escaped
    await tap(desk, max(desk.stub.messages), "✅")

    decided = icp_app.filing.get(order.id)
    assert decided.history[-1].reasons == ("other",)
    assert decided.history[-1].note == "The homepage shows <a shop> & prices"


@pytest.mark.parametrize("language, yes", [("en", "Yes"), ("zh-hans", "确认")])
async def test_approval_is_confirmed_before_it_is_recorded(desk: Chat, icp_app: App,
                                                           language: str, yes: str) -> None:
    desk.language = language
    order = file_order(icp_app)
    card = await card_of(desk, order)

    asked = await tap(desk, card, "✅")
    assert icp_app.filing.get(order.id).status is Status.PROVIDER_REVIEW
    assert order.id in asked["text"]
    back = await tap(desk, card, "↩")  # changed their mind: the card again
    assert icp_app.filing.get(order.id).status is Status.PROVIDER_REVIEW
    await tap(desk, card, "✅")
    after = await tap(desk, card, yes)

    assert icp_app.filing.get(order.id).status is Status.SMS_VERIFICATION
    assert "sms_verified" in str(keyboard(after))  # only what the new status allows
    assert "approve:" not in str(keyboard(after)) and keyboard(back)


async def test_a_notice_decided_elsewhere_is_edited_to_show_the_decision(
        icp_app: App) -> None:
    from telegram.ext import ExtBot

    stub = StubRequest()
    order = file_order(icp_app)
    bot: ExtBot[int] = ExtBot(TOKEN, request=stub, get_updates_request=stub)
    async with bot:
        relay = make_relay(icp_app, bot)
        await relay.run_once()  # the new-order notices go to both reviewers
        assert not stub.called("editMessageText")  # a submission is no decision
        notices = {p["chat_id"]: p for p in stub.called("sendMessage") if p["chat_id"] != USER}
        assert set(notices) == {REVIEWER, OTHER_REVIEWER}
        assert all(keyboard(notice) for notice in notices.values())

        icp_app.filing.decide(ReviewDecision(order.id, Action.REJECT, "back office",
                                             ("domain_not_verified",)))
        await relay.run_once()  # the applicant is told; the reviewers' notices follow

    edits = stub.called("editMessageText")
    assert {e["chat_id"] for e in edits} == {REVIEWER, OTHER_REVIEWER}
    for edit in edits:
        assert "reply_markup" not in edit  # the returned order has no buttons left
        assert "Returned by the provider" in edit["text"]
        assert "real-name verified" in edit["text"]


async def test_a_stale_panel_step_shows_the_card_as_it_is_now(desk: Chat,
                                                              icp_app: App) -> None:
    order = file_order(icp_app)
    card = await card_of(desk, order)
    await tap(desk, card, "❌")
    icp_app.filing.decide(ReviewDecision(order.id, Action.APPROVE, "other reviewer"))

    after = await tap(desk, card, "Website name")

    assert "changed meanwhile" in after["text"]
    assert icp_app.filing.get(order.id).status is Status.SMS_VERIFICATION


@pytest.mark.parametrize("locale, label", [
    ("en", "resubmitted after corrections (round 2)"), ("zh_Hans", "修改后重新提交（第 2 次）")])
async def test_a_resubmission_is_labelled_as_such(icp_app: App, locale: str,
                                                 label: str) -> None:
    from bot.i18n import format_datetime
    from dialogs.cards import order_card
    from dialogs.notifications import render
    from filing.events import OrderSubmitted

    t = translator(locale)
    order = file_order(icp_app, round_=2)
    event = OrderSubmitted(order.id, order.applicant, "first_filing", "CN-ZJ", 2)

    [notice] = render(event, t, locale, format_datetime)
    card = order_card(order.summary(), t, "zh" if locale != "en" else "en")

    assert label.lower() in notice.text.lower() and "New order" not in notice.text
    assert "2" in card.text.splitlines()[1] and "🔁" in card.text
    first = render(replace(event, round=1), t, locale, format_datetime)[0].text
    assert label.lower() not in first.lower()
