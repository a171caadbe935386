"""Several processes on one PostgreSQL: migrations started at once, and the one relay of the
deployment failing over when its leader is killed."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from storage.crypto import Cipher
from storage.locks import libpq_url
from storage.migrate import MIGRATIONS
from tests.fakes.bot_api_server import FakeBotApi
from tests.queued_notifications import queue_notifications

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:WORKERS"


def environment(database_url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("ICPBOT_", "TELEGRAM_"))}
    env.update({"ICPBOT_DATABASE_URL": database_url, "ICPBOT_DATA_DIR": str(data_dir),
                "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}, **extra)
    return env


def newest_revision() -> str:
    text = "\n".join(path.read_text() for path in (MIGRATIONS / "versions").glob("*.py"))
    revisions = set(re.findall(r"^revision = '(\w+)'", text, flags=re.M))
    downs = set(re.findall(r"^down_revision = '(\w+)'", text, flags=re.M))
    (head,) = revisions - downs
    return head


def test_five_processes_upgrading_a_fresh_database_at_once_all_succeed(
        postgres_url: str, tmp_path: Path) -> None:
    env = environment(postgres_url, tmp_path)
    processes = [subprocess.Popen([sys.executable, "-m", "bot.cli", "db", "upgrade"], env=env,
                                  cwd=tmp_path, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True) for _ in range(5)]
    outputs = [process.communicate(timeout=120)[0] for process in processes]
    assert [process.returncode for process in processes] == [0] * 5, outputs
    with psycopg.connect(libpq_url(postgres_url)) as connection:
        versions = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        tables = connection.execute("SELECT count(*) FROM information_schema.tables "
                                    "WHERE table_name = 'outbox'").fetchone()
    assert versions == [(newest_revision(),)]
    assert tables == (1,)


class Relays:
    """``icpbot dispatch`` processes, each logging to its own file."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self._env = env
        self._logs = logs
        self.processes: dict[int, subprocess.Popen[bytes]] = {}

    def start(self, count: int) -> None:
        for _ in range(count):
            number = len(self.processes)
            log = (self._logs / f"relay-{number}.log").open("wb")
            self.processes[number] = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "dispatch"], env=self._env, cwd=self._logs,
                stdout=log, stderr=subprocess.STDOUT)

    def log(self, number: int) -> str:
        return (self._logs / f"relay-{number}.log").read_text(errors="replace")

    def leaders(self) -> list[int]:
        return [number for number in self.processes if "(relay leader)" in self.log(number)]

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_for(predicate: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def test_killing_the_relay_leader_hands_sending_to_another_without_loss_or_repeat(
        postgres_url: str, tmp_path: Path) -> None:
    first_wave = range(7_100_000, 7_100_030)
    second_wave = range(7_200_000, 7_200_030)
    with FakeBotApi(TOKEN).run_in_thread() as api:
        env = environment(postgres_url, tmp_path, TELEGRAM_BOT_TOKEN=TOKEN,
                          ICPBOT_TELEGRAM_API_URL=api.root_url,
                          ICPBOT_SECRET_KEY=Cipher.new_key())
        subprocess.run([sys.executable, "-m", "bot.cli", "db", "upgrade"], env=env,
                       cwd=tmp_path, check=True, capture_output=True, timeout=120)
        relays = Relays(env, tmp_path)
        try:
            relays.start(3)
            queue_notifications(postgres_url, first_wave)
            assert wait_for(lambda: all(api.sent_messages(chat) for chat in first_wave), 60)
            assert wait_for(lambda: len(relays.leaders()) == 1, 10), relays.leaders()
            (leader,) = relays.leaders()
            time.sleep(1.5)  # the last "sent" marks are written after Telegram's answer
            os.kill(relays.processes[leader].pid, signal.SIGKILL)
            relays.processes[leader].wait(timeout=10)
            killed_at = time.monotonic()

            queue_notifications(postgres_url, second_wave)
            assert wait_for(lambda: any(api.sent_messages(chat) for chat in second_wave), 30)
            takeover = time.monotonic() - killed_at
            assert wait_for(lambda: all(api.sent_messages(chat) for chat in second_wave), 60)
            time.sleep(2.0)  # a repeat would show up now
            successors = [number for number in relays.leaders() if number != leader]
            sent = Counter({chat: len(api.sent_messages(chat))
                            for chat in [*first_wave, *second_wave]})
        finally:
            relays.stop()
    print(f"\nrelay failover: leader {leader} killed, relay {successors} took over, first "
          f"notification of the next wave {takeover:.1f} s after the kill")
    assert len(successors) == 1
    assert set(sent.values()) == {1}, {chat: n for chat, n in sent.items() if n != 1}
    assert takeover < 15  # "within seconds": a follower asks for the lease every second
