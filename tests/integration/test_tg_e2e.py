"""End to end: `icpbot run` as a subprocess against the loopback fake Bot API.

The fake runs in a thread of the test process; the bot polls it (or receives its webhook
pushes), answers a whole first-time filing tapped and typed like a person would, survives
injected 429 and 502 answers, downloads a photo, and pushes the review result that
`icpbot review approve` (a second subprocess) records.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from storage.crypto import Cipher
from tests.e2e_support import (
    FILE_WORDS,
    PACE,
    TAPPED,
    TYPED,
    free_port,
    fresh_photo,
    title_of,
)
from tests.fakes.bot_api_server import FakeBotApi

TOKEN = "123456:TEST"
APPLICANT = 5550001
REVIEWER = 9990001
SECRET = "e2e-webhook-secret_123"
REPO = Path(__file__).resolve().parents[2]
STEP_TIMEOUT = 8.0  # one step, including a 429 wait of 1 s or three 502 retries
START_TIMEOUT = 15.0  # interpreter, imports, migrations


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    with FakeBotApi(TOKEN).run_in_thread() as server:
        yield server
    assert not server.internal_errors, server.internal_errors


@pytest.fixture
def environment(tmp_path: Path, api: FakeBotApi) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("ICPBOT_")}
    env.update({"TELEGRAM_BOT_TOKEN": TOKEN, "ICPBOT_TELEGRAM_API_URL": api.root_url,
                "ICPBOT_DATA_DIR": str(tmp_path / "data"),
                "ICPBOT_SECRET_KEY": Cipher.new_key(), "ICPBOT_ADMIN_IDS": str(REVIEWER),
                "ICPBOT_WEBHOOK_SECRET": SECRET, "PYTHONUNBUFFERED": "1"})
    return env


class Bot:
    """`icpbot run` in a child process; its output goes to a log file shown on failure."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        self._handle = log.open("wb")
        self.process = subprocess.Popen([sys.executable, "-m", "bot.cli", "run", *args],
                                        env=env, cwd=REPO, stdout=self._handle,
                                        stderr=subprocess.STDOUT)

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        self.process.terminate()  # PTB stops cleanly on SIGTERM
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        self._handle.close()


MAX_STEPS = 60
# What a person types at each step of the first-time filing (TYPED, by the step's title),
# the buttons they tap (TAPPED), how a file step is recognised and the pace between inputs
# are shared with the fault tests (tests/e2e_support.py).


def next_action(text: str, values: list[str]) -> tuple[str, str]:
    """("text", answer) | ("press", value) | ("photo", "") for the question on screen."""
    title = title_of(text)
    if title in TYPED:
        return "text", TYPED[title]
    for value in TAPPED:
        if value in values:
            return "press", value
    if any(word in text.lower() for word in FILE_WORDS) and title:
        return "photo", ""
    if "nav:skip" in values:
        return "press", "nav:skip"
    raise AssertionError(f"the test does not know how to answer {text!r} ({values})")


class Applicant:
    """A person in a private chat with the bot, driving it through the fake."""

    def __init__(self, api: FakeBotApi, bot: Bot, user: int = APPLICANT) -> None:
        self.api = api
        self.bot = bot
        self.user = user
        self._last_input = 0.0

    def count(self) -> int:
        return len(self.api.sent_messages(self.user))

    def wait_for(self, fragment: str, after: int, timeout: float = STEP_TIMEOUT,
                 chat: int | None = None) -> dict[str, Any]:
        chat = self.user if chat is None else chat

        def found() -> dict[str, Any] | None:
            for message in self.api.sent_messages(chat)[after:]:
                if message["method"] == "sendMessage" and fragment in (message["text"] or ""):
                    return message
            return None

        if not self.api.wait_until(lambda: found() is not None, timeout):
            sent = [m.get("text") for m in self.api.sent_messages(chat)[after:]]
            raise AssertionError(f"no {fragment!r} within {timeout}s; got {sent}\n"
                                 f"--- bot output ---\n{self.bot.output()}")
        message = found()
        assert message is not None
        return message

    def question(self) -> dict[str, Any]:
        """The newest question on screen: the last message sent with buttons."""
        return max((m for m in self.api.sent_messages(self.user)
                    if m["method"] == "sendMessage" and m.get("reply_markup")),
                   key=lambda m: m["message_id"])

    def act(self, kind: str, value: str) -> None:
        time.sleep(max(0.0, self._last_input + PACE - time.monotonic()))
        self._last_input = time.monotonic()
        if kind == "text":
            self.api.inject_text(self.user, value)
        elif kind == "photo":
            self.api.inject_photo(self.user, fresh_photo())
        else:
            question = self.question()
            self.api.inject_callback(self.user, self.button(value), question["message_id"])

    def answer(self, kind: str, value: str, expect: str = "") -> dict[str, Any]:
        """Act, then wait for the next question (a message with buttons) or ``expect``."""
        before, tapped = self.count(), self.question()["message_id"] if kind == "press" else 0
        self.act(kind, value)
        reply = self.wait_for(expect, before) if expect else self.wait_for_question(before)
        if tapped:
            message = self.api.message(self.user, tapped)
            assert message is not None and "reply_markup" not in message, "old buttons left"
        return reply

    def wait_for_question(self, after: int) -> dict[str, Any]:
        def asked() -> bool:
            return any(m["method"] == "sendMessage" and (m.get("reply_markup") or
                                                         "Submitted!" in (m["text"] or ""))
                       for m in self.api.sent_messages(self.user)[after:])

        if not self.api.wait_until(asked, STEP_TIMEOUT):
            sent = [m.get("text") for m in self.api.sent_messages(self.user)[after:]]
            raise AssertionError(f"no question within {STEP_TIMEOUT}s; got {sent}\n"
                                 f"--- bot output ---\n{self.bot.output()}")
        return [m for m in self.api.sent_messages(self.user)[after:]
                if m["method"] == "sendMessage"][-1]

    def button(self, value: str) -> str:
        for row in self.question()["reply_markup"]["inline_keyboard"]:
            for button in row:
                data = str(button["callback_data"])
                assert len(data.encode()) <= 64
                if data.startswith(value + "|"):
                    return data
        raise AssertionError(f"no button {value!r} in {self.question()}")

    def values(self) -> list[str]:
        return [str(b["callback_data"]).rpartition("|")[0]
                for row in self.question()["reply_markup"]["inline_keyboard"] for b in row]


def first_filing(applicant: Applicant, api: FakeBotApi) -> str:
    """A whole first-time filing, with a photo, a duplicate update and faults on the way."""
    applicant.answer("text", "/start", "What would you like to do?")
    api.inject_duplicate()  # Telegram re-delivers /start: answered once only
    applicant.answer("press", "menu:new", "Which operation do you need?")
    assert sum(m["method"] == "sendMessage" and "What would you like to do?" in m["text"]
               for m in api.sent_messages(APPLICANT)) == 1
    faults = {"Certificate number": 429, "Address": 502}
    photo_checked = False
    for _ in range(MAX_STEPS):
        text = applicant.question()["text"]
        kind, value = next_action(text, applicant.values())
        title = title_of(text)
        if title == "Entity name" and not photo_checked:  # a photo where none is expected
            downloads = api.request_counts().get("download", 0)
            before = applicant.count()
            applicant.act("photo", "")
            applicant.wait_for("I wasn't expecting a file here.", before)
            applicant.wait_for_question(before)
            assert api.request_counts().get("getFile", 0) >= 1
            assert api.request_counts().get("download", 0) > downloads
            photo_checked = True
        if title in faults:
            status = faults.pop(title)
            api.fail_next("sendMessage", status, times=1 if status == 429 else 2,
                          retry_after=1 if status == 429 else None, chat_id=APPLICANT)
        if value == "nav:confirm":
            submitted = applicant.answer(kind, value, "Submitted!")
            break
        new = applicant.answer(kind, value)
        assert new["text"] != text or kind == "photo", f"stuck at {text!r}"
    else:
        raise AssertionError("the filing did not finish")
    assert photo_checked and not faults
    match = re.search(r"order number is (\S+?)\.", submitted["text"])
    assert match, submitted["text"]
    return match.group(1)


def approve(order: str, env: dict[str, str]) -> None:
    result = subprocess.run([sys.executable, "-m", "bot.cli", "review", "approve", order],
                            env=env, cwd=REPO, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr


def check_whole_filing(api: FakeBotApi, bot: Bot, env: dict[str, str]) -> None:
    applicant = Applicant(api, bot)
    order = first_filing(applicant, api)

    sent = api.sent_messages(APPLICANT)
    # Plain text, or HTML where an order id is made copyable (the fake refuses any HTML a
    # user's answer could have broken); never Markdown.
    assert all(m["parse_mode"] in (None, "HTML") for m in sent)
    assert any(m["parse_mode"] == "HTML" and "<code>" in (m["raw_text"] or "") for m in sent)
    assert api.too_many_requests_sent == 1
    applicant.wait_for(order, 0, chat=REVIEWER)  # the "reviewers" fan-out

    before = applicant.count()
    approve(order, env)
    pushed = applicant.wait_for(order, before)
    assert pushed["reply_markup"] is None
    assert "queue" in [c["command"] for c in api.commands(scope={"type": "chat",
                                                                 "chat_id": REVIEWER})]
    assert [c["command"] for c in api.commands("zh")][:1] == ["start"]


def started(api: FakeBotApi, bot: Bot, ready: Callable[[], bool]) -> None:
    if not api.wait_until(ready, START_TIMEOUT):
        raise AssertionError(f"the bot did not start\n--- bot output ---\n{bot.output()}")


def test_polling_bot_completes_a_first_filing_and_pushes_the_review_result(
        api: FakeBotApi, environment: dict[str, str], tmp_path: Path) -> None:
    bot = Bot([], environment, tmp_path / "bot.log")
    try:
        started(api, bot, lambda: api.request_counts().get("deleteWebhook", 0) > 0)
        check_whole_filing(api, bot, environment)
    finally:
        bot.stop()
    assert bot.process.returncode == 0, bot.output()


def test_webhook_bot_completes_a_first_filing_and_refuses_a_wrong_secret(
        api: FakeBotApi, environment: dict[str, str], tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    bot = Bot(["--webhook-url", url, "--listen", "127.0.0.1", "--port", str(port)],
              environment, tmp_path / "bot.log")
    try:
        started(api, bot, lambda: api.webhook_info()["url"] == url)
        check_whole_filing(api, bot, environment)
        assert api.stats()["webhook_deliveries"] > 10
        assert post_update(url, "wrong-secret") == 403
        assert post_update(url, None) == 403
    finally:
        bot.stop()
    assert bot.process.returncode == 0, bot.output()


def post_update(url: str, secret: str | None) -> int:
    body = b'{"update_id": 1, "message": {"message_id": 1, "date": 0, ' \
           b'"chat": {"id": 1, "type": "private"}, "text": "hi"}}'
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_dispatch_once_pushes_due_notifications_and_exits(api: FakeBotApi,
                                                          tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from bot import bootstrap
    from bot.config import Settings
    from bot.tg.app import dispatch
    from storage.db import make_engine, session_factory
    from storage.tables import OutboxRow

    settings = Settings(data_dir=tmp_path, database_url=None, telegram_token=TOKEN,
                        telegram_api_url=api.root_url, admin_ids=frozenset({REVIEWER}),
                        secret_key=Cipher.new_key(), webhook_secret=None,
                        callback_secret=None, draft_reminder_days=3)
    app = bootstrap.build(settings)
    now = datetime.now(UTC)
    with session_factory(make_engine(app.database_url))() as session:
        session.add(OutboxRow(event="OrderSubmitted", order_id="O1",
                              recipient=f"telegram:{REVIEWER}",
                              payload={"order_id": "O1", "applicant": f"telegram:{APPLICANT}",
                                       "order_type": "first_filing", "region": "CN-ZJ",
                                       "round": 1},
                              available_at=now, created_at=now))
        session.commit()

    assert dispatch(app, once=True) == 0

    [note] = api.sent_messages(REVIEWER)
    assert "O1" in note["text"]
    assert app.outbox.pending_count() == 0


def test_webhook_mode_without_a_secret_refuses_to_start(
        environment: dict[str, str], tmp_path: Path) -> None:
    environment.pop("ICPBOT_WEBHOOK_SECRET")
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run", "--webhook-url",
         "http://127.0.0.1:1/telegram", "--port", "1"],
        env=environment, cwd=REPO, capture_output=True, text=True, timeout=30)

    assert result.returncode == 2
    assert "ICPBOT_WEBHOOK_SECRET" in result.stdout + result.stderr
