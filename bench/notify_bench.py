"""Notification relay: 3,000 queued status notifications to 1,000 users, drained by
`icpbot dispatch` (a subprocess; the standalone relay at 28/s) against the loopback fake Bot
API enforcing Telegram-like flood limits (30 messages/s overall, 1/s per chat, 429 with
retry_after beyond).

The outbox rows are written the way the product writes them (storage.uow: OrderStatusChanged
and OrderApproved events of the filing lifecycle, recipient "telegram:<id>", whose chat
profiles exist), three per user: provider review → SMS verification → administration review
→ approved.
``--order grouped`` (default) queues each user's three notifications one after the other, as
a batch of decisions does; ``interleaved`` / ``shuffled`` are the kinder orders.

Reports sustained sends per second, 429s (total, and after the first 5 s "once the limiter
has settled"), the time until the outbox is empty, and whether every row was sent exactly
once (messages per chat at the fake against rows per recipient).

    .venv/bin/python bench/notify_bench.py [--users 1000] [--per-user 3]
        [--order grouped|interleaved|shuffled] [--max-seconds 400]

Multi-worker case (``--workers N --postgres ADMIN_URL``): a fresh PostgreSQL database, N
``icpbot run --webhook-url … --no-relay`` workers and one ``icpbot dispatch`` (or, with
``--relay-in-workers``, no dispatch and every worker competing for the relay lease) — the
deployment's one relay must keep the whole bot under Telegram's limits.

    .venv/bin/python bench/notify_bench.py --workers 3 \
        --postgres postgresql://postgres@127.0.0.1:5432/postgres

Prints JSON, then a short summary on stderr.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert
from sqlmodel import col, select

from bench.common import PYTHON, TOKEN, Child, bench_database, bot_environment, free_port, machine
from bot.bootstrap import build
from bot.config import Settings
from storage.db import make_engine, session_factory
from storage.tables import ChatRow, OutboxRow, table_of
from tests.fakes.bot_api_server import FakeBotApi
from tests.queued_notifications import rows_for

FIRST_CHAT = 8_000_000
SETTLE_SECONDS = 5.0
TARGET_RATE = 28.0
SAMPLE = 0.25
def queue(url: str, users: int, per_user: int, order: str) -> None:
    now = datetime.now(UTC)
    per_chat = [rows_for(FIRST_CHAT + user, per_user, now) for user in range(users)]
    if order == "grouped":
        rows = [row for chat in per_chat for row in chat]
    elif order == "interleaved":
        rows = [chat[i] for i in range(per_user) for chat in per_chat]
    else:
        rows = [row for chat in per_chat for row in chat]
        random.Random(8).shuffle(rows)
    with session_factory(make_engine(url))() as session:
        session.execute(insert(table_of(ChatRow)),
                        [{"chat": f"telegram:{FIRST_CHAT + user}", "locale": "en",
                          "blocked": False, "version": 0, "recent_updates": []}
                         for user in range(users)])
        session.execute(insert(table_of(OutboxRow)), rows)
        session.commit()


def outbox_counts(url: str) -> dict[str, int]:
    with session_factory(make_engine(url))() as session:
        return {status: count for status, count in session.exec(
            select(OutboxRow.status, func.count()).group_by(col(OutboxRow.status))).all()}


def start_worker(env: dict[str, str], log: Path, *, relay: bool) -> Child:
    """``icpbot run`` in webhook mode, as one of several workers behind a load balancer."""
    port = free_port()
    argv = [PYTHON, "-m", "bot.cli", "run", "--webhook-url",
            f"http://127.0.0.1:{port}/telegram", "--listen", "127.0.0.1", "--port", str(port)]
    return Child(argv + ([] if relay else ["--no-relay"]), env, log)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--per-user", type=int, default=3)
    parser.add_argument("--order", choices=["grouped", "interleaved", "shuffled"],
                        default="grouped")
    parser.add_argument("--max-seconds", type=float, default=400.0)
    parser.add_argument("--workers", type=int, default=0,
                        help="webhook workers beside the relay (needs --postgres)")
    parser.add_argument("--postgres", help="admin URL of a PostgreSQL server; a database "
                        "is created for the run and dropped after")
    parser.add_argument("--relay-in-workers", action="store_true",
                        help="no icpbot dispatch: the workers' own relays compete")
    parser.add_argument("--relay-rate", type=float,
                        help="ICPBOT_RELAY_RATE for the relay (default: the product's)")
    args = parser.parse_args(argv)
    if args.workers and not args.postgres:
        parser.error("--workers needs --postgres")
    total = args.users * args.per_user
    report: dict[str, Any] = {
        "benchmark": "notify", "machine": machine(), "rows": total, "users": args.users,
        "order": args.order, "fake_limits": {"global_per_second": 30, "per_chat_per_second": 1},
        "command": "python bench/notify_bench.py " + " ".join(sys.argv[1:] if argv is None
                                                               else argv)}
    report["workers"] = args.workers
    report["relay"] = "workers" if args.relay_in_workers else "icpbot dispatch"
    with tempfile.TemporaryDirectory(prefix="notify-bench-") as tmp, \
            FakeBotApi(TOKEN).run_in_thread() as api, bench_database(args.postgres) as pg_url:
        env = bot_environment(Path(tmp) / "data", api.root_url)
        if pg_url:
            env["ICPBOT_DATABASE_URL"] = pg_url
        if args.relay_rate:
            env["ICPBOT_RELAY_RATE"] = f"{args.relay_rate:g}"
        report["relay_rate"] = args.relay_rate
        settings = Settings.from_env(env)
        app = build(settings)  # migrates the database
        url = app.database_url
        queue(url, args.users, args.per_user, args.order)
        api.enforce_limits(global_per_second=30, per_chat_per_second=1)
        workers = [start_worker(env, Path(tmp) / f"worker-{number}.log",
                                relay=args.relay_in_workers)
                   for number in range(args.workers)]
        if args.relay_in_workers and workers:
            child = workers[0]
        else:
            child = Child([PYTHON, "-m", "bot.cli", "dispatch"], env,
                          Path(tmp) / "dispatch.log")
        started = time.monotonic()
        samples: list[tuple[float, int, int]] = []  # (t, delivered, 429s)
        first_send: float | None = None
        drained_at: float | None = None
        try:
            while time.monotonic() - started < args.max_seconds:
                time.sleep(SAMPLE)
                with api._lock:
                    delivered = (api.counters.requests.get("sendMessage", 0)
                                 - api.counters.too_many_requests)
                    refused = api.counters.too_many_requests
                now = time.monotonic() - started
                samples.append((now, delivered, refused))
                if first_send is None and delivered:
                    first_send = now
                if delivered >= total:
                    counts = outbox_counts(url)
                    if counts.get("pending", 0) + counts.get("sending", 0) == 0:
                        drained_at = now
                        break
                if child.process.poll() is not None:
                    break
            time.sleep(1.0)  # anything sent twice would show up now
        finally:
            code = child.stop()
            leaders = [worker.log.name for worker in workers
                       if "(relay leader)" in worker.output(10**7)]
            for worker in workers:
                worker.stop()
        report["relay_leaders"] = leaders if args.relay_in_workers else ["dispatch"]
        counts = outbox_counts(url)
        per_chat = Counter({chat: len(api.sent_messages(chat))
                            for chat in range(FIRST_CHAT, FIRST_CHAT + args.users)})
        stats = api.stats()
    sends = [s for s in samples if s[1] > 0]
    last = samples[-1] if samples else (0.0, 0, 0)
    done_at = next((t for t, d, _ in samples if d >= total), last[0])
    settle = (first_send or 0.0) + SETTLE_SECONDS
    at_settle = next(((d, r) for t, d, r in samples if t >= settle), (last[1], last[2]))
    sustained_window = done_at - settle
    report.update({
        "first_send_s": first_send,
        "delivered": last[1],
        "sends_per_s_overall": (last[1] / (done_at - first_send)) if sends and first_send
        is not None and done_at > first_send else 0.0,
        "sends_per_s_sustained": ((last[1] - at_settle[0]) / sustained_window)
        if sustained_window > 0 else 0.0,
        "429_total": stats["too_many_requests_sent"],
        "429_after_settling": stats["too_many_requests_sent"] - at_settle[1],
        "outbox_empty_after_s": (drained_at - first_send) if drained_at is not None and
        first_send is not None else None,
        "outbox_rows": counts,
        "messages_per_chat": dict(Counter(per_chat.values())),
        "lost": sum(max(0, args.per_user - n) for n in per_chat.values()),
        "duplicated": sum(max(0, n - args.per_user) for n in per_chat.values()),
        "dispatch_exit": code,
        "requests": stats["requests"],
    })
    report["targets"] = {
        "sustained_ge_28_per_s": report["sends_per_s_sustained"] >= TARGET_RATE,
        "no_429_once_settled": report["429_after_settling"] == 0,
        "nothing_lost": report["lost"] == 0 and report["duplicated"] == 0
        and counts.get("sent", 0) == total,
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"notify ({args.order}, {args.workers} workers, relay: {report['relay']}): "
          f"{report['delivered']}/{total} delivered, sustained "
          f"{report['sends_per_s_sustained']:.1f}/s (target ≥ {TARGET_RATE:.0f}), 429s "
          f"{report['429_total']} total / {report['429_after_settling']} after settling, "
          f"outbox empty after {report['outbox_empty_after_s']} s, lost {report['lost']}, "
          f"duplicated {report['duplicated']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
