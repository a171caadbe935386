"""Engine benchmark: dialogue steps per second and per-step latency for N applicants who each
complete a whole first-time filing in process, against an in-memory store (the baseline: the
engine's own cost) and SQLite (and PostgreSQL with --postgres URL); then peak memory with
10,000 drafts in progress.

    .venv/bin/python bench/engine_bench.py [--users 200] [--drafts 10000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.autopilot import Autopilot
from bot.bootstrap import build
from bot.config import Settings
from storage.crypto import Cipher


def settings(data_dir: Path, url: str | None) -> Settings:
    return Settings(data_dir=data_dir, database_url=url, telegram_token=None,
                    telegram_api_url=None, admin_ids=frozenset(),
                    secret_key=Cipher.new_key(), webhook_secret=None, callback_secret=None,
                    draft_reminder_days=3)


def memory_world() -> tuple[Any, Any, Any]:
    from tests.conftest import FakeWorld

    world = FakeWorld()
    return world.engine, world.store, world.app.flows


def sql_world(data_dir: Path, url: str | None) -> tuple[Any, Any, Any]:
    app = build(settings(data_dir, url))
    return app.engine, app.store, app.flows


def run_filings(world: tuple[Any, Any, Any], users: int, offset: int = 0) -> dict[str, Any]:
    engine, store, flows = world
    latencies: list[float] = []
    started = time.perf_counter()
    for user in range(offset, offset + users):
        pilot = Autopilot(engine, store, flows, user)
        pilot.start()
        for _ in range(80):
            incoming = pilot.next_input()
            if incoming is None:
                break
            t0 = time.perf_counter()
            pilot.send(incoming)
            latencies.append(time.perf_counter() - t0)
        else:
            raise RuntimeError(f"user {user} did not finish: {pilot.last}")
    del started  # the applicant's own thinking (the autopilot) is not the engine's time
    latencies.sort()
    return {"steps": len(latencies), "steps_per_s": len(latencies) / sum(latencies),
            "p50_ms": 1000 * statistics.median(latencies),
            "p99_ms": 1000 * latencies[int(len(latencies) * 0.99) - 1]}


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def drafts_memory(world: tuple[Any, Any, Any], drafts: int) -> dict[str, float]:
    engine, store, flows = world
    marks = {}
    for user in range(drafts):
        pilot = Autopilot(engine, store, flows, 1_000_000 + user)
        pilot.start()
        for _ in range(3):  # a few answers in, then the applicant walks away
            incoming = pilot.next_input()
            if incoming is not None:
                pilot.send(incoming)
        if user + 1 in (drafts // 10, drafts):
            marks[f"rss_mb_at_{user + 1}"] = rss_mb()
    return marks


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--drafts", type=int, default=10_000)
    parser.add_argument("--postgres")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    report: dict[str, Any] = {"python": platform.python_version(), "cores": _cores()}
    with tempfile.TemporaryDirectory() as tmp:
        backends = {"memory": lambda: memory_world(),
                    "sqlite": lambda: sql_world(Path(tmp) / "sqlite", None)}
        if args.postgres:
            backends["postgres"] = lambda: sql_world(Path(tmp) / "pg", args.postgres)
        worlds = {name: make() for name, make in backends.items()}
        for name, world in worlds.items():
            runs = [run_filings(world, args.users, offset=i * args.users)
                    for i in range(args.repeat)]
            rates = [r["steps_per_s"] for r in runs]
            report[name] = {"steps_per_s_median": statistics.median(rates),
                            "steps_per_s_spread": [min(rates), max(rates)],
                            "p50_ms": statistics.median(r["p50_ms"] for r in runs),
                            "p99_ms": statistics.median(r["p99_ms"] for r in runs),
                            "steps_per_run": runs[0]["steps"]}
        for name in worlds:
            if name != "memory":
                report[f"{name}_vs_memory"] = (report[name]["steps_per_s_median"]
                                               / report["memory"]["steps_per_s_median"])
        report["memory_after_drafts"] = drafts_memory(worlds["sqlite"], args.drafts)
    print(json.dumps(report, indent=2))
    return 0


def _cores() -> int:
    import os

    return os.cpu_count() or 0


if __name__ == "__main__":
    sys.exit(main())
