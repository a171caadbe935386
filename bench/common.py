"""Shared helpers of the benchmarks: the machine, percentiles, child processes, CPU time."""

from __future__ import annotations

import contextlib
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TOKEN = "123456:BENCH"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def machine() -> dict[str, Any]:
    return {"cores": os.cpu_count() or 0, "python": platform.python_version(),
            "implementation": platform.python_implementation(), "platform": platform.platform()}


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (pct in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary(values: Sequence[float]) -> dict[str, float]:
    """Median and spread (min, max) of repeated measurements."""
    if not values:
        return {"median": 0.0, "min": 0.0, "max": 0.0}
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (all its threads) from /proc; 0.0 elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def bot_environment(data_dir: Path, api_root: str, **extra: str) -> dict[str, str]:
    """The environment of an `icpbot` child: a private data dir (SQLite), the fake's URL."""
    from storage.crypto import Cipher

    env = {key: value for key, value in os.environ.items() if not key.startswith("ICPBOT_")}
    env.update({"TELEGRAM_BOT_TOKEN": TOKEN, "ICPBOT_TELEGRAM_API_URL": api_root,
                "ICPBOT_DATA_DIR": str(data_dir), "ICPBOT_SECRET_KEY": Cipher.new_key(),
                "ICPBOT_WEBHOOK_SECRET": "bench-webhook-secret", "PYTHONUNBUFFERED": "1",
                "PYTHONPATH": str(ROOT)})
    env.update(extra)
    return env


class Child:
    """A child process whose output goes to a log file; stopped with SIGTERM, then SIGKILL."""

    def __init__(self, argv: list[str], env: dict[str, str], log: Path,
                 cwd: Path = ROOT) -> None:
        self.log = log
        self._handle = log.open("wb")
        self.process = subprocess.Popen(argv, env=env, cwd=cwd, stdout=self._handle,
                                        stderr=subprocess.STDOUT)

    @property
    def pid(self) -> int:
        return self.process.pid

    def cpu_seconds(self) -> float:
        return process_cpu_seconds(self.process.pid)

    def output(self, tail: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-tail:]

    def stop(self, timeout: float = 10.0) -> int:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._handle.close()
        return self.process.returncode


def wait_until(predicate: Any, timeout: float, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())


@contextlib.contextmanager
def bench_database(admin_url: str | None, prefix: str = "bench") -> Iterator[str | None]:
    """A fresh PostgreSQL database for the run (dropped after), or None for SQLite."""
    if not admin_url:
        yield None
        return
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"{prefix}_{secrets.token_hex(4)}"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
