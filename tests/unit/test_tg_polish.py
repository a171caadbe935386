"""Issue 13 in Telegram, in process (real PTB Application and engine, the stub transport of
test_tg_handlers): transcripts of what the user sends and which Bot API calls answer, in
both languages — the answer chosen shown on the tapped question, copyable values, typing…
only when slow, deep links, descriptions and menus, /help, pictures and PDFs."""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot import bootstrap
from bot.bootstrap import App
from bot.config import Settings
from bot.i18n import translator
from bot.tg import commands, convert, markup
from bot.tg.app import build_application, deep_links
from bot.tg.deeplinks import LINK_EXPIRED, LINK_INVALID, DeepLinks
from bot.tg.notifier import TelegramNotifier
from dialogs.messages import Ask, Option, Outgoing, Say, code
from filing.lifecycle import Action
from filing.model import FilingOrder
from filing.services import ReviewDecision
from storage.crypto import Cipher
from tests.unit.test_lifecycle import sample_order
from tests.unit.test_tg_handlers import TOKEN, USER, Chat, StubRequest

ZH = "zh_Hans"


def zh(msgid: str) -> str:
    return translator(ZH).gettext(msgid)


@pytest.fixture
def icp_app(tmp_path: Path) -> App:
    settings = Settings(data_dir=tmp_path, database_url=None, telegram_token=TOKEN,
                        telegram_api_url=None, admin_ids=frozenset(),
                        secret_key=Cipher.new_key(), webhook_secret=None,
                        callback_secret=None, draft_reminder_days=3)
    return bootstrap.build(settings)


@pytest.fixture
async def stub() -> StubRequest:
    return StubRequest()


@pytest.fixture
async def chat(icp_app: App, stub: StubRequest) -> AsyncIterator[Chat]:
    application = build_application(icp_app, request=stub)
    async with application:
        yield Chat(application, stub)


def file_order(app: App, user: int = USER) -> FilingOrder:
    order = sample_order()
    order.applicant = f"telegram:{user}"
    return app.filing.submit(order, actor=order.applicant)


def methods(stub: StubRequest, since: int = 0) -> list[str]:
    return [name for name, _ in stub.calls[since:] if name not in ("getMe",)]


# ------------------------------------------------------------- 4. the answer stays visible

CHOICES = [  # (language, button tapped, the question's label as shown after "✓ ")
    ("en", "menu:new", "📝 New filing"),
    ("zh-hans", "menu:new", zh("📝 New filing")),
    ("en", "menu:language", "🌐 Language / 语言"),
]


@pytest.mark.parametrize("language, value, label", CHOICES)
async def test_a_tapped_question_shows_the_answer_in_the_one_edit_that_drops_its_keyboard(
        chat: Chat, language: str, value: str, label: str) -> None:
    chat.language = language
    await chat.say("/start")
    question = chat.stub.called("sendMessage")[-1]
    before = len(chat.stub.calls)

    await chat.press(value)

    edits = [(name, params) for name, params in chat.stub.calls[before:]
             if name.startswith("editMessage")]
    assert [name for name, _ in edits] == ["editMessageText"]  # one call, not two
    edit = edits[0][1]
    assert edit["text"] == f"{question['text']}\n\n✓ {label}"
    assert "reply_markup" not in edit  # the keyboard is gone with the same call
    shown = chat.stub.messages[edit["message_id"]]
    assert "reply_markup" not in shown and shown["text"].endswith(label)


async def test_form_answer_by_button_is_echoed_and_the_flow_goes_on(chat: Chat) -> None:
    await chat.say("/start")
    await chat.press("menu:new")
    await chat.press("flow:first_filing")
    calls_before = len(chat.stub.calls)

    await chat.press("ans:CN-ZJ")

    [edit] = chat.stub.called("editMessageText")[-1:]
    assert edit["text"].endswith("✓ Zhejiang") or edit["text"].endswith("✓ 浙江")
    # the answer turn costs what it did before: answer the query, edit, send the next step
    assert sorted(methods(chat.stub, calls_before)) == [
        "answerCallbackQuery", "editMessageText", "sendMessage"]


async def test_an_old_or_unsaved_tap_keeps_the_question_as_it_was(chat: Chat) -> None:
    await chat.say("/start")

    await chat.feed(chat.tap("~forgotten-alias"))

    assert not chat.stub.called("editMessageText")


# ------------------------------------------------------------- 7. copyable values, escaped


def test_copyable_spans_become_code_and_everything_else_is_escaped() -> None:
    text = f"Order {code('O1A2')}: note <b>fix</b> & {code('浙ICP备2026000001号-1')}"

    assert markup.message_parameters(text) == {
        "text": "Order <code>O1A2</code>: note &lt;b&gt;fix&lt;/b&gt; &amp; "
                "<code>浙ICP备2026000001号-1</code>", "parse_mode": "HTML"}
    assert markup.message_parameters("plain <b>") == {"text": "plain <b>"}  # no parse mode


def test_a_user_cannot_forge_a_span_with_the_mark_characters() -> None:
    from telegram import Message

    message = Message.de_json({"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"},
                               "text": "\x0e<b>x</b>\x0f"}, None)
    assert message is not None
    assert convert.text(message).text == "<b>x</b>"


def test_long_answers_with_codes_split_at_lines_within_4096_utf16_units() -> None:
    line = f"{code('O1A2B3C4D')} " + "规则说明𠀀" * 50  # astral characters count twice
    text = "\n".join([line] * 40)

    chunks = convert.split_text(text)

    assert len(chunks) > 1
    for chunk in chunks:
        shown = markup.message_parameters(chunk)["text"]
        visible = chunk.replace("\x0e", "").replace("\x0f", "")
        assert len(visible.encode("utf-16-le")) // 2 <= 4096
        assert shown.count("<code>") == shown.count("</code>") == chunk.count("\n") + 1


async def test_order_list_sends_the_order_id_as_code(chat: Chat, icp_app: App) -> None:
    order = file_order(icp_app)

    await chat.say("/status")

    listing = next(p for p in chat.stub.called("sendMessage") if "Your orders" in p["text"])
    assert f"<code>{order.id}</code>" in listing["text"] and listing["parse_mode"] == "HTML"


async def test_a_reviewer_note_reaches_the_applicant_escaped(stub: StubRequest) -> None:
    from telegram.ext import ExtBot

    from bot.i18n import format_datetime
    from dialogs.notifications import render
    from filing.events import OrderStatusChanged

    event = OrderStatusChanged("O1A2", "telegram:42", "provider_review", "provider_rejected",
                               time_now(), ("other",), note="<script>alert(1)</script> & co")
    bot: ExtBot[None] = ExtBot(TOKEN, request=stub, get_updates_request=stub)
    async with bot:
        await TelegramNotifier(bot).send("telegram:42", render(event, translator("en"), "en",
                                                               format_datetime))

    [sent] = stub.called("sendMessage")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in sent["text"]
    assert "<code>O1A2</code>" in sent["text"]


def time_now() -> Any:
    from datetime import UTC, datetime

    return datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


# ------------------------------------------------------------- 8. typing… when slow only


async def engine_taking(icp_app: App, seconds: float, monkeypatch: pytest.MonkeyPatch) -> None:
    real = icp_app.engine.handle

    async def handle(*args: Any, **kwargs: Any) -> list[Outgoing]:
        await asyncio.sleep(seconds)
        return await real(*args, **kwargs)

    monkeypatch.setattr(icp_app.engine, "handle", handle)


@pytest.mark.parametrize("seconds, actions", [(0.0, 0), (0.6, 1)])
async def test_typing_is_shown_only_for_a_turn_slower_than_300_ms(
        icp_app: App, stub: StubRequest, monkeypatch: pytest.MonkeyPatch, seconds: float,
        actions: int) -> None:
    await engine_taking(icp_app, seconds, monkeypatch)
    application = build_application(icp_app, request=stub)
    async with application:
        await Chat(application, stub).say("/help")

    sent = stub.called("sendChatAction")
    assert len(sent) == actions
    assert all(call == {"chat_id": USER, "action": "typing"} for call in sent)
    if actions:  # shown before the answer, not after it
        assert methods(stub).index("sendChatAction") < methods(stub).index("sendMessage")


async def test_typing_is_shown_while_a_slow_tap_is_handled(
        icp_app: App, stub: StubRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    application = build_application(icp_app, request=stub)
    async with application:
        tg = Chat(application, stub)
        await tg.say("/start")
        await engine_taking(icp_app, 0.5, monkeypatch)
        await tg.press("menu:new")

    assert stub.called("sendChatAction") == [{"chat_id": USER, "action": "typing"}]


# ------------------------------------------------------------- 9. deep links


def links(app: App, now: float | None = None) -> DeepLinks:
    made = deep_links(app)
    if now is None:
        return made
    return DeepLinks(app.settings.keys(), app.flows.keys(), now=lambda: now)


def reject(app: App, order: FilingOrder) -> None:
    app.filing.decide(ReviewDecision(order.id, Action.REJECT, "reviewer", ("website_name",)))


def damaged(payload: str) -> str:
    """The payload with its last character changed (to another one, always)."""
    return payload[:-1] + ("B" if payload.endswith("A") else "A")


DEEP_LINKS = [  # (language, payload maker, what the bot must say first)
    ("en", lambda app, order: "flow_first_filing", "In which province"),
    ("zh-hans", lambda app, order: "flow_first_filing", zh(
        "In which province is the entity domiciled? Its Communications Administration "
        "reviews the filing.")[:6]),
    ("en", lambda app, order: links(app).fix_payload(order.id), "Let's correct order"),
    ("zh-hans", lambda app, order: links(app).fix_payload(order.id), zh(
        "Let's correct order {order_id}. I'll take you to what the reviewer flagged; "
        "everything else is kept.")[:4]),
    ("en", lambda app, order: damaged(links(app).fix_payload(order.id)), LINK_INVALID),
    ("zh-hans", lambda app, order: "fix_" + order.id + "_zzzzzz_" + "A" * 22,
     zh(LINK_INVALID)),
    ("en", lambda app, order: links(app, time.time() - 40 * 86400).fix_payload(order.id),
     LINK_EXPIRED),
    ("zh-hans", lambda app, order: links(app, time.time() - 40 * 86400).fix_payload(order.id),
     zh(LINK_EXPIRED)),
    ("en", lambda app, order: "flow_no_such_flow", LINK_INVALID),
]


@pytest.mark.parametrize("language, payload, expected", DEEP_LINKS)
async def test_start_payloads_open_a_flow_or_a_signed_fix_screen(
        chat: Chat, icp_app: App, language: str, payload: Any, expected: str) -> None:
    order = file_order(icp_app)
    reject(icp_app, order)
    chat.language = language

    await chat.say(f"/start {payload(icp_app, order)}")

    texts = chat.stub.texts()
    if expected in (LINK_INVALID, LINK_EXPIRED, zh(LINK_INVALID), zh(LINK_EXPIRED)):
        assert texts[0] == expected
        assert len(texts) > 1  # and then the welcome and menu, as /start
    else:
        assert any(expected in text for text in texts), texts


async def test_a_fix_link_opens_only_the_applicants_own_order(chat: Chat,
                                                              icp_app: App) -> None:
    order = file_order(icp_app, user=USER + 7)
    reject(icp_app, order)

    await chat.say(f"/start {links(icp_app).fix_payload(order.id)}")

    assert chat.stub.texts()[0] == f"No order {order.id} was found."


def test_deep_link_payloads_fit_telegram_and_name_the_bot() -> None:
    made = DeepLinks(["k1"], ["first_filing"])
    payload = made.fix_payload("O1A2B3C4D")

    assert len(payload) <= 64 and all(c.isalnum() or c in "_-" for c in payload)
    assert made.url("@icp_helper_bot", payload) == \
        f"https://t.me/icp_helper_bot?start={payload}"
    assert DeepLinks(["k0", "k1"], []).open(payload).problem is None  # rotated keys verify
    assert DeepLinks(["k2"], []).open(payload).problem == LINK_INVALID


# ------------------------------------------------------------- 10. descriptions, menus, /help


async def test_descriptions_are_set_per_language_at_start_up(chat: Chat) -> None:
    await commands.publish(chat.application.bot, translator, ())

    for method, msgid in (("setMyDescription", commands.DESCRIPTION),
                          ("setMyShortDescription", commands.SHORT_DESCRIPTION)):
        calls = {c.get("language_code", ""): c for c in chat.stub.called(method)}
        field = "description" if method == "setMyDescription" else "short_description"
        assert calls[""][field] == calls["en"][field] == msgid
        assert calls["zh"][field] == zh(msgid) != msgid
    assert len(zh(commands.DESCRIPTION)) <= 512 and len(commands.DESCRIPTION) <= 512
    assert max(len(commands.SHORT_DESCRIPTION), len(zh(commands.SHORT_DESCRIPTION))) <= 120


async def test_reviewers_menu_is_in_their_stored_language_and_follows_language_switch(
        icp_app: App, stub: StubRequest) -> None:
    app = bootstrap.build(replace(icp_app.settings, admin_ids=frozenset({USER})))
    application = build_application(app, request=stub)
    async with application:
        tg = Chat(application, stub, language="zh-hans")
        await tg.say("/start")  # the profile is stored in Chinese
        await commands.publish(application.bot, translator, {USER},
                               lambda admin: "zh_Hans")
        [menu] = [c for c in stub.called("setMyCommands") if "scope" in c]
        assert menu["scope"] == {"type": "chat", "chat_id": USER}
        assert "language_code" not in menu  # follows /language, not the phone
        assert {"command": "queue", "description": zh(commands.REVIEWER_COMMANDS[0][1])} \
            in menu["commands"]

        await tg.say("/language")
        await tg.press("lang:en")

    latest = [c for c in stub.called("setMyCommands") if "scope" in c][-1]
    assert {"command": "queue", "description": commands.REVIEWER_COMMANDS[0][1]} \
        in latest["commands"]


HELP = [  # (reviewer?, language, must list /queue)
    (False, "en", False), (False, "zh_Hans", False), (True, "en", True), (True, "zh_Hans", True),
]


@pytest.mark.parametrize("reviewer, locale, queue", HELP)
def test_help_lists_what_the_reader_may_use(reviewer: bool, locale: str, queue: bool) -> None:
    from tests.conftest import FakeWorld

    world = FakeWorld(reviewers=frozenset({"test:900"} if reviewer else set()))
    text = world.conversation("900", locale).command("help")[0].text

    assert ("/queue" in text) is queue
    assert "/summary" in text and "/status" in text


# ------------------------------------------------------------- 11. picture and PDF


@pytest.mark.parametrize("language", ["en", "zh-hans"])
async def test_status_sends_the_timeline_picture_with_its_text_alternative(
        chat: Chat, icp_app: App, language: str) -> None:
    from PIL import Image

    order = file_order(icp_app)
    icp_app.filing.decide(ReviewDecision(order.id, Action.APPROVE, "reviewer"))
    chat.language = language

    await chat.say("/status")

    [photo] = chat.stub.called("sendPhoto")
    image = Image.open(io.BytesIO(chat.stub.uploads["photo"][-1]))
    assert image.size == (1200, 460) and image.format == "PNG"
    assert f"<code>{order.id}</code>" in photo["caption"]
    step = "SMS verification" if language == "en" else zh("SMS verification")
    assert f"▶ {step}" in photo["caption"]  # the current step
    order_names = [name for name in methods(chat.stub) if name.startswith("send")]
    assert order_names[-2:] == ["sendPhoto", "sendMessage"]  # then the menu, last


@pytest.mark.parametrize("language", ["en", "zh-hans"])
async def test_summary_sends_the_order_as_a_pdf_with_the_order_id_as_text(
        chat: Chat, icp_app: App, language: str) -> None:
    from pypdf import PdfReader

    order = file_order(icp_app)
    chat.language = language

    await chat.say("/summary")

    [document] = chat.stub.called("sendDocument")
    assert f"<code>{order.id}</code>" in document["caption"]
    pdf = PdfReader(io.BytesIO(chat.stub.uploads["document"][-1]))
    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
    assert order.id in text  # exact: the number is set in a core font
    fonts = {str(f["/BaseFont"]) for f in _fonts(pdf)}
    assert any("NotoSansCJKSC" in name for name in fonts)  # the Chinese font is embedded
    if language != "en":
        assert zh("ICP filing order") == "ICP 备案订单"


def _fonts(pdf: Any) -> list[Any]:
    resources = pdf.pages[0]["/Resources"]["/Font"]
    return [resources[name].get_object() for name in resources]


async def test_summary_of_someone_elses_order_is_refused(chat: Chat, icp_app: App) -> None:
    order = file_order(icp_app, user=USER + 1)

    await chat.say(f"/summary {order.id}")

    assert not chat.stub.called("sendDocument")
    assert chat.stub.texts() == [f"No order {order.id} was found."]


async def test_a_slow_pdf_gets_a_typing_action(chat: Chat, icp_app: App,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.documents.order_pdf as order_pdf

    real = order_pdf.render_order_pdf

    def slow(document: Any) -> bytes:
        time.sleep(0.5)
        return real(document)

    monkeypatch.setattr(order_pdf, "render_order_pdf", slow)
    file_order(icp_app)

    await chat.say("/summary")

    assert chat.stub.called("sendChatAction")


async def test_outgoing_ask_in_place_replaces_the_tapped_message(
        icp_app: App, stub: StubRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    async def handle(*args: Any, **kwargs: Any) -> list[Outgoing]:
        return [Say("toast-free"), Ask("Picked ☑", (Option("☑ A", "ans:a"),), in_place=True)]

    application = build_application(icp_app, request=stub)
    async with application:
        tg = Chat(application, stub)
        await tg.say("/start")
        monkeypatch.setattr(icp_app.engine, "handle", handle)
        await tg.press("menu:new")

    [edit] = stub.called("editMessageText")
    assert edit["text"] == "Picked ☑" and edit["reply_markup"]["inline_keyboard"]
    assert stub.texts()[-1] == "toast-free"


def test_icpbot_link_prints_deep_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import main

    monkeypatch.setenv("ICPBOT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ICPBOT_SECRET_KEY", Cipher.new_key())
    assert main(["link", "--bot", "icp_helper_bot", "flow", "first_filing"]) == 0
    assert main(["link", "--bot", "icp_helper_bot", "fix", "O1A2B3C4D", "--days", "7"]) == 0
    assert main(["link", "--bot", "icp_helper_bot", "flow", "no_such_flow"]) == 2

    flow, fix = capsys.readouterr().out.split()
    assert flow == "https://t.me/icp_helper_bot?start=flow_first_filing"
    assert fix.startswith("https://t.me/icp_helper_bot?start=fix_O1A2B3C4D_")
