"""The Telegram channel in process: real PTB Application, real engine, a stub transport.

Updates go through ``Application.process_update``; a ``BaseRequest`` stub records every Bot
API call and answers with canned JSON (dialog-anchors §4.2), so nothing touches the network.
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application, ExtBot
from telegram.request import BaseRequest, RequestData

from bot import bootstrap
from bot.bootstrap import App
from bot.config import Settings
from bot.i18n import translator
from bot.tg import commands, convert
from bot.tg.app import build_application
from bot.tg.notifier import TelegramNotifier
from dialogs.messages import Ask, Option, Outgoing, Say
from filing.events import OrderStatusChanged, OrderSubmitted, audience
from filing.ports import RecipientBlocked, RetryLater
from storage.crypto import Cipher
from tests.samples import JPEG

TOKEN = "123456:TEST"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "ICP Helper",
            "username": "icp_helper_bot"}
USER = 5550001


class StubRequest(BaseRequest):
    """Records Bot API calls; answers like Telegram; ``fail(method, status, body)`` once."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.files: dict[str, bytes] = {}
        self.messages: dict[int, dict[str, Any]] = {}  # what the bot sent, as Telegram has it
        self.uploads: dict[str, list[bytes]] = {}  # multipart files by field, e.g. "photo"
        self._faults: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        self._message_id = 1000

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    def fail(self, method: str, status: int, description: str, **parameters: Any) -> None:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        self._faults.setdefault(method, []).append((status, body))

    def called(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    def texts(self) -> list[str]:
        return [params["text"] for params in self.called("sendMessage")]

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = None, write_timeout: Any = None,
                         connect_timeout: Any = None, pool_timeout: Any = None
                         ) -> tuple[int, bytes]:
        if "/file/bot" in url:
            self.calls.append(("download", {"url": url}))
            return 200, self.files[url.rsplit("/", 1)[-1]]
        name = url.rsplit("/", 1)[-1]
        params = {key: _loads(value) for key, value in
                  (request_data.json_parameters if request_data else {}).items()}
        if request_data is not None and request_data.contains_files:
            for field, part in (request_data.multipart_data or {}).items():
                if isinstance(part, tuple):
                    self.uploads.setdefault(field, []).append(part[1])
        self.calls.append((name, params))
        if self._faults.get(name):
            status, body = self._faults[name].pop(0)
            return status, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": self._result(name, params)}).encode()

    def _result(self, name: str, params: dict[str, Any]) -> Any:
        if name == "getMe":
            return BOT_USER
        if name in ("sendMessage", "editMessageReplyMarkup", "editMessageText"):
            if "message_id" not in params:
                self._message_id += 1
            message_id = params.get("message_id", self._message_id)
            message: dict[str, Any] = dict(self.messages.get(message_id, {}))
            message.update({"message_id": message_id, "date": 1767225600, "from": BOT_USER,
                            "chat": {"id": int(params["chat_id"]), "type": "private"}})
            if "text" in params:
                message.update(visible(params["text"], params.get("parse_mode")))
            message.setdefault("text", "…")
            message.pop("reply_markup", None)
            if isinstance(params.get("reply_markup"), dict):
                message["reply_markup"] = params["reply_markup"]
            self.messages[message_id] = message
            return message
        if name in ("sendPhoto", "sendDocument"):
            self._message_id += 1
            kind = "photo" if name == "sendPhoto" else "document"
            media: Any = [{"file_id": "p1", "file_unique_id": "u1", "width": 1200,
                           "height": 460}] if kind == "photo" else {
                "file_id": "d1", "file_unique_id": "u2", "file_name": "order.pdf"}
            return {"message_id": self._message_id, "date": 1767225600, "from": BOT_USER,
                    "chat": {"id": int(params["chat_id"]), "type": "private"}, kind: media}
        if name == "getFile":
            file_id = params["file_id"]
            return {"file_id": file_id, "file_unique_id": f"u-{file_id}",
                    "file_size": len(self.files.get(f"{file_id}.jpg", b"")),
                    "file_path": f"photos/{file_id}.jpg"}
        return True


def visible(text: str, parse_mode: str | None) -> dict[str, Any]:
    """What Telegram keeps of a text: the visible characters and (for HTML) its code spans
    as entities with UTF-16 offsets; other tags are not used by the bot."""
    if parse_mode != "HTML":
        return {"text": text}
    shown, entities, start = "", [], 0
    for part in re.split(r"(</?code>)", text):
        if part == "<code>":
            start = len(shown.encode("utf-16-le")) // 2
        elif part == "</code>":
            end = len(shown.encode("utf-16-le")) // 2
            entities.append({"type": "code", "offset": start, "length": end - start})
        else:
            shown += html.unescape(part)
    return {"text": shown, "entities": entities}


def _loads(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


class Chat:
    """A private chat with the bot: builds updates, feeds them, reads what the bot did."""

    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any],
                 stub: StubRequest, user: int = USER, language: str = "en") -> None:
        self.application = application
        self.stub = stub
        self.user = user
        self.language = language
        self._update_id = 100_000_000
        self._message_id = 1

    def _next(self) -> tuple[int, int]:
        self._update_id += 1
        self._message_id += 1
        return self._update_id, self._message_id

    def _from(self) -> dict[str, Any]:
        return {"id": self.user, "is_bot": False, "first_name": "Li",
                "language_code": self.language}

    def message(self, **content: Any) -> dict[str, Any]:
        update_id, message_id = self._next()
        return {"update_id": update_id, "message": {
            "message_id": message_id, "from": self._from(), "date": 1767225600,
            "chat": {"id": self.user, "type": "private", "first_name": "Li"}, **content}}

    def text(self, text: str) -> dict[str, Any]:
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            content["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(text.split()[0])}]
        return self.message(**content)

    def tap(self, data: str, message_id: int | None = None) -> dict[str, Any]:
        """A tap on the button with ``data`` of the bot's message ``message_id`` (by default
        the newest that has it), as Telegram sends it: with that message as it is now."""
        update_id, _ = self._next()
        message = self.stub.messages.get(message_id) if message_id else self.showing(data)
        if message is None:  # a message the stub never sent (e.g. before a restart)
            message = {"message_id": message_id or 999, "from": BOT_USER, "date": 1767225610,
                       "chat": {"id": self.user, "type": "private"}, "text": "?",
                       "reply_markup": {"inline_keyboard": [[{"text": "x",
                                                              "callback_data": data}]]}}
        return {"update_id": update_id, "callback_query": {
            "id": f"cq-{update_id}", "from": self._from(), "chat_instance": "-81234",
            "data": data, "message": json.loads(json.dumps(message))}}

    def showing(self, data: str) -> dict[str, Any] | None:
        """The newest message of the bot whose keyboard has a button with ``data``."""
        for message in sorted(self.stub.messages.values(), key=lambda m: -m["message_id"]):
            rows = message.get("reply_markup", {}).get("inline_keyboard", [])
            if any(button.get("callback_data") == data for row in rows for button in row):
                return message
        return None

    async def feed(self, update: dict[str, Any]) -> None:
        await self.application.process_update(Update.de_json(update, self.application.bot))

    async def say(self, text: str) -> None:
        await self.feed(self.text(text))

    async def press(self, value: str) -> None:
        """Tap the button with ``value`` on the newest keyboard the bot sent."""
        await self.feed(self.tap(self.data_for(value)))

    def last_keyboard(self) -> list[list[dict[str, Any]]]:
        for params in reversed(self.stub.called("sendMessage")):
            if isinstance(params.get("reply_markup"), dict):
                return list(params["reply_markup"]["inline_keyboard"])
        raise AssertionError("no keyboard sent")

    def data_for(self, value: str) -> str:
        for row in self.last_keyboard():
            for button in row:
                if button["callback_data"].startswith(value + "|"):
                    return str(button["callback_data"])
        raise AssertionError(f"no button {value!r} in {self.last_keyboard()}")


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


def key(user: int = USER) -> str:
    return f"telegram:{user}"


# ---------------------------------------------------------------------- replies and buttons


async def test_start_replies_with_an_inline_keyboard_in_plain_text(chat: Chat) -> None:
    await chat.say("/start")

    sent = chat.stub.called("sendMessage")
    assert sent[0]["text"].startswith("Hello!")
    assert all("parse_mode" not in params for params in sent)
    labels = [button["text"] for row in chat.last_keyboard() for button in row]
    assert "📝 New filing" in labels
    assert chat.data_for("menu:new") == "menu:new|"


async def test_command_addressed_to_the_bot_by_name_is_understood(chat: Chat) -> None:
    await chat.say("/help@icp_helper_bot")

    assert chat.stub.texts()[0].startswith("Commands:")


async def test_form_buttons_carry_the_draft_token_within_64_bytes(chat: Chat,
                                                                  icp_app: App) -> None:
    await chat.say("/start")
    await chat.press("menu:new")
    await chat.press("flow:first_filing")

    rows = chat.last_keyboard()
    datas = [button["callback_data"] for row in rows for button in row]
    assert all(len(data.encode()) <= 64 for data in datas)
    profile = icp_app.store.load_profile(key())
    assert profile is not None and profile.active_draft
    draft = icp_app.store.load_draft(profile.active_draft)
    assert draft is not None
    assert f"ans:CN-ZJ|{draft.token}" in datas


async def test_ask_columns_set_the_buttons_per_row(icp_app: App, stub: StubRequest,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    async def handle(*args: Any, **kwargs: Any) -> list[Outgoing]:
        options = tuple(Option(f"o{i}", f"ans:{i}") for i in range(7))
        return [Ask("Pick one", options, token="d1.2", columns=3)]

    monkeypatch.setattr(icp_app.engine, "handle", handle)
    application = build_application(icp_app, request=stub)
    async with application:
        tg = Chat(application, stub)
        await tg.say("/start")

    assert [len(row) for row in tg.last_keyboard()] == [3, 3, 1]


def test_callback_data_too_long_falls_back_to_a_short_stable_alias() -> None:
    book = convert.CallbackBook()
    value, token = "resume:" + "x" * 80, "deadbeef.12"

    data = book.encode(value, token)

    assert len(data.encode()) <= 64
    assert data == book.encode(value, token)  # stable
    assert book.decode(data) == (value, token)
    assert convert.CallbackBook().decode(data) == ("", None)  # forgotten alias: no value


def test_callback_data_round_trips_value_and_token() -> None:
    book = convert.CallbackBook()

    assert book.decode(book.encode("ans:CN-ZJ", "a1b2c3d4.7")) == ("ans:CN-ZJ", "a1b2c3d4.7")
    assert book.decode(book.encode("menu:new", None)) == ("menu:new", None)


async def test_tap_answers_the_query_and_shows_the_choice_instead_of_the_keyboard(
        chat: Chat) -> None:
    await chat.say("/start")
    menu = chat.stub.called("sendMessage")[-1]
    await chat.press("menu:new")

    assert len(chat.stub.called("answerCallbackQuery")) == 1
    [edit] = chat.stub.called("editMessageText")  # one call: the answer shown, keyboard gone
    assert not chat.stub.called("editMessageReplyMarkup")
    assert edit["text"] == menu["text"] + "\n\n✓ 📝 New filing"
    assert "reply_markup" not in edit and edit["parse_mode"] == "HTML"
    assert chat.stub.texts()[-1] == "Which operation do you need?"


async def test_tap_on_old_button_is_answered_and_changes_nothing(chat: Chat,
                                                                 icp_app: App) -> None:
    await chat.say("/start")
    await chat.press("menu:new")
    await chat.press("flow:first_filing")
    old = chat.data_for("ans:CN-ZJ")
    await chat.feed(chat.tap(old))  # answered: the form moves to the entity type
    profile = icp_app.store.load_profile(key())
    assert profile is not None and profile.active_draft
    before = icp_app.store.load_draft(profile.active_draft)
    messages_before = len(chat.stub.texts())

    await chat.feed(chat.tap(old))  # the same old button again

    toast = chat.stub.called("answerCallbackQuery")[-1]
    assert "earlier question" in toast["text"]
    assert len(chat.stub.texts()) == messages_before
    after = icp_app.store.load_draft(profile.active_draft)
    assert after is not None and before is not None
    assert (after.state, after.version, after.answers) == (before.state, before.version,
                                                           before.answers)


async def test_tap_on_a_forgotten_button_is_toasted_and_the_question_asked_again(
        chat: Chat) -> None:
    await chat.say("/start")

    await chat.feed(chat.tap("~forgotten-alias"))

    toast = chat.stub.called("answerCallbackQuery")[-1]
    assert toast["text"] == "That button is no longer valid."
    assert chat.stub.texts()[-1] == "What would you like to do?"


async def test_message_is_not_modified_on_keyboard_removal_is_harmless(chat: Chat) -> None:
    await chat.say("/start")
    chat.stub.fail("editMessageText", 400, "Bad Request: message is not modified: "
                   "specified new message content and reply markup are exactly the same")

    await chat.press("menu:new")

    assert chat.stub.texts()[-1] == "Which operation do you need?"
    assert not [t for t in chat.stub.texts() if "went wrong" in t]


async def test_same_update_id_delivered_twice_is_processed_once(chat: Chat) -> None:
    update = chat.text("/help")

    await chat.feed(update)
    await chat.feed(update)

    assert len(chat.stub.texts()) == 1


async def test_updates_of_one_chat_run_one_at_a_time_and_chats_concurrently(
        icp_app: App, stub: StubRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    running: dict[str, int] = {}
    overlap = {"same": 0, "other": 0}

    async def handle(chat_ref: Any, incoming: Any, locale: Any = None,
                     update_id: Any = None) -> list[Outgoing]:
        if running.get(chat_ref.id):
            overlap["same"] += 1
        if any(v for k, v in running.items() if k != chat_ref.id):
            overlap["other"] += 1
        running[chat_ref.id] = running.get(chat_ref.id, 0) + 1
        await asyncio.sleep(0.05)
        running[chat_ref.id] -= 1
        return [Say("ok")]

    monkeypatch.setattr(icp_app.engine, "handle", handle)
    application = build_application(icp_app, request=stub)
    async with application:
        first, second = Chat(application, stub, user=1), Chat(application, stub, user=2)
        second._update_id = 200_000_000
        await asyncio.gather(first.say("a"), first.say("b"), second.say("c"))

    assert overlap["same"] == 0
    assert overlap["other"] > 0


# ---------------------------------------------------------------------- text and language


def test_long_text_is_split_at_line_breaks_under_4096() -> None:
    lines = [f"{n:04d} " + "规则说明" * 60 for n in range(40)]  # ~245 characters a line

    chunks = convert.split_text("\n".join(lines))

    assert len(chunks) > 1
    assert all(len(chunk) <= 4096 for chunk in chunks)
    assert "\n".join(chunks) == "\n".join(lines)  # cut only between lines


def test_a_single_overlong_line_is_cut_hard() -> None:
    chunks = convert.split_text("x" * 9000)

    assert [len(chunk) for chunk in chunks] == [4096, 4096, 808]


async def test_long_reply_is_sent_in_parts_with_the_keyboard_on_the_last(
        icp_app: App, stub: StubRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    long_text = "\n".join(f"line {n}: " + "a" * 90 for n in range(100))

    async def handle(*args: Any, **kwargs: Any) -> list[Outgoing]:
        return [Ask(long_text, (Option("OK", "menu:main"),))]

    monkeypatch.setattr(icp_app.engine, "handle", handle)
    application = build_application(icp_app, request=stub)
    async with application:
        await Chat(application, stub).say("/start")

    sent = stub.called("sendMessage")
    assert len(sent) == 3
    assert all(len(params["text"]) <= 4096 for params in sent)
    assert [("reply_markup" in params) for params in sent] == [False, False, True]


async def test_chinese_telegram_user_gets_the_zh_hans_locale(chat: Chat,
                                                            icp_app: App) -> None:
    chat.language = "zh-hans"

    await chat.say("/start")

    profile = icp_app.store.load_profile(key())
    assert profile is not None and profile.locale == "zh_Hans"
    expected = translator("zh_Hans").gettext("What would you like to do?")
    assert expected in chat.stub.texts()
    if expected == "What would you like to do?":
        pytest.skip("the zh_Hans catalog is not compiled (make compiles it)")
    assert any("\u4e00" <= char <= "\u9fff" for char in expected)


async def test_command_menu_for_zh_is_translated(chat: Chat) -> None:
    await commands.publish(chat.application.bot, translator, ())

    [zh] = [c for c in chat.stub.called("setMyCommands") if c.get("language_code") == "zh"]
    descriptions = {c["command"]: c["description"] for c in zh["commands"]}
    english = dict(commands.USER_COMMANDS)
    assert descriptions["new"] == translator("zh_Hans").gettext(english["new"])
    if descriptions["new"] == english["new"]:
        pytest.skip("the zh_Hans catalog is not compiled (make compiles it)")


async def test_language_command_switch_is_kept_over_the_telegram_language(
        chat: Chat, icp_app: App) -> None:
    chat.language = "zh"
    await chat.say("/language")
    await chat.press("lang:en")

    await chat.say("/help")

    profile = icp_app.store.load_profile(key())
    assert profile is not None and profile.locale == "en"


# ---------------------------------------------------------------------- files


async def test_photo_is_downloaded_at_its_largest_size_and_given_to_the_engine(
        chat: Chat) -> None:
    chat.stub.files["big.jpg"] = JPEG
    await chat.feed(chat.message(photo=[
        {"file_id": "small", "file_unique_id": "s", "width": 90, "height": 60,
         "file_size": 10},
        {"file_id": "big", "file_unique_id": "b", "width": 1280, "height": 853,
         "file_size": 503}]))

    [get_file] = chat.stub.called("getFile")
    assert get_file["file_id"] == "big"
    assert chat.stub.called("download")
    assert chat.stub.texts()[0] == "I wasn't expecting a file here."


async def test_file_over_20_mb_is_refused_without_download(chat: Chat) -> None:
    await chat.feed(chat.message(document={
        "file_id": "huge", "file_unique_id": "h", "file_name": "licence.pdf",
        "mime_type": "application/pdf", "file_size": 25 * 1024 * 1024}))

    assert not chat.stub.called("getFile")
    assert "20 MB" in chat.stub.texts()[0]


# ---------------------------------------------------------------------- errors


async def test_engine_failure_is_logged_masked_and_the_user_is_told(
        icp_app: App, stub: StubRequest, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    async def handle(*args: Any, **kwargs: Any) -> list[Outgoing]:
        raise RuntimeError("cannot save 11010519491231002X / 13812345678 / zhang@example.com")

    monkeypatch.setattr(icp_app.engine, "handle", handle)
    application = build_application(icp_app, request=stub)
    with caplog.at_level(logging.ERROR):
        async with application:
            await Chat(application, stub).say("我的身份证 11010519491231002X")

    logged = caplog.text
    assert "RuntimeError" in logged
    assert "11010519491231002X" not in logged and "13812345678" not in logged
    assert "zhang@example.com" not in logged
    assert "1101**********002X" in logged
    assert "我的身份证" not in logged  # the update itself is never dumped
    assert stub.texts() == ["Something went wrong, please try again."]


async def test_failure_on_a_tap_still_answers_the_callback_query(
        icp_app: App, stub: StubRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    async def handle(*args: Any, **kwargs: Any) -> list[Outgoing]:
        raise RuntimeError("boom")

    monkeypatch.setattr(icp_app.engine, "handle", handle)
    application = build_application(icp_app, request=stub)
    async with application:
        tg = Chat(application, stub)
        await tg.feed(tg.tap("menu:new|"))

    assert len(stub.called("answerCallbackQuery")) == 1


# ---------------------------------------------------------------------- commands, notifier


async def test_commands_are_published_per_language_and_for_reviewers(chat: Chat) -> None:
    await commands.publish(chat.application.bot, translator, {777})

    calls = chat.stub.called("setMyCommands")
    default = [c for c in calls if "scope" not in c and "language_code" not in c]
    assert [c["command"] for c in default[0]["commands"]] == [
        "start", "new", "drafts", "status", "summary", "ask", "language", "cancel", "help",
        "privacy", "forget"]
    assert any(c.get("language_code") == "zh" for c in calls)
    reviewer = [c for c in calls if c.get("scope") == {"type": "chat", "chat_id": 777}]
    assert reviewer and all("queue" in [x["command"] for x in c["commands"]]
                            for c in reviewer)


def reviewer_app(icp_app: App) -> App:
    from dataclasses import replace

    return bootstrap.build(replace(icp_app.settings, admin_ids=frozenset({USER})))


async def test_reviewer_command_is_answered_for_reviewers_only(icp_app: App,
                                                               stub: StubRequest) -> None:
    application = build_application(reviewer_app(icp_app), request=stub)
    async with application:
        stranger_chat = Chat(application, stub, user=USER + 1)
        stranger_chat._update_id = 200_000_000  # ids are per bot, not per chat
        await Chat(application, stub).say("/queue")
        await stranger_chat.say("/queue")

    reviewer, stranger = stub.called("sendMessage")[0], stub.called("sendMessage")[1]
    assert reviewer["chat_id"] == USER and "queue" in reviewer["text"].lower()
    assert stranger["text"] == "I don't know that command."


async def test_reviewer_command_reaches_a_separate_review_desk_hook(
        icp_app: App, stub: StubRequest) -> None:
    async def desk(update: Update, context: Any) -> list[Outgoing]:
        return [Say("desk: queue")]

    application = build_application(reviewer_app(icp_app), request=stub, review_desk=desk)
    async with application:
        await Chat(application, stub).say("/queue")

    assert stub.texts() == ["desk: queue"]


async def notifier_with(stub: StubRequest) -> tuple[ExtBot[None], TelegramNotifier]:
    bot: ExtBot[None] = ExtBot(TOKEN, request=stub, get_updates_request=stub)
    await bot.initialize()
    return bot, TelegramNotifier(bot)


async def test_notifier_sends_to_the_telegram_chat_of_the_recipient(stub: StubRequest) -> None:
    bot, notifier = await notifier_with(stub)
    async with bot:
        await notifier.send("telegram:42", [Say("Order O1: approved.")])

    assert stub.called("sendMessage")[0]["chat_id"] == 42


def test_reviewer_events_reach_every_reviewer_and_others_the_applicant() -> None:
    recipients = audience(["telegram:8", "telegram:7"])
    submitted = OrderSubmitted("O1", "telegram:42", "first_filing", "CN-ZJ", 1)
    changed = OrderStatusChanged("O1", "telegram:42", "provider_review", "approved",
                                 datetime(2026, 12, 1, tzinfo=UTC))

    assert recipients(submitted) == ("telegram:7", "telegram:8")
    assert recipients(changed) == ("telegram:42",)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # PTB's own RetryAfter(int)
async def test_notifier_maps_blocked_and_flood_errors(stub: StubRequest) -> None:
    bot, notifier = await notifier_with(stub)
    stub.fail("sendMessage", 403, "Forbidden: bot was blocked by the user")
    stub.fail("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
    async with bot:
        with pytest.raises(RecipientBlocked):
            await notifier.send("telegram:42", [Say("x")])
        with pytest.raises(RetryLater) as wait:
            await notifier.send("telegram:42", [Say("x")])

    assert wait.value.seconds == 7
