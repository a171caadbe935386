"""Helpers for tests that run `icpbot run` as a subprocess against the loopback fake Bot API.

``BotProcess`` starts, kills (SIGKILL) and restarts the bot; ``Person`` is one private chat
that answers the first-time filing by step title and buttons, and knows which draft version
each question on screen belongs to (the token in the buttons' callback data), so a test can
tell an answer applied once from one lost or applied twice.
"""

from __future__ import annotations

import itertools
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.autopilot import photo
from storage.crypto import Cipher
from tests.fakes.bot_api_server import FakeBotApi

TOKEN = "123456:TEST"
REVIEWER = 9990001
SECRET = "faults-webhook-secret_123"
REPO = Path(__file__).resolve().parents[1]
START_TIMEOUT = 20.0  # interpreter, imports, migrations; generous for a loaded CI machine
PACE = 0.4  # seconds between two inputs of one person: below the engine's flood guard
STEP_TITLE = re.compile(r" · \d+/\d+ · (?P<title>[^\n]+)")  # "Entity · 3/9 · Entity name"
_photos = itertools.count(1)
FILE_WORDS = ("photo", "scan", "id card", "permit")
# Buttons a person taps wherever offered (the first one present wins).
TAPPED = ("menu:new", "flow:first_filing", "ans:CN-ZJ", "ans:individual", "ans:resident_id",
          "ans:same", "ans:personal", "ans:entity", "ans:zh-Hans", "ans:none", "ans:mainland",
          "ans:subscription", "ans:no", "nav:confirm")
# What a person types at each step of the first-time filing, by the step's title.
TYPED = {
    "Entity name": "张三", "Certificate number": "11010519491231002X",
    "Certificate valid until": "长期", "Address": "浙江省杭州市西湖区文三路100号",
    "Mobile number": "13812345678", "E-mail": "zhang@example.com",
    "Emergency phone": "13912345678", "Website name": "美食分享日记", "Domain": "example.com",
    "Domain expires": "2099-12-31", "Service code": "32a43232-a888-88e8-b9ec-00888be81234",
}


def fresh_photo() -> bytes:
    """A readable photo never sent before (the same picture for two documents is refused)."""
    return photo(tag=str(next(_photos)))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bot_environment(api: FakeBotApi, data_dir: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("ICPBOT_")}
    env.update({"TELEGRAM_BOT_TOKEN": TOKEN, "ICPBOT_TELEGRAM_API_URL": api.root_url,
                "ICPBOT_DATA_DIR": str(data_dir), "ICPBOT_SECRET_KEY": Cipher.new_key(),
                "ICPBOT_ADMIN_IDS": str(REVIEWER), "ICPBOT_WEBHOOK_SECRET": SECRET,
                "PYTHONUNBUFFERED": "1", **extra})
    return env


class BotProcess:
    """`icpbot run ARGS` in a child process that can be killed and started again; all runs
    append to one log file, shown by ``output()`` on failure."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.args = args
        self.env = env
        self.log = log
        self.starts = 0
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as handle:
            handle.write(f"\n=== start {self.starts + 1} ===\n".encode())
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "run", *self.args], env=self.env, cwd=REPO,
                stdout=handle, stderr=subprocess.STDOUT)
        self.starts += 1

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: no clean-up at all, as a crash or an OOM kill."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> int | None:
        """SIGTERM (PTB stops cleanly), SIGKILL after 10 s; the exit code."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        return self.process.returncode

    def output(self, tail: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-tail:] if self.log.exists() else ""


def wait_started(api: FakeBotApi, bot: BotProcess, ready: Callable[[], bool],
                 timeout: float = START_TIMEOUT) -> None:
    if not api.wait_until(ready, timeout):
        raise AssertionError(f"the bot did not start\n--- bot output ---\n{bot.output()}")


def start_polling(api: FakeBotApi, bot: BotProcess) -> float:
    """Start the bot and wait until it polls (its deleteWebhook comes just before);
    returns the seconds it took."""
    began = time.monotonic()
    before = api.request_counts().get("deleteWebhook", 0)
    bot.start()
    wait_started(api, bot, lambda: api.request_counts().get("deleteWebhook", 0) > before)
    return time.monotonic() - began


def title_of(text: str) -> str:
    match = STEP_TITLE.search(text or "")
    return match["title"] if match else ""


def token_of(message: dict[str, Any]) -> str:
    """The draft token ("<draft id>.<version>") the question's buttons carry; "" for menus."""
    for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
        for button in row:
            value, separator, token = str(button.get("callback_data", "")).rpartition("|")
            if separator and token and value.split(":", 1)[0] in ("ans", "nav", "edit"):
                return token
    return ""


def split_token(token: str) -> tuple[str, int]:
    draft_id, _, version = token.partition(".")
    return draft_id, int(version or 0)


class Person:
    """One user in a private chat with the bot, answering the first-time filing."""

    def __init__(self, api: FakeBotApi, user: int) -> None:
        self.api = api
        self.user = user
        self.filings = 0
        self._last_input = 0.0

    def typed(self, title: str) -> str | None:
        return {**TYPED, "E-mail": f"user{self.user}@example.com",
                "Domain": f"u{self.user}-{self.filings + 1}.cn"}.get(title)

    def count(self) -> int:
        return len(self.api.sent_messages(self.user))

    def messages(self, after: int = 0) -> list[dict[str, Any]]:
        return [m for m in self.api.sent_messages(self.user)[after:]
                if m["method"] == "sendMessage"]

    def question(self) -> dict[str, Any] | None:
        """The newest question on screen: the last message sent with buttons."""
        asked = [m for m in self.messages() if m.get("reply_markup")]
        return max(asked, key=lambda m: m["message_id"]) if asked else None

    @staticmethod
    def values(question: dict[str, Any]) -> list[str]:
        return [str(b["callback_data"]).rpartition("|")[0]
                for row in question["reply_markup"]["inline_keyboard"] for b in row]

    @staticmethod
    def button(question: dict[str, Any], value: str) -> str:
        for row in question["reply_markup"]["inline_keyboard"]:
            for button in row:
                data = str(button["callback_data"])
                if data.startswith(value + "|"):
                    return data
        raise AssertionError(f"no button {value!r} in {question}")

    def next_action(self, question: dict[str, Any]) -> tuple[str, str]:
        """("text", answer) | ("press", value) | ("photo", "") for the question on screen."""
        text = question["text"] or ""
        title = title_of(text)
        typed = self.typed(title)
        if typed is not None:
            return "text", typed
        values = self.values(question)
        for value in TAPPED:
            if value in values:
                return "press", value
        if any(word in text.lower() for word in FILE_WORDS) and title:
            return "photo", ""
        if "nav:skip" in values:
            return "press", "nav:skip"
        raise AssertionError(f"the test does not know how to answer {text!r} ({values})")

    def act(self, kind: str, value: str, question: dict[str, Any] | None = None) -> None:
        time.sleep(max(0.0, self._last_input + PACE - time.monotonic()))
        self._last_input = time.monotonic()
        if kind == "text":
            self.api.inject_text(self.user, value)
        elif kind == "photo":
            self.api.inject_photo(self.user, fresh_photo())
        else:
            assert question is not None
            self.api.inject_callback(self.user, self.button(question, value),
                                     question["message_id"], check_button=False)

    def wait_for(self, predicate: Callable[[dict[str, Any]], bool], after: int,
                 timeout: float) -> dict[str, Any] | None:
        """The first message sent after the first ``after`` ones that satisfies
        ``predicate``, or None after ``timeout`` seconds."""
        def found() -> dict[str, Any] | None:
            return next((m for m in self.messages(after) if predicate(m)), None)

        self.api.wait_until(lambda: found() is not None, timeout)
        return found()

    def wait_for_text(self, fragment: str, after: int, timeout: float
                      ) -> dict[str, Any] | None:
        return self.wait_for(lambda m: fragment in (m["text"] or ""), after, timeout)

    def wait_for_question(self, after: int, timeout: float) -> dict[str, Any] | None:
        """The next question (a message with buttons) or the "Submitted!" answer."""
        return self.wait_for(lambda m: bool(m.get("reply_markup"))
                             or "Submitted!" in (m["text"] or ""), after, timeout)


def field_of(flow: Any, title: str) -> str | None:
    """The field name of a step from its (English) title."""
    return next((step.field for step in flow.steps if step.label == title), None)
