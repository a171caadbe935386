"""Telegram end to end: `icpbot run` against the loopback fake Bot API, beside a bare PTB echo bot.

N simulated users (default 50) in a closed loop: each sends a message (or taps a button),
waits for the bot's answer, then sends the next, for a fixed number of steps of a real
first-time filing (/start, new filing, region, entity type, name …). In the same run the same
loop drives bench/echo_bot.py (default ApplicationBuilder, echoes the text). Both in polling
and in webhook mode. Reports answered steps per second, reply latency p50/p99 and the CPU
time of the bot and of the fake server (with the simulated users, which run on its loop); the
headline is the ratio bot/echo of steps per second.

    .venv/bin/python bench/telegram_bench.py [--users 50] [--steps 10] [--rounds 1]
        [--modes polling,webhook] [--variant NAME]   (NAME: see bench/bot_variant.py)
        [--postgres ADMIN_URL [--workers 1,2,4]]

``--rounds N``: N rounds, each running the echo bot and the bot once, in alternating order;
medians, spreads and the ratio per round are reported. ``--postgres``: the bot on a scratch
PostgreSQL database per run (its transactions per step are counted in pg_stat_database);
``--workers 1,2,4``: webhook mode with that many `icpbot run` processes on the one database,
the fake pushing updates to them in turn (bot CPU per step summed over the processes).

Prints JSON, then a short summary on stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.autopilot import photo
from bench.common import (
    PYTHON,
    ROOT,
    TOKEN,
    Child,
    bench_database,
    bot_environment,
    free_port,
    machine,
    percentile,
    summary,
)
from tests.e2e_support import FILE_WORDS, STEP_TITLE, TAPPED, TYPED
from tests.fakes.bot_api_server import FakeBotApi

START_TIMEOUT = 30.0
STEP_TIMEOUT = 30.0

FIRST_USER = 7_000_000
FLOOD_WARNING = "sending messages very fast"
_photos = itertools.count(1)


@dataclass
class UserRun:
    latencies: list[float] = field(default_factory=list)
    uploads: list[float] = field(default_factory=list)  # the photo steps' share of them
    flood_warnings: int = 0
    error: str | None = None
    titles: list[str] = field(default_factory=list)


# --- the simulated users (coroutines on the fake server's own event loop) -----------------


def _values(message: dict[str, Any]) -> list[tuple[str, str]]:
    """(value, callback_data) of the message's buttons."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [(str(b["callback_data"]).rpartition("|")[0], str(b["callback_data"]))
            for row in rows for b in row if "callback_data" in b]


def next_action(question: dict[str, Any]) -> tuple[str, str]:
    """("text", answer) | ("press", callback_data) | ("photo", "") for the question shown."""
    text = question.get("text") or ""
    match = STEP_TITLE.search(text)
    title = match["title"] if match else ""
    if title in TYPED:
        return "text", TYPED[title]
    buttons = dict(_values(question))
    for value in TAPPED:
        if value in buttons:
            return "press", buttons[value]
    if title and any(word in text.lower() for word in FILE_WORDS):
        return "photo", ""
    if "nav:skip" in buttons:
        return "press", buttons["nav:skip"]
    raise RuntimeError(f"no answer for {text[:80]!r}")


async def _await_new(api: FakeBotApi, chat: int, before: int, done: Any, timeout: float
                     ) -> list[dict[str, Any]]:
    """The chat's outbox entries after ``before`` once ``done(entries)`` holds."""
    def ready() -> bool:  # runs under the fake's lock: cheap, no copies
        return bool(done(api._outbox.get(chat, [])[before:]))

    if not await api.notifier.wait_async(ready, timeout):
        raise TimeoutError(f"chat {chat}: no answer within {timeout}s")
    with api._lock:
        return list(api._outbox.get(chat, [])[before:])


def _asked(entries: list[dict[str, Any]]) -> bool:
    return any(e["method"] == "sendMessage" and (e.get("reply_markup") or "Submitted!" in
                                                  (e.get("text") or "")) for e in entries)


async def filing_user(api: FakeBotApi, user: int, steps: int, timeout: float) -> UserRun:
    run = UserRun()
    question: dict[str, Any] | None = None
    try:
        for step in range(steps):
            with api._lock:
                before = len(api._outbox.get(user, []))
            started = time.perf_counter()
            kind = "text"
            if question is None:
                api.inject_text(user, "/start")
            else:
                kind, value = next_action(question)
                if kind == "text":
                    api.inject_text(user, value)
                elif kind == "photo":
                    api.inject_photo(user, photo(tag=f"{user}-{next(_photos)}"))
                else:
                    api.inject_callback(user, value, question["message_id"])
            new = await _await_new(api, user, before, _asked, timeout)
            run.latencies.append(time.perf_counter() - started)
            if question is not None and kind == "photo":
                run.uploads.append(run.latencies[-1])
            run.flood_warnings += sum(FLOOD_WARNING in (e.get("text") or "") for e in new)
            asked = [e for e in new if e["method"] == "sendMessage" and e.get("reply_markup")]
            if not asked:  # submitted: the filing is complete
                break
            question = asked[-1]
            title = STEP_TITLE.search(question.get("text") or "")
            run.titles.append(title["title"] if title else f"step {step + 1}")
    except Exception as error:  # reported, and the run counts as failed
        run.error = f"{type(error).__name__}: {error}"
    return run


async def echo_user(api: FakeBotApi, user: int, steps: int, timeout: float) -> UserRun:
    run = UserRun()
    try:
        for step in range(steps):
            text = f"hello {user} {step}"
            with api._lock:
                before = len(api._outbox.get(user, []))
            started = time.perf_counter()
            api.inject_text(user, text)
            await _await_new(api, user, before,
                             lambda entries, t=text: any(e.get("text") == t for e in entries),
                             timeout)
            run.latencies.append(time.perf_counter() - started)
    except Exception as error:
        run.error = f"{type(error).__name__}: {error}"
    return run


async def closed_loop(api: FakeBotApi, kind: str, users: range, steps: int, timeout: float
                      ) -> tuple[list[UserRun], float]:
    user = echo_user if kind == "echo" else filing_user
    started = time.perf_counter()
    runs = await asyncio.gather(*(user(api, uid, steps, timeout) for uid in users))
    return list(runs), time.perf_counter() - started


# --- one measured run ---------------------------------------------------------------------


def bot_argv(kind: str, mode: str, port: int, variant: str | None) -> tuple[list[str], str]:
    url = f"http://127.0.0.1:{port}/telegram"
    hook = ["--webhook-url", url, "--port", str(port)] if mode == "webhook" else []
    if kind == "echo":
        return [PYTHON, "bench/echo_bot.py", *hook], url
    if variant:
        return [PYTHON, "bench/bot_variant.py", variant, "run", *hook], url
    return [PYTHON, "-m", "bot.cli", "run", *hook], url


def transactions(url: str | None) -> int:
    """Committed + rolled back transactions of the run's PostgreSQL database so far (each
    autocommit statement of the hot path is one); 0 without PostgreSQL."""
    if not url:
        return 0
    import psycopg

    from storage.locks import libpq_url

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(libpq_url(url), autocommit=True) as connection:
        row = connection.execute("SELECT xact_commit + xact_rollback FROM pg_stat_database "
                                 "WHERE datname = %s", (name,)).fetchone()
    return int(row[0]) if row else 0


def measure(kind: str, mode: str, users: int, steps: int, variant: str | None,
            workdir: Path, offset: int, database: str | None = None,
            workers: int = 1, before: Path | None = None,
            connections: int = 40) -> dict[str, Any]:
    """Fresh fake server and bot process(es); warm up with a few users, then the closed loop.
    ``database``: ICPBOT_DATABASE_URL of the bot (else SQLite in its data dir); ``workers``:
    that many webhook processes, the fake pushing to them in turn; ``connections``: webhook
    pushes in flight at once (one per chat), as Telegram's max_connections."""
    api = FakeBotApi(TOKEN, webhook_connections=connections).run_in_thread()
    children: list[Child] = []
    try:
        data = workdir / f"{kind}-{mode}-{offset}"
        env = bot_environment(data, api.root_url)  # one key: the workers share the data
        if database and kind != "echo":
            env["ICPBOT_DATABASE_URL"] = database
        source = ROOT
        if kind == "before" and before is not None:  # the same bot, older code
            env["PYTHONPATH"] = str(before)
            source = before
        urls = []
        for number in range(workers if kind != "echo" and mode == "webhook" else 1):
            port = 0 if mode == "polling" else free_port()
            argv, url = bot_argv("icp" if kind == "before" else kind, mode, port, variant)
            child = Child(argv, env, workdir / f"{data.name}-{number}.log", cwd=source)
            children.append(child)
            ready = (lambda u=url: api.webhook_info()["url"] == u) if mode == "webhook" else \
                (lambda: api.request_counts().get("getUpdates", 0) > 0)
            if not api.wait_until(ready, START_TIMEOUT):
                raise RuntimeError(f"{kind} bot did not start:\n{child.output()}")
            urls.append(url)
        if len(urls) > 1:
            api.route_webhooks(urls)
        loop = api._loop
        assert loop is not None
        first = FIRST_USER + offset * 10_000

        def run_loop(who: range, n: int) -> tuple[list[UserRun], float]:
            future = asyncio.run_coroutine_threadsafe(
                closed_loop(api, kind, who, n, STEP_TIMEOUT), loop)
            return future.result(STEP_TIMEOUT * (n + 2))

        run_loop(range(first + 9000, first + 9005), 2)  # warm-up: connections, first queries
        statements = transactions(env.get("ICPBOT_DATABASE_URL") if kind != "echo" else None)
        cpu_bot = sum(child.cpu_seconds() for child in children)
        cpu_fake = time.process_time()
        counts_before = api.request_counts()
        runs, wall = run_loop(range(first, first + users), steps)
        cpu_bot = sum(child.cpu_seconds() for child in children) - cpu_bot
        cpu_fake = time.process_time() - cpu_fake
        counts = api.request_counts()
        calls = {name: counts.get(name, 0) - counts_before.get(name, 0) for name in counts}
        latencies = [value for run in runs for value in run.latencies]
        uploads = [value for run in runs for value in run.uploads]
        others = sorted(latencies)
        for value in uploads:
            others.remove(value)
        done = len(latencies)
        if statements:
            time.sleep(1.5)  # PostgreSQL publishes its counters within a second
            statements = transactions(env["ICPBOT_DATABASE_URL"]) - statements
        errors = [run.error for run in runs if run.error]
        return {
            "steps": done, "wall_s": wall,
            "steps_per_s": done / wall if wall else 0.0,
            "send_message_per_s": calls.get("sendMessage", 0) / wall if wall else 0.0,
            "bot_api_calls_per_step": (sum(v for k, v in calls.items() if k != "getUpdates")
                                       / done if done else 0.0),
            "p50_ms": 1000 * percentile(latencies, 50),
            "p99_ms": 1000 * percentile(latencies, 99),
            "upload_steps": len(uploads),
            "upload_p50_ms": 1000 * percentile(uploads, 50),
            "p99_ms_without_uploads": 1000 * percentile(others, 99),
            "bot_cpu_pct_of_core": 100 * cpu_bot / wall if wall else 0.0,
            "bot_cpu_ms_per_step": 1000 * cpu_bot / done if done else 0.0,
            "fake_and_users_cpu_pct_of_core": 100 * cpu_fake / wall if wall else 0.0,
            "pg_transactions_per_step": statements / done if done and statements else None,
            "flood_warnings": sum(run.flood_warnings for run in runs),
            "errors": len(errors), "first_error": errors[0] if errors else None,
            "429s": api.too_many_requests_sent,
            "titles": runs[0].titles if kind != "echo" else [],
        }
    finally:
        for child in children:
            child.stop()
        api.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--steps", type=int, default=10, help="steps per user (≤ 12: the "
                        "flood guard's burst, so that bench speed alone cannot trip it)")
    parser.add_argument("--rounds", "--repeat", dest="rounds", type=int, default=1,
                        help="rounds; each runs every bot once, the order alternating")
    parser.add_argument("--modes", default="polling,webhook")
    parser.add_argument("--bots", default="echo,icp")
    parser.add_argument("--variant", help="run the bot through bench/bot_variant.py NAME")
    parser.add_argument("--postgres", help="admin URL of a PostgreSQL server: each run of "
                        "the bot gets a scratch database (dropped after) instead of SQLite")
    parser.add_argument("--before", type=Path, help="a copy of the code before a change "
                        "(e.g. `git worktree add DIR COMMIT`, catalogs compiled): run as a "
                        "third bot, \"before\", in every round")
    parser.add_argument("--workers", default="1", help="webhook processes of the bot, e.g. "
                        "1,2,4 (more than 1 needs --postgres): one section per count")
    parser.add_argument("--webhook-connections", type=int, default=40, help="webhook pushes "
                        "in flight at once, one per chat (Telegram: up to the webhook's "
                        "max_connections, default 40); 1 pushes one update at a time")
    args = parser.parse_args(argv)
    worker_counts = [int(n) for n in args.workers.split(",")]
    if max(worker_counts) > 1 and not args.postgres:
        parser.error("--workers above 1 needs --postgres (one database for all of them)")
    report: dict[str, Any] = {
        "benchmark": "telegram", "machine": machine(), "users": args.users,
        "steps_per_user": args.steps, "variant": args.variant,
        "database": "postgresql" if args.postgres else "sqlite",
        "command": "python bench/telegram_bench.py " + " ".join(sys.argv[1:] if argv is None
                                                                 else argv)}
    kinds = args.bots.split(",") + (["before"] if args.before else [])
    sections = [(mode, 1) for mode in args.modes.split(",") if mode == "polling"]
    sections += [("webhook", n) for n in worker_counts if "webhook" in args.modes.split(",")]
    with tempfile.TemporaryDirectory(prefix="tg-bench-") as tmp:
        offset = 0
        for mode, workers in sections:
            runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in kinds}
            for number in range(args.rounds):
                # interleaved, first one then the other first: both see the same noise
                for kind in (kinds if number % 2 == 0 else kinds[::-1]):
                    offset += 1
                    with bench_database(args.postgres if kind != "echo" else None,
                                        "tg_bench") as database:
                        runs[kind].append(measure(kind, mode, args.users, args.steps,
                                                  args.variant, Path(tmp), offset, database,
                                                  workers, args.before,
                                                  args.webhook_connections))
            section: dict[str, Any] = {"workers": workers}
            for kind, results in runs.items():
                rates = [r["steps_per_s"] for r in results]
                section[kind] = {"steps_per_s": summary(rates),
                                 "p50_ms": summary([r["p50_ms"] for r in results]),
                                 "p99_ms": summary([r["p99_ms"] for r in results]),
                                 "p99_ms_without_uploads": summary(
                                     [r["p99_ms_without_uploads"] for r in results]),
                                 "upload_p50_ms": summary(
                                     [r["upload_p50_ms"] for r in results])["median"],
                                 "cpu_ms_per_step": summary(
                                     [r["bot_cpu_ms_per_step"] for r in results])["median"],
                                 "runs": results}
            if "icp" in section and "echo" in section:
                section["ratio_bot_over_echo"] = (section["icp"]["steps_per_s"]["median"]
                                                  / section["echo"]["steps_per_s"]["median"])
                ratios = [i["steps_per_s"] / e["steps_per_s"]
                          for i, e in zip(runs["icp"], runs["echo"], strict=True)]
                section["ratio_per_round"] = summary(ratios)
                section["p99_ratio"] = (section["icp"]["p99_ms"]["median"]
                                        / section["echo"]["p99_ms"]["median"])
            if "before" in section and "echo" in section:
                section["ratio_before_over_echo"] = (
                    section["before"]["steps_per_s"]["median"]
                    / section["echo"]["steps_per_s"]["median"])
                section["p99_ratio_before"] = (section["before"]["p99_ms"]["median"]
                                               / section["echo"]["p99_ms"]["median"])
            pg = [r["pg_transactions_per_step"] for r in runs.get("icp", [])
                  if r["pg_transactions_per_step"]]
            if pg:  # what one PostgreSQL must carry at this rate
                section["pg_transactions_per_step"] = summary(pg)["median"]
                section["pg_transactions_per_s"] = (summary(pg)["median"]
                                                    * section["icp"]["steps_per_s"]["median"])
            report[mode if workers == 1 else f"{mode}_{workers}_workers"] = section
    print(json.dumps(report, indent=2, ensure_ascii=False))
    for name, section in report.items():
        if not isinstance(section, dict) or "workers" not in section:
            continue
        parts = [f"{kind} {section[kind]['steps_per_s']['median']:.1f} steps/s "
                 f"[{section[kind]['steps_per_s']['min']:.0f}–"
                 f"{section[kind]['steps_per_s']['max']:.0f}] "
                 f"(p50 {section[kind]['p50_ms']['median']:.0f} ms, "
                 f"p99 {section[kind]['p99_ms']['median']:.0f} ms, without uploads "
                 f"{section[kind]['p99_ms_without_uploads']['median']:.0f} ms, "
                 f"{section[kind]['cpu_ms_per_step']:.2f} ms CPU/step)"
                 for kind in kinds]
        ratio = section.get("ratio_bot_over_echo")
        if ratio is not None:
            parts.append(f"bot/echo {ratio:.2f} (per round "
                         f"{section['ratio_per_round']['min']:.2f}–"
                         f"{section['ratio_per_round']['max']:.2f}; target ≥ 1.0), "
                         f"p99 ratio {section['p99_ratio']:.2f} (target ≤ 1.5)")
        if "ratio_before_over_echo" in section:
            parts.append(f"before/echo {section['ratio_before_over_echo']:.2f}, p99 ratio "
                         f"{section['p99_ratio_before']:.2f}")
        if "pg_transactions_per_step" in section:
            parts.append(f"PostgreSQL {section['pg_transactions_per_step']:.2f} "
                         f"transactions/step = {section['pg_transactions_per_s']:.0f}/s")
        print(f"telegram {name}: " + "; ".join(parts), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
