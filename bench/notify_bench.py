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
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert
from sqlmodel import col, select

from bench.common import PYTHON, TOKEN, Child, bot_environment, machine
from bot.bootstrap import build
from bot.config import Settings
from filing.events import OrderApproved, OrderStatusChanged, to_payload
from storage.db import make_engine, session_factory, to_db
from storage.tables import ChatRow, OutboxRow, table_of
from tests.fakes.bot_api_server import FakeBotApi

FIRST_CHAT = 8_000_000
SETTLE_SECONDS = 5.0
TARGET_RATE = 28.0
SAMPLE = 0.25
STEPS = (("provider_review", "sms_verification"),
         ("sms_verification", "administration_review"),
         ("administration_review", "approved"))


def payloads(chat: int, count: int, now: datetime) -> list[dict[str, Any]]:
    rows = []
    for number in range(count):
        old, new = STEPS[number % len(STEPS)]
        event: OrderStatusChanged = OrderStatusChanged(
            order_id=f"B{chat}", applicant=f"telegram:{chat}", old_status=old, new_status=new,
            at=now, order_type="first_filing", region="CN-ZJ",
            deadline=now + timedelta(days=1) if new == "sms_verification" else None,
            sms_to="both_leaders" if new == "sms_verification" else "")
        if new == "approved":  # the final approval carries what it did to the numbers
            event = OrderApproved(
                order_id=f"B{chat}", applicant=f"telegram:{chat}", old_status=old,
                new_status=new, at=now, order_type="first_filing", region="CN-ZJ",
                icp_number="浙ICP备2026000001号-1", entity_number="浙ICP备2026000001号",
                issued=("浙ICP备2026000001号-1",))
        rows.append({"event": event.name, "order_id": event.order_id,
                     "recipient": event.applicant, "payload": to_payload(event),
                     "status": "pending", "attempts": 0, "available_at": to_db(now),
                     "created_at": to_db(now)})
    return rows


def queue(url: str, users: int, per_user: int, order: str) -> None:
    now = datetime.now(UTC)
    per_chat = [payloads(FIRST_CHAT + user, per_user, now) for user in range(users)]
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--per-user", type=int, default=3)
    parser.add_argument("--order", choices=["grouped", "interleaved", "shuffled"],
                        default="grouped")
    parser.add_argument("--max-seconds", type=float, default=400.0)
    args = parser.parse_args(argv)
    total = args.users * args.per_user
    report: dict[str, Any] = {
        "benchmark": "notify", "machine": machine(), "rows": total, "users": args.users,
        "order": args.order, "fake_limits": {"global_per_second": 30, "per_chat_per_second": 1},
        "command": "python bench/notify_bench.py " + " ".join(sys.argv[1:] if argv is None
                                                               else argv)}
    with tempfile.TemporaryDirectory(prefix="notify-bench-") as tmp, \
            FakeBotApi(TOKEN).run_in_thread() as api:
        env = bot_environment(Path(tmp) / "data", api.root_url)
        settings = Settings.from_env(env)
        app = build(settings)  # migrates the SQLite database
        url = app.database_url
        queue(url, args.users, args.per_user, args.order)
        api.enforce_limits(global_per_second=30, per_chat_per_second=1)
        child = Child([PYTHON, "-m", "bot.cli", "dispatch"], env, Path(tmp) / "dispatch.log")
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
    print(f"notify ({args.order}): {report['delivered']}/{total} delivered, sustained "
          f"{report['sends_per_s_sustained']:.1f}/s (target ≥ {TARGET_RATE:.0f}), 429s "
          f"{report['429_total']} total / {report['429_after_settling']} after settling, "
          f"outbox empty after {report['outbox_empty_after_s']} s, lost {report['lost']}, "
          f"duplicated {report['duplicated']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
