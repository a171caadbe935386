"""The loopback fake Bot API, exercised through a real PTB ``telegram.Bot``.

These tests pin down the Telegram behaviour our end-to-end tests and benchmarks rely on:
if the fake drifts from what PTB expects, the bot tests built on it would prove nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import socket
import subprocess
import sys
import textwrap
import threading
import warnings
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)

from tests.fakes.bot_api_server import FakeBotApi
from tests.fakes.bot_api_shapes import NOT_MODIFIED, QUERY_TOO_OLD
from tests.fakes.control_client import ControlClient, ControlError

USER = 5550001
STEP_TIMEOUT = 5.0  # no single step of these tests may take longer


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server
    assert not server.internal_errors, server.internal_errors


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(**api.bot_kwargs()) as client:
        yield client


def keyboard(*datas: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(d, callback_data=d) for d in datas]])


def retry_seconds(error: RetryAfter) -> float:
    # PTB >= 22.2 warns on int access unless PTB_TIMEDELTA is set; accept both forms.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


# ---------------------------------------------------------------------- basic methods


async def test_get_me_returns_the_icp_helper_bot(bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456789, "icp_helper_bot", True)


async def test_wrong_token_is_rejected_as_invalid(api: FakeBotApi) -> None:
    kwargs = api.bot_kwargs() | {"token": "987654321:WRONG"}
    with pytest.raises(InvalidToken):
        await Bot(**kwargs).get_me()


async def test_unknown_method_answers_404_not_found(api: FakeBotApi) -> None:
    async with aiohttp.ClientSession() as session, session.post(
            f"{api.base_url}{api.token}/sendTelepathy") as response:
        assert response.status == 404
        assert await response.json() == {"ok": False, "error_code": 404,
                                         "description": "Not Found"}


async def test_send_message_with_inline_keyboard_is_stored_and_echoed(
        api: FakeBotApi, bot: Bot) -> None:
    sent = await bot.send_message(USER, "主体类型 / Entity type?", reply_markup=keyboard("a", "b"))

    assert sent.from_user is not None and sent.from_user.id == 123456789
    assert sent.chat.id == USER
    assert sent.reply_markup == keyboard("a", "b")
    [record] = api.sent_messages(USER)
    assert record["method"] == "sendMessage"
    assert record["text"] == "主体类型 / Entity type?"
    assert record["message_id"] == sent.message_id
    assert [b["callback_data"] for b in api.last_buttons(USER)[0]] == ["a", "b"]


async def test_json_body_is_accepted_like_a_form(api: FakeBotApi) -> None:
    payload = {"chat_id": USER, "text": "hi", "reply_markup": {"inline_keyboard": [
        [{"text": "x", "callback_data": "x"}]]}}
    async with aiohttp.ClientSession() as session, session.post(
            f"{api.base_url}{api.token}/sendMessage", json=payload) as response:
        body = await response.json()
    assert body["ok"] is True
    assert body["result"]["reply_markup"] == payload["reply_markup"]


async def test_html_text_is_stored_as_the_visible_text(api: FakeBotApi, bot: Bot) -> None:
    sent = await bot.send_message(USER, "<b>备案</b> A &amp; B &lt;C&gt;", parse_mode="HTML")
    assert sent.text == "备案 A & B <C>"


@pytest.mark.parametrize("text", ["", "   ", "字" * 4097])
async def test_empty_or_overlong_text_is_refused(bot: Bot, text: str) -> None:
    with pytest.raises(BadRequest):
        await bot.send_message(USER, text)


async def test_text_of_exactly_4096_chinese_characters_is_accepted(bot: Bot) -> None:
    sent = await bot.send_message(USER, "字" * 4096)
    assert sent.text is not None and len(sent.text) == 4096


@pytest.mark.parametrize("text", ["<b>unclosed", "1 < 2", "<div>x</div>"])
async def test_broken_html_is_refused_with_cant_parse_entities(bot: Bot, text: str) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(USER, text, parse_mode="HTML")


async def test_unescaped_markdown_v2_reserved_character_is_refused(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)reserved"):
        await bot.send_message(USER, "Step 1. Done!", parse_mode="MarkdownV2")
    assert (await bot.send_message(USER, r"Step 1\. *Done*\!", parse_mode="MarkdownV2")).text \
        == "Step 1. Done!"


async def test_callback_data_longer_than_64_bytes_is_refused(bot: Bot) -> None:
    label_as_data = "个人" * 11  # 22 Chinese characters = 66 UTF-8 bytes
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(USER, "pick", reply_markup=keyboard(label_as_data))
    await bot.send_message(USER, "pick", reply_markup=keyboard("x" * 64))


# ---------------------------------------------------------------------- edits and callbacks


async def test_edit_with_identical_text_is_refused_as_not_modified(bot: Bot) -> None:
    sent = await bot.send_message(USER, "same", reply_markup=keyboard("a"))
    with pytest.raises(BadRequest) as raised:
        await bot.edit_message_text("same", USER, sent.message_id, reply_markup=keyboard("a"))
    # PTB strips "Bad Request: " and re-capitalizes, so compare case-insensitively.
    assert raised.value.message.lower() == NOT_MODIFIED.removeprefix("Bad Request: ").lower()


async def test_edit_changes_text_drops_keyboard_and_sets_edit_date(
        api: FakeBotApi, bot: Bot) -> None:
    sent = await bot.send_message(USER, "before", reply_markup=keyboard("a"))
    edited = await bot.edit_message_text("after", USER, sent.message_id)

    assert isinstance(edited, type(sent))
    assert (edited.text, edited.reply_markup) == ("after", None)
    assert edited.edit_date is not None
    assert [m["method"] for m in api.sent_messages(USER)] == ["sendMessage", "editMessageText"]
    assert api.last_buttons(USER) == []


async def test_edit_reply_markup_with_the_same_keyboard_is_not_modified(bot: Bot) -> None:
    sent = await bot.send_message(USER, "q", reply_markup=keyboard("a"))
    await bot.edit_message_reply_markup(USER, sent.message_id, reply_markup=keyboard("b"))
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(USER, sent.message_id, reply_markup=keyboard("b"))


async def test_editing_an_unknown_message_is_refused(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", USER, 999)


async def test_answering_a_callback_query_twice_is_refused(api: FakeBotApi, bot: Bot) -> None:
    await bot.send_message(USER, "Entity type?", reply_markup=keyboard("ind", "co"))
    query_id = api.inject_callback(USER, "co")

    assert await bot.answer_callback_query(query_id, text="已选择 / chosen")
    with pytest.raises(BadRequest) as raised:
        await bot.answer_callback_query(query_id)
    assert raised.value.message.lower() == QUERY_TOO_OLD.removeprefix("Bad Request: ").lower()
    assert [a["text"] for a in api.answered_callbacks()] == ["已选择 / chosen"]


async def test_callback_update_carries_the_bot_message_and_data(
        api: FakeBotApi, bot: Bot) -> None:
    sent = await bot.send_message(USER, "Entity type?", reply_markup=keyboard("ind", "co"))
    api.press_button(USER, "ind")

    [update] = await bot.get_updates(timeout=1)
    query = update.callback_query
    assert query is not None and query.data == "ind"
    assert query.message is not None and query.message.message_id == sent.message_id
    assert query.from_user.id == USER


async def test_inject_callback_refuses_data_the_bot_never_offered(
        api: FakeBotApi, bot: Bot) -> None:
    await bot.send_message(USER, "Entity type?", reply_markup=keyboard("ind"))
    with pytest.raises(ValueError, match=r"(?i)no button"):
        api.inject_callback(USER, "typo")


async def test_answer_text_longer_than_200_characters_is_refused(
        api: FakeBotApi, bot: Bot) -> None:
    await bot.send_message(USER, "q", reply_markup=keyboard("a"))
    query_id = api.inject_callback(USER, "a")
    with pytest.raises(BadRequest):
        await bot.answer_callback_query(query_id, text="x" * 201)


# ---------------------------------------------------------------------- getUpdates


async def test_long_poll_returns_an_update_injected_while_waiting(
        api: FakeBotApi, bot: Bot) -> None:
    loop = asyncio.get_running_loop()
    loop.call_later(0.2, api.inject_text, USER, "/start deep_link", "zh-hans")

    started = loop.time()
    async with asyncio.timeout(STEP_TIMEOUT):
        updates = await bot.get_updates(timeout=3)

    assert loop.time() - started < 2.5  # answered when the update arrived, not at timeout
    [update] = updates
    message = update.message
    assert message is not None and message.text == "/start deep_link"
    assert message.from_user is not None and message.from_user.language_code == "zh-hans"
    assert message.chat.id == USER and message.chat.type == "private"
    assert [(e.type, e.offset, e.length) for e in message.entities] == [("bot_command", 0, 6)]


async def test_raw_get_updates_json_parses_with_update_de_json(
        api: FakeBotApi, bot: Bot) -> None:
    api.inject_text(USER, "/help")
    async with aiohttp.ClientSession() as session, session.post(
            f"{api.base_url}{api.token}/getUpdates", data={"timeout": "0"}) as response:
        body = await response.json()

    update = Update.de_json(body["result"][0], bot)
    assert update.effective_user is not None and update.effective_user.id == USER
    assert update.effective_chat is not None and update.effective_chat.id == USER
    assert update.message is not None and update.message.parse_entities()


async def test_long_poll_times_out_with_an_empty_list(bot: Bot) -> None:
    async with asyncio.timeout(STEP_TIMEOUT):
        assert await bot.get_updates(timeout=1) == ()


async def test_offset_confirms_and_drops_earlier_updates(api: FakeBotApi, bot: Bot) -> None:
    first = api.inject_text(USER, "one")["update_id"]
    api.inject_text(USER, "two")

    assert len(await bot.get_updates()) == 2  # without an offset nothing is confirmed
    assert len(await bot.get_updates()) == 2
    [remaining] = await bot.get_updates(offset=first + 1)
    assert remaining.message is not None and remaining.message.text == "two"
    assert await bot.get_updates(offset=remaining.update_id + 1) == ()


async def test_limit_caps_the_batch(api: FakeBotApi, bot: Bot) -> None:
    for index in range(5):
        api.inject_text(USER, f"m{index}")
    assert len(await bot.get_updates(limit=2)) == 2


async def test_duplicate_update_is_delivered_again_with_the_same_id(
        api: FakeBotApi, bot: Bot) -> None:
    update = api.inject_text(USER, "once")
    delivered = await bot.get_updates()
    api.inject_duplicate()

    [again] = await bot.get_updates(offset=delivered[-1].update_id + 1)
    assert again.update_id == update["update_id"]
    assert await bot.get_updates(offset=again.update_id + 1) == ()


async def test_a_second_bot_instance_polling_terminates_the_first_with_conflict(
        api: FakeBotApi, bot: Bot) -> None:
    older = asyncio.create_task(bot.get_updates(timeout=3))
    await asyncio.sleep(0.2)
    async with Bot(**api.bot_kwargs()) as second_instance, asyncio.timeout(STEP_TIMEOUT):
        assert await second_instance.get_updates(timeout=0) == ()
        with pytest.raises(Conflict, match=r"(?i)terminated by other getUpdates"):
            await older


# ---------------------------------------------------------------------- faults


async def test_injected_429_raises_retry_after_with_the_delay(api: FakeBotApi, bot: Bot) -> None:
    api.fail_next("sendMessage", 429, retry_after=7)
    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(USER, "hi")
    assert retry_seconds(raised.value) == 7
    assert api.too_many_requests_sent == 1
    await bot.send_message(USER, "hi")  # used up after one call


async def test_injected_403_raises_forbidden_blocked_by_user(api: FakeBotApi, bot: Bot) -> None:
    api.fail_next("sendMessage", 403)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(USER, "hi")


async def test_blocked_user_stays_forbidden_until_unblocked(api: FakeBotApi, bot: Bot) -> None:
    api.block_user(USER)
    for _ in range(2):
        with pytest.raises(Forbidden):
            await bot.send_message(USER, "hi")
    api.unblock_user(USER)
    await bot.send_message(USER, "hi")


async def test_injected_502_raises_network_error(api: FakeBotApi, bot: Bot) -> None:
    api.fail_next("getUpdates", 502)
    with pytest.raises(NetworkError, match=r"(?i)Bad Gateway"):
        await bot.get_updates()


async def test_fault_can_target_one_chat(api: FakeBotApi, bot: Bot) -> None:
    api.fail_next("sendMessage", 400, description="Bad Request: chat not found", chat_id=42)
    await bot.send_message(USER, "other chat unaffected")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(42, "hi")


async def test_delayed_answer_makes_the_client_time_out(api: FakeBotApi, bot: Bot) -> None:
    api.delay_next("sendMessage", 1.0)
    with pytest.raises(TimedOut):
        await bot.send_message(USER, "slow", read_timeout=0.3)


async def test_flood_limits_answer_429_and_count_them(api: FakeBotApi, bot: Bot) -> None:
    api.enforce_limits(global_per_second=3, per_chat_per_second=1)
    await bot.send_message(1, "a")
    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(1, "again too soon")
    assert retry_seconds(raised.value) >= 1
    await bot.send_message(2, "b")
    await bot.send_message(3, "c")
    with pytest.raises(RetryAfter):
        await bot.send_message(4, "over the global limit")
    assert api.too_many_requests_sent == 2
    assert api.request_counts()["sendMessage"] == 5


# ---------------------------------------------------------------------- files


async def test_document_upload_round_trips_through_get_file(api: FakeBotApi, bot: Bot) -> None:
    content = b"%PDF-1.4 receipt " + bytes(range(256))
    sent = await bot.send_document(USER, content, filename="receipt.pdf", caption="回执")

    assert sent.document is not None and sent.document.file_name == "receipt.pdf"
    assert sent.caption == "回执"
    file = await bot.get_file(sent.document.file_id)
    assert file.file_path is not None and file.file_path.startswith(api.base_file_url)
    assert bytes(await file.download_as_bytearray()) == content


async def test_injected_document_and_photo_can_be_downloaded(api: FakeBotApi, bot: Bot) -> None:
    api.inject_document(USER, b"license", "business_license.pdf", "application/pdf")
    api.inject_photo(USER, b"\xff\xd8jpeg", caption="身份证正面")

    doc_update, photo_update = await bot.get_updates()
    assert doc_update.message is not None and doc_update.message.document is not None
    assert doc_update.message.document.mime_type == "application/pdf"
    assert photo_update.message is not None and len(photo_update.message.photo) == 2
    assert photo_update.message.caption == "身份证正面"
    doc_file = await bot.get_file(doc_update.message.document.file_id)
    photo_file = await bot.get_file(photo_update.message.photo[-1].file_id)
    assert bytes(await doc_file.download_as_bytearray()) == b"license"
    assert bytes(await photo_file.download_as_bytearray()) == b"\xff\xd8jpeg"


async def test_get_file_with_unknown_id_is_refused(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("nope")


# ---------------------------------------------------------------------- commands


async def test_set_my_commands_is_stored_per_language(api: FakeBotApi, bot: Bot) -> None:
    assert await bot.set_my_commands([("start", "Start filing")])
    assert await bot.set_my_commands([("start", "开始备案"), ("help", "帮助")],
                                      language_code="zh")

    assert [c["description"] for c in api.commands("zh")] == ["开始备案", "帮助"]
    assert [c.command for c in await bot.get_my_commands()] == ["start"]
    assert api.all_commands().keys() == {"default/*", "default/zh"}


async def test_set_my_commands_rejects_a_non_iso_639_1_language_code(bot: Bot) -> None:
    with pytest.raises(BadRequest):
        await bot.set_my_commands([("start", "开始")], language_code="zh-hans")


# ---------------------------------------------------------------------- webhooks


class WebhookReceiver:
    """A tiny loopback endpoint standing in for the bot's webhook server."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.received: asyncio.Queue[tuple[str | None, dict[str, object]]] = asyncio.Queue()
        self.attempts = 0
        self.runner: web.AppRunner | None = None
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        self.attempts += 1
        if self.attempts <= self.failures:
            return web.Response(status=500)
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        await self.received.put((secret, await request.json()))
        return web.Response(text="ok")

    async def __aenter__(self) -> WebhookReceiver:
        app = web.Application()
        app.router.add_post("/hook", self.handle)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self.runner.addresses[0][1]}/hook"
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self.runner is not None
        await self.runner.cleanup()


async def test_webhook_pushes_updates_with_the_secret_header(api: FakeBotApi, bot: Bot) -> None:
    async with WebhookReceiver() as receiver:
        assert await bot.set_webhook(receiver.url, secret_token="s3cr3t-T0ken")
        api.inject_text(USER, "/start")
        async with asyncio.timeout(STEP_TIMEOUT):
            secret, payload = await receiver.received.get()

    assert secret == "s3cr3t-T0ken"
    update = Update.de_json(payload, bot)
    assert update.message is not None and update.message.text == "/start"
    info = await bot.get_webhook_info()
    assert info.url == receiver.url and info.pending_update_count == 0


async def test_webhook_delivery_is_retried_after_a_non_2xx_answer(
        api: FakeBotApi, bot: Bot) -> None:
    api.webhook_retry_delay = 0.1
    async with WebhookReceiver(failures=2) as receiver:
        await bot.set_webhook(receiver.url)
        api.inject_text(USER, "hello")
        async with asyncio.timeout(STEP_TIMEOUT):
            _, payload = await receiver.received.get()

    assert receiver.attempts == 3
    assert payload["message"]["text"] == "hello"  # type: ignore[index]
    info = await bot.get_webhook_info()
    assert info.last_error_message is not None and "500" in info.last_error_message


async def test_webhook_pushes_several_chats_at_once_and_each_chat_in_order(
        api: FakeBotApi, bot: Bot) -> None:
    # Telegram pushes over up to max_connections at once; one chat's updates stay in order.
    api.webhook_connections = 3
    in_flight, most, seen = 0, 0, []
    release = asyncio.Event()

    async def slow(request: web.Request) -> web.Response:
        nonlocal in_flight, most
        payload = await request.json()
        in_flight += 1
        most = max(most, in_flight)
        seen.append((payload["message"]["chat"]["id"], payload["message"]["text"]))
        await asyncio.wait_for(release.wait(), STEP_TIMEOUT)
        in_flight -= 1
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/hook", slow)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        await bot.set_webhook(f"http://127.0.0.1:{runner.addresses[0][1]}/hook")
        for chat in (USER, USER + 1, USER + 2, USER + 3):
            api.inject_text(chat, "one")
            api.inject_text(chat, "two")
        async with asyncio.timeout(STEP_TIMEOUT):
            while len(seen) < 3:
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.1)
            assert most == 3 and len({chat for chat, _ in seen}) == 3  # three chats at once
            release.set()
            while len(seen) < 8:
                await asyncio.sleep(0.01)
    finally:
        release.set()
        await bot.delete_webhook()
        await runner.cleanup()
    for chat in (USER, USER + 1, USER + 2, USER + 3):
        assert [text for who, text in seen if who == chat] == ["one", "two"]


async def test_get_updates_while_a_webhook_is_set_is_a_conflict(bot: Bot) -> None:
    await bot.set_webhook("http://127.0.0.1:9/hook")
    with pytest.raises(Conflict, match=r"(?i)webhook is active"):
        await bot.get_updates()
    await bot.delete_webhook()
    assert await bot.get_updates() == ()


async def test_webhook_outside_loopback_is_refused(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)bad webhook"):
        await bot.set_webhook("https://example.com/hook")


# ---------------------------------------------------------------------- waiting and threads


async def test_wait_for_reply_returns_the_next_bot_message(api: FakeBotApi, bot: Bot) -> None:
    await bot.send_message(USER, "first")
    later = asyncio.get_running_loop().call_later(0.1, asyncio.ensure_future,
                                                  bot.send_message(USER, "second"))
    reply = await api.wait_for_reply(USER, after_count=1, timeout=STEP_TIMEOUT)
    assert reply["text"] == "second"
    later.cancel()


async def test_wait_for_reply_times_out_with_what_was_received(api: FakeBotApi) -> None:
    with pytest.raises(TimeoutError, match=r"(?i)wanted 1 messages"):
        await api.wait_for_reply(USER, timeout=0.2)


async def test_blocking_wait_on_the_server_loop_is_refused(api: FakeBotApi) -> None:
    with pytest.raises(RuntimeError, match=r"(?i)deadlock"):
        api.wait_for_messages(USER, 1, timeout=0.1)


def test_thread_mode_serves_a_bot_running_in_another_loop() -> None:
    with FakeBotApi().run_in_thread() as api:
        # The "bot" runs on its own loop in another thread, like `icpbot run` in a subprocess.
        def bot_replies() -> None:
            async def reply() -> None:
                async with Bot(**api.bot_kwargs()) as client:
                    [update] = await client.get_updates(timeout=3)
                    assert update.message is not None
                    await client.send_message(USER, f"echo: {update.message.text}")
            asyncio.run(reply())

        worker = threading.Thread(target=bot_replies, daemon=True)
        worker.start()
        api.inject_text(USER, "你好")
        [message] = api.wait_for_messages(USER, 1, timeout=STEP_TIMEOUT)
        worker.join(STEP_TIMEOUT)

    assert message["text"] == "echo: 你好"
    assert not worker.is_alive()


def test_control_http_api_drives_the_fake_from_another_process_view() -> None:
    with FakeBotApi().run_in_thread() as api:
        control = ControlClient(api.root_url)
        update = control.inject_text(USER, "/start")
        assert api.pending_updates()[0]["update_id"] == update["update_id"]

        asyncio.run(Bot(**api.bot_kwargs()).send_message(USER, "welcome",
                                                           reply_markup=keyboard("go")))
        assert [m["text"] for m in control.wait_for_messages(USER, 1, timeout=2)] == ["welcome"]
        assert control.inject_callback(USER, "go").startswith("cq-")
        control.fail_next("sendMessage", 429, retry_after=3)
        control.enforce_limits(global_per_second=30, per_chat_per_second=1)
        assert control.stats()["requests"]["sendMessage"] == 1
        with pytest.raises(ControlError, match=r"(?i)wanted 5 messages"):
            control.wait_for_messages(USER, 5, timeout=0.2)


async def test_async_test_can_wait_on_a_threaded_server() -> None:
    api = FakeBotApi().run_in_thread()
    try:
        async with Bot(**api.bot_kwargs()) as client:
            pending = asyncio.ensure_future(api.wait_for_reply(USER, timeout=STEP_TIMEOUT))
            await client.send_message(USER, "cross-loop")
            assert (await pending)["text"] == "cross-loop"
    finally:
        api.close()


# ---------------------------------------------------------------------- whole PTB Application


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    await update.message.reply_text("Entity type?", reply_markup=keyboard("ind", "co"))


async def chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("ok")
    await query.edit_message_text(f"chosen: {query.data}")


def build_application(api: FakeBotApi) -> Application:
    application = (ApplicationBuilder().token(api.token).base_url(api.base_url)
                   .base_file_url(api.base_file_url).build())
    application.add_handler(CommandHandler("start", ask))
    application.add_handler(CallbackQueryHandler(chosen))
    return application


async def run_dialog(api: FakeBotApi) -> list[dict[str, object]]:
    api.inject_text(USER, "/start")
    await api.wait_for_reply(USER, after_count=0, timeout=STEP_TIMEOUT)
    api.press_button(USER, "co")
    await api.wait_for_reply(USER, after_count=1, timeout=STEP_TIMEOUT)
    return api.sent_messages(USER)


async def test_ptb_application_polling_runs_a_button_dialog(api: FakeBotApi) -> None:
    application = build_application(api)
    async with application, asyncio.timeout(3 * STEP_TIMEOUT):
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=2)
        sent = await run_dialog(api)
        await application.updater.stop()
        await application.stop()

    assert [(m["method"], m["text"]) for m in sent] == [
        ("sendMessage", "Entity type?"), ("editMessageText", "chosen: co")]
    assert [a["text"] for a in api.answered_callbacks()] == ["ok"]
    assert api.request_counts()["deleteWebhook"] == 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_ptb_application_webhook_mode_receives_pushed_updates(api: FakeBotApi) -> None:
    port = free_port()
    application = build_application(api)
    async with application, asyncio.timeout(3 * STEP_TIMEOUT):
        await application.start()
        assert application.updater is not None
        await application.updater.start_webhook(
            listen="127.0.0.1", port=port, url_path="hook", secret_token="s3cr3t",
            webhook_url=f"http://127.0.0.1:{port}/hook")
        sent = await run_dialog(api)
        await application.updater.stop()
        await application.stop()

    assert [m["text"] for m in sent] == ["Entity type?", "chosen: co"]
    assert api.webhook_info()["url"] == f"http://127.0.0.1:{port}/hook"
    assert api.stats()["webhook_deliveries"] == 2


ECHO_BOT = textwrap.dedent("""
    import sys
    from telegram.ext import ApplicationBuilder, MessageHandler, filters

    async def echo(update, context):
        await update.message.reply_text("echo: " + update.message.text)

    token, base_url, base_file_url = sys.argv[1:4]
    app = (ApplicationBuilder().token(token).base_url(base_url)
           .base_file_url(base_file_url).build())
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling(poll_interval=0, timeout=1)
""")


def test_bot_in_a_subprocess_is_driven_synchronously_in_thread_mode() -> None:
    """The pattern for `icpbot run`: server in a thread, bot in a child process."""
    with FakeBotApi().run_in_thread() as api:
        kwargs = api.bot_kwargs()
        process = subprocess.Popen(
            [sys.executable, "-c", ECHO_BOT, kwargs["token"], kwargs["base_url"],
             kwargs["base_file_url"]], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            api.inject_text(USER, "备案进度")
            [reply] = api.wait_for_messages(USER, 1, timeout=3 * STEP_TIMEOUT)
        finally:
            process.terminate()  # PTB's run_polling stops cleanly on SIGTERM
            try:
                output, _ = process.communicate(timeout=STEP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                output, _ = process.communicate(timeout=STEP_TIMEOUT)

    assert reply["text"] == "echo: 备案进度", output.decode(errors="replace")
