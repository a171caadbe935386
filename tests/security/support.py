"""Shared set-up of the security regression tests: an app on SQLite in a tmp data dir, the
environment for `icpbot` subprocesses on the same data, and orders moved to a status."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

from sqlalchemy import text

from bot.bootstrap import App, build
from bot.config import Settings
from filing.lifecycle import Action, Status
from filing.services import ReviewDecision
from storage.db import make_engine
from tests.harness import Conversation
from tests.unit.test_lifecycle import sample_order

T = TypeVar("T")

# How to move a fresh order (provider review) to each status the tests start from.
PATH_TO = {
    Status.PROVIDER_REVIEW: (),
    Status.SMS_VERIFICATION: (Action.APPROVE,),
    Status.ADMINISTRATION_REVIEW: (Action.APPROVE, Action.SMS_VERIFIED),
}


def sqlite_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of an `icpbot` process on SQLite in ``data_dir``, key file made there."""
    env = {**os.environ, "ICPBOT_DATA_DIR": str(data_dir)}
    for name in ("ICPBOT_SECRET_KEY", "ICPBOT_DATABASE_URL", "TELEGRAM_BOT_TOKEN"):
        env.pop(name, None)
    return {**env, **extra}


def sqlite_app(data_dir: Path, **overrides: object) -> App:
    return build(Settings.from_env(sqlite_env(data_dir)), **overrides)


def orders_in(app: App, status: Status, count: int, applicant: str = "test:1") -> list[str]:
    ids = []
    for _ in range(count):
        order = sample_order()
        order.applicant = applicant
        order = app.filing.submit(order, actor=applicant)
        for action in PATH_TO[status]:
            app.filing.decide(ReviewDecision(order.id, action, "setup"))
        ids.append(order.id)
    return ids


def icpbot(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    """An `icpbot` subprocess, started now (output captured)."""
    return subprocess.Popen([sys.executable, "-m", "bot.cli", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def scalar(app: App, sql: str, **params: object) -> object:
    with make_engine(app.database_url).connect() as connection:
        return connection.execute(text(sql), params).scalar()


def at_once(*calls: Callable[[], T]) -> list[T]:
    """Run the calls in threads released together; their results in the same order."""
    barrier = threading.Barrier(len(calls))
    results: list[T | None] = [None] * len(calls)

    def run(index: int, call: Callable[[], T]) -> None:
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return cast(list[T], results)


def icpbot_run(env: dict[str, str], *args: str,
               timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run an `icpbot` command to its end."""
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], env=env, text=True,
                          capture_output=True, timeout=timeout, check=False)


# The personal values of one filing, as typed by the applicant (grepped for at rest).
PERSONAL = {"name": "张三", "certificate": "11010519491231002X",
            "address": "浙江省杭州市西湖区文三路100号", "mobile": "13812345678",
            "email": "zhang@example.com", "emergency": "13912345678"}
FILE_NAMES = ("张三身份证正面.jpg", "张三身份证背面.jpg", "张三居住证.jpg")


def fill_first_filing(chat: Conversation, file_names: tuple[str, ...] = FILE_NAMES,
                      photo: bytes | None = None) -> None:
    """A first-time filing of an individual up to its summary (as tests.unit's
    fill_individual, with the uploads' names chosen)."""
    from tests.samples import photo as picture
    from tests.unit.test_first_filing_flow import fill_access, fill_website, start_first_filing

    def upload(index: int) -> None:  # distinct pictures: the same one twice is refused
        data = photo if photo is not None and index == 0 else picture(tag=file_names[index])
        chat.upload(file_names[index], "image/jpeg", data)

    start_first_filing(chat)
    chat.press("ans:CN-ZJ")
    chat.press("ans:individual")
    chat.say(PERSONAL["name"])
    chat.press("ans:resident_id")
    chat.say(PERSONAL["certificate"])
    chat.say("长期")
    chat.say(PERSONAL["address"])
    upload(2)  # a Beijing ID in Zhejiang: the residence permit
    chat.press("ans:same")
    for key in ("mobile", "email", "emergency"):
        chat.say(PERSONAL[key])
    fill_website(chat, "美食分享日记", "example.com", "personal")
    chat.press("ans:no")
    upload(0)
    upload(1)
    chat.press("nav:skip")  # no authenticity form to sign
    fill_access(chat)
    chat.press("nav:skip")
