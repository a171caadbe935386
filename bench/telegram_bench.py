"""Telegram end to end: `icpbot run` against the loopback fake Bot API, beside a bare PTB echo bot.

N simulated users (default 50) in a closed loop: each sends a message (or taps a button),
waits for the bot's answer, then sends the next, for a fixed number of steps of a real
first-time filing (/start, new filing, region, entity type, name …). In the same run the same
loop drives bench/echo_bot.py (default ApplicationBuilder, echoes the text). Both in polling
and in webhook mode. Reports answered steps per second, reply latency p50/p99 and the CPU
time of the bot and of the fake server (with the simulated users, which run on its loop); the
headline is the ratio bot/echo of steps per second.

    .venv/bin/python bench/telegram_bench.py [--users 50] [--steps 10] [--repeat 1]
        [--modes polling,webhook] [--variant NAME]   (NAME: see bench/bot_variant.py)

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
    TOKEN,
    Child,
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
    user = filing_user if kind == "icp" else echo_user
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


def measure(kind: str, mode: str, users: int, steps: int, variant: str | None,
            workdir: Path, offset: int) -> dict[str, Any]:
    """Fresh fake server and bot process; warm up with a few users, then the closed loop."""
    api = FakeBotApi(TOKEN).run_in_thread()
    port = 0
    child = None
    try:
        port = 0 if mode == "polling" else free_port()
        argv, url = bot_argv(kind, mode, port, variant)
        data = workdir / f"{kind}-{mode}-{offset}"
        child = Child(argv, bot_environment(data, api.root_url), workdir / f"{data.name}.log")
        ready = (lambda: api.webhook_info()["url"] == url) if mode == "webhook" else \
            (lambda: api.request_counts().get("getUpdates", 0) > 0)
        if not api.wait_until(ready, START_TIMEOUT):
            raise RuntimeError(f"{kind} bot did not start:\n{child.output()}")
        loop = api._loop
        assert loop is not None
        first = FIRST_USER + offset * 10_000

        def run_loop(who: range, n: int) -> tuple[list[UserRun], float]:
            future = asyncio.run_coroutine_threadsafe(
                closed_loop(api, kind, who, n, STEP_TIMEOUT), loop)
            return future.result(STEP_TIMEOUT * (n + 2))

        run_loop(range(first + 9000, first + 9005), 2)  # warm-up: connections, first queries
        cpu_bot, cpu_fake = child.cpu_seconds(), time.process_time()
        sent_before = api.request_counts().get("sendMessage", 0)
        runs, wall = run_loop(range(first, first + users), steps)
        cpu_bot, cpu_fake = child.cpu_seconds() - cpu_bot, time.process_time() - cpu_fake
        sent = api.request_counts().get("sendMessage", 0) - sent_before
        latencies = [value for run in runs for value in run.latencies]
        errors = [run.error for run in runs if run.error]
        return {
            "steps": len(latencies), "wall_s": wall,
            "steps_per_s": len(latencies) / wall if wall else 0.0,
            "send_message_per_s": sent / wall if wall else 0.0,
            "p50_ms": 1000 * percentile(latencies, 50),
            "p99_ms": 1000 * percentile(latencies, 99),
            "bot_cpu_pct_of_core": 100 * cpu_bot / wall if wall else 0.0,
            "fake_and_users_cpu_pct_of_core": 100 * cpu_fake / wall if wall else 0.0,
            "flood_warnings": sum(run.flood_warnings for run in runs),
            "errors": len(errors), "first_error": errors[0] if errors else None,
            "429s": api.too_many_requests_sent,
            "titles": runs[0].titles if kind == "icp" else [],
        }
    finally:
        if child is not None:
            child.stop()
        api.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--steps", type=int, default=10, help="steps per user (≤ 12: the "
                        "flood guard's burst, so that bench speed alone cannot trip it)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--modes", default="polling,webhook")
    parser.add_argument("--bots", default="echo,icp")
    parser.add_argument("--variant", help="run the bot through bench/bot_variant.py NAME")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {
        "benchmark": "telegram", "machine": machine(), "users": args.users,
        "steps_per_user": args.steps, "variant": args.variant,
        "command": "python bench/telegram_bench.py " + " ".join(sys.argv[1:] if argv is None
                                                                 else argv)}
    kinds = args.bots.split(",")
    with tempfile.TemporaryDirectory(prefix="tg-bench-") as tmp:
        offset = 0
        for mode in args.modes.split(","):
            runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in kinds}
            for _ in range(args.repeat):
                for kind in kinds:  # interleaved: both see the same machine noise
                    offset += 1
                    runs[kind].append(measure(kind, mode, args.users, args.steps,
                                              args.variant, Path(tmp), offset))
            section: dict[str, Any] = {}
            for kind, results in runs.items():
                rates = [r["steps_per_s"] for r in results]
                section[kind] = {"steps_per_s": summary(rates),
                                 "p50_ms": summary([r["p50_ms"] for r in results])["median"],
                                 "p99_ms": summary([r["p99_ms"] for r in results])["median"],
                                 "runs": results}
            if "icp" in section and "echo" in section:
                section["ratio_bot_over_echo"] = (section["icp"]["steps_per_s"]["median"]
                                                  / section["echo"]["steps_per_s"]["median"])
            report[mode] = section
    print(json.dumps(report, indent=2, ensure_ascii=False))
    for mode in args.modes.split(","):
        section = report[mode]
        parts = [f"{kind} {section[kind]['steps_per_s']['median']:.1f} steps/s "
                 f"(p50 {section[kind]['p50_ms']:.0f} ms, p99 {section[kind]['p99_ms']:.0f} ms)"
                 for kind in kinds]
        ratio = section.get("ratio_bot_over_echo")
        print(f"telegram {mode}: " + "; ".join(parts)
              + (f"; bot/echo {ratio:.2f} (target ≥ 1.0)" if ratio is not None else ""),
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
