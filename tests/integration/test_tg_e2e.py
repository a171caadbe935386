"""End to end: `icpbot run` as a subprocess against the loopback fake Bot API.

The fake runs in a thread of the test process; the bot polls it (or receives its webhook
pushes), answers a whole first-time filing tapped and typed like a person would, survives
injected 429 and 502 answers, downloads a photo, and pushes the review result that
`icpbot review approve` (a second subprocess) records.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from storage.crypto import Cipher
from tests.fakes.bot_api_server import FakeBotApi

TOKEN = "123456:TEST"
APPLICANT = 5550001
REVIEWER = 9990001
SECRET = "e2e-webhook-secret_123"
REPO = Path(__file__).resolve().parents[2]
STEP_TIMEOUT = 8.0  # one step, including a 429 wait of 1 s or three 502 retries
START_TIMEOUT = 15.0  # interpreter, imports, migrations


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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


class Applicant:
    """A person in a private chat with the bot, driving it through the fake."""

    def __init__(self, api: FakeBotApi, bot: Bot, user: int = APPLICANT) -> None:
        self.api = api
        self.bot = bot
        self.user = user

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

    def say(self, text: str, expect: str) -> dict[str, Any]:
        before = self.count()
        self.api.inject_text(self.user, text)
        return self.wait_for(expect, before)

    def press(self, value: str, expect: str) -> dict[str, Any]:
        before = self.count()
        data = self.button(value)
        message_id = self.keyboard_message()
        self.api.inject_callback(self.user, data, message_id)
        reply = self.wait_for(expect, before)
        tapped = self.api.message(self.user, message_id)
        assert tapped is not None and "reply_markup" not in tapped, "old buttons left behind"
        return reply

    def keyboard_message(self) -> int:
        return max(m["message_id"] for m in self.api.sent_messages(self.user)
                   if m["method"] == "sendMessage" and m.get("reply_markup"))

    def button(self, value: str) -> str:
        for row in self.api.last_buttons(self.user):
            for button in row:
                data = str(button["callback_data"])
                assert len(data.encode()) <= 64
                if data.startswith(value + "|"):
                    return data
        raise AssertionError(f"no button {value!r} in {self.api.last_buttons(self.user)}")


def first_filing(applicant: Applicant, api: FakeBotApi) -> str:
    """A whole first-time filing, with a photo, a duplicate update and faults on the way."""
    applicant.say("/start", "What would you like to do?")
    api.inject_duplicate()  # Telegram re-delivers /start: answered once only
    applicant.press("menu:new", "Which operation do you need?")
    assert sum(m["method"] == "sendMessage" and "What would you like to do?" in m["text"]
               for m in api.sent_messages(APPLICANT)) == 1
    applicant.press("flow:first_filing", "Step 1 of 13")
    applicant.press("ans:CN-ZJ", "Step 2 of 13")
    applicant.press("ans:individual", "Step 3 of 13")

    before, downloads = applicant.count(), api.request_counts().get("download", 0)
    api.inject_photo(APPLICANT, b"\xff\xd8\xff\xe0" + b"\x00" * 2048, caption="身份证")
    applicant.wait_for("Step 3 of 13", before)  # not expected here: said so, asked again
    assert api.request_counts().get("getFile", 0) >= 1
    assert api.request_counts().get("download", 0) > downloads

    applicant.say("张三", "Step 4 of 13")
    applicant.press("ans:resident_id", "Step 5 of 13")
    api.fail_next("sendMessage", 429, retry_after=1, chat_id=APPLICANT)
    applicant.say("11010519491231002X", "Step 6 of 13")  # flood wait honoured, then sent
    api.fail_next("sendMessage", 502, times=2, chat_id=APPLICANT)
    applicant.say("浙江省杭州市西湖区文三路100号", "Step 7 of 13")  # retried after 502s
    applicant.say("13812345678", "Step 8 of 13")
    applicant.say("zhang@example.com", "Step 9 of 13")
    applicant.say("美食分享日记", "Step 10 of 13")
    applicant.say("example.com", "Step 11 of 13")
    applicant.press("ans:personal", "Step 12 of 13")
    applicant.say("32a43232-a888-88e8-b9ec-00888be81234", "Step 13 of 13")
    applicant.press("nav:skip", "Please check your")
    submitted = applicant.press("nav:confirm", "Submitted!")
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
    assert all(m["parse_mode"] is None for m in sent)  # plain text: no Markdown injection
    assert api.too_many_requests_sent == 1
    reviewers = applicant.wait_for(order, 0, chat=REVIEWER)  # the "reviewers" fan-out
    assert "review queue" in reviewers["text"]

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
        started(api, bot, lambda: api.request_counts().get("getUpdates", 0) > 0)
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


def test_webhook_mode_without_a_secret_refuses_to_start(
        environment: dict[str, str], tmp_path: Path) -> None:
    environment.pop("ICPBOT_WEBHOOK_SECRET")
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run", "--webhook-url",
         "http://127.0.0.1:1/telegram", "--port", "1"],
        env=environment, cwd=REPO, capture_output=True, text=True, timeout=30)

    assert result.returncode == 2
    assert "ICPBOT_WEBHOOK_SECRET" in result.stdout + result.stderr
