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
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event

from bench.autopilot import Autopilot
from bench.common import bench_database
from bot.bootstrap import build
from bot.config import Settings
from dialogs.messages import Ask, ChatRef, Choice, Command, File, Incoming, Outgoing, Say
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
    STATEMENTS[id(app.engine)] = counter = [0]

    def count(*_: Any) -> None:
        counter[0] += 1

    event.listen(app.db, "before_cursor_execute", count)
    return app.engine, app.store, app.flows


STATEMENTS: dict[int, list[int]] = {}  # engine id -> SQL statements executed so far


def run_filings(world: tuple[Any, Any, Any], users: int, offset: int = 0) -> dict[str, Any]:
    engine, store, flows = world
    latencies: list[float] = []
    uploads: list[float] = []  # decoded and re-encoded: milliseconds of Pillow each
    submissions: list[float] = []  # the confirmation: the order filed
    cpu = cpu_lean = 0.0  # this process's CPU time in the steps (the steadiest figure)
    statements = STATEMENTS.get(id(engine), [0])
    counted = 0
    for user in range(offset, offset + users):
        pilot = Autopilot(engine, store, flows, user)
        pilot.start()
        for _ in range(80):
            incoming = pilot.next_input()  # the applicant's thinking: not the engine's time
            if incoming is None:
                break
            before = statements[0]
            c0 = time.process_time()
            t0 = time.perf_counter()
            pilot.send(incoming)
            elapsed = time.perf_counter() - t0
            used = time.process_time() - c0
            counted += statements[0] - before
            cpu += used
            if isinstance(incoming, File):
                uploads.append(elapsed)
                continue
            cpu_lean += used
            latencies.append(elapsed)
            if isinstance(incoming, Choice) and incoming.value == "nav:confirm":
                submissions.append(elapsed)
        else:
            raise RuntimeError(f"user {user} did not finish: {pilot.last}")
    everything = sorted(latencies + uploads)
    latencies.sort()
    return {"steps": len(everything), "steps_per_s": len(everything) / sum(everything),
            "p50_ms": 1000 * statistics.median(everything),
            "p99_ms": 1000 * everything[int(len(everything) * 0.99) - 1],
            "uploads": len(uploads),
            "steps_per_s_without_uploads": len(latencies) / sum(latencies),
            "p99_ms_without_uploads": 1000 * latencies[int(len(latencies) * 0.99) - 1],
            "statements_per_step": counted / len(everything),
            "cpu_ms_per_step": 1000 * cpu / len(everything),
            "cpu_ms_per_step_without_uploads": 1000 * cpu_lean / len(latencies),
            "upload_ms_median": 1000 * statistics.median(uploads) if uploads else 0.0,
            "submission_ms_median": 1000 * statistics.median(submissions)}


def scripts(users: int, offset: int) -> list[tuple[int, list[Incoming]]]:
    """Each applicant's inputs of a whole filing (/start included), recorded once on a
    memory store: replayed on any store, they take the same path through the flow."""
    world = memory_world()
    recorded = []
    for user in range(offset, offset + users):
        pilot = Autopilot(*world, user)
        inputs: list[Incoming] = [Command("start"), Choice("flow:first_filing")]
        pilot.start()
        while (incoming := pilot.next_input()) is not None:
            inputs.append(incoming)
            pilot.send(incoming)
        recorded.append((user, inputs))
    return recorded


def run_concurrent(world: tuple[Any, Any, Any], recorded: list[tuple[int, list[Incoming]]],
                   threads: int) -> dict[str, Any]:
    """The recorded filings replayed by ``threads`` applicants at once (a thread each, as the
    bot runs PostgreSQL turns and uploads): steps per second of wall time, all steps."""
    engine = world[0]
    failures: list[str] = []

    def replay(chunk: list[tuple[int, list[Incoming]]]) -> None:
        try:
            replay_all(chunk)
        except Exception as error:  # reported below: the run is void
            failures.append(repr(error))

    def replay_all(chunk: list[tuple[int, list[Incoming]]]) -> None:
        for user, inputs in chunk:
            chat = ChatRef("bench", str(user))
            last: list[Outgoing] = []
            for incoming in inputs:
                if isinstance(incoming, Choice) and incoming.token is not None:
                    asks = [m for m in last if isinstance(m, Ask)]  # this run's draft token
                    incoming = Choice(incoming.value, asks[-1].token if asks else None)
                last = engine.handle_sync(chat, incoming, "en")
            if not any(isinstance(m, Say) and "Submitted" in m.text for m in last):
                failures.append(f"user {user}: {last}")

    chunks = [recorded[i::threads] for i in range(threads)]
    workers = [threading.Thread(target=replay, args=(chunk,)) for chunk in chunks]
    c0, t0 = time.process_time(), time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    if failures:
        raise RuntimeError(failures[0])
    steps = sum(len(inputs) for _, inputs in recorded)
    return {"threads": threads, "steps": steps, "steps_per_s": steps / wall,
            "cpu_ms_per_step": 1000 * cpu / steps}


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
    parser.add_argument("--postgres", help="admin URL of a PostgreSQL server; a scratch "
                        "database is created for the run and dropped after")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--stores", default="memory,sqlite,postgres",
                        help="which stores to run (postgres only with --postgres)")
    parser.add_argument("--threads", default="",
                        help="also replay the filings with this many applicants at once "
                             "(comma-separated counts, e.g. 1,4,8): steps/s of wall time")
    args = parser.parse_args()
    report: dict[str, Any] = {"python": platform.python_version(), "cores": _cores()}
    with tempfile.TemporaryDirectory() as tmp, \
            bench_database(args.postgres, "engine_bench") as pg_url:
        backends = {"memory": lambda: memory_world(),
                    "sqlite": lambda: sql_world(Path(tmp) / "sqlite", None)}
        if pg_url:
            backends["postgres"] = lambda: sql_world(Path(tmp) / "pg", pg_url)
        wanted = set(args.stores.split(","))
        worlds = {name: make() for name, make in backends.items() if name in wanted}
        results: dict[str, list[dict[str, Any]]] = {name: [] for name in worlds}
        for i in range(args.repeat):  # rounds alternate the stores: same machine noise
            for name, world in worlds.items():
                results[name].append(run_filings(world, args.users, offset=i * args.users))
        for name, runs in results.items():
            rates = [r["steps_per_s"] for r in runs]
            lean = [r["steps_per_s_without_uploads"] for r in runs]
            report[name] = {"steps_per_s_median": statistics.median(rates),
                            "steps_per_s_spread": [min(rates), max(rates)],
                            "p50_ms": statistics.median(r["p50_ms"] for r in runs),
                            "p99_ms": statistics.median(r["p99_ms"] for r in runs),
                            "steps_per_run": runs[0]["steps"],
                            "uploads_per_run": runs[0]["uploads"],
                            "without_uploads_steps_per_s_median": statistics.median(lean),
                            "without_uploads_steps_per_s_spread": [min(lean), max(lean)],
                            "without_uploads_p99_ms": statistics.median(
                                r["p99_ms_without_uploads"] for r in runs),
                            "statements_per_step": runs[-1]["statements_per_step"],
                            **{key: statistics.median(r[key] for r in runs) for key in (
                                "cpu_ms_per_step", "cpu_ms_per_step_without_uploads",
                                "upload_ms_median", "submission_ms_median")}}
        counts = [int(n) for n in args.threads.split(",") if n]
        for round_ in range(args.repeat if counts else 0):  # alternating, as above
            recorded = scripts(args.users, 3_000_000 + round_ * args.users * (len(counts) + 1))
            for name, world in worlds.items():
                for n, count in enumerate(counts):
                    shifted = [(user + n * args.users, inputs) for user, inputs in recorded]
                    report.setdefault("concurrent", {}).setdefault(name, {}).setdefault(
                        str(count), []).append(run_concurrent(world, shifted, count))
        for by_count in report.get("concurrent", {}).values():
            for count, runs in by_count.items():
                rates = [r["steps_per_s"] for r in runs]
                by_count[count] = {
                    "steps_per_s_median": statistics.median(rates),
                    "steps_per_s_spread": [min(rates), max(rates)],
                    "cpu_ms_per_step": statistics.median(r["cpu_ms_per_step"] for r in runs),
                    "steps_per_run": runs[0]["steps"]}
        for name in worlds:
            if name != "memory" and "memory" in worlds:
                report[f"{name}_vs_memory"] = (report[name]["steps_per_s_median"]
                                               / report["memory"]["steps_per_s_median"])
        if args.drafts:
            report["memory_after_drafts"] = drafts_memory(
                worlds.get("sqlite") or sql_world(Path(tmp) / "rss", None), args.drafts)
    print(json.dumps(report, indent=2))
    return 0


def _cores() -> int:
    import os

    return os.cpu_count() or 0


if __name__ == "__main__":
    sys.exit(main())
