"""The web review desk at 100,000 orders on PostgreSQL: queue and order pages, p50/p99.

    .venv/bin/python bench/desk_bench.py [--orders 100000] [--requests 100]
        [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

Creates a scratch database (dropped at the end), loads the orders in bulk (entity personal
data sealed and blind-indexed like real ones; 1-2 websites and 2-4 history rows each), runs
`icpbot web`'s application on 127.0.0.1 and times whole HTTP requests, one at a time, from a
logged-in client: the queue's first page under several filters, 20 pages deep by keyset,
searches, and random order pages. It also counts the SQL statements of one queue page and
shows PostgreSQL's plan of the default page. One JSON report on stdout, a summary on stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import secrets
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine, percentile

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
REGIONS = ("CN-BJ", "CN-TJ", "CN-HE", "CN-LN", "CN-SH", "CN-JS", "CN-ZJ", "CN-AH", "CN-FJ",
           "CN-SD", "CN-HB", "CN-HN", "CN-GD", "CN-SC", "CN-SN")
STATUSES = (("approved", 55), ("provider_review", 8), ("sms_verification", 3),
            ("administration_review", 12), ("provider_rejected", 9),
            ("administration_rejected", 4), ("withdrawn", 5), ("expired", 4))
TYPES = (("first_filing", 45), ("new_website", 20), ("new_access", 10),
         ("modify_website", 8), ("modify_entity", 5), ("cancel_website", 5),
         ("cancel_access", 4), ("claim", 3))
PASSWORD = "benchmark password"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def weighted(choices: tuple[tuple[str, int], ...], rng: random.Random) -> str:
    return rng.choices([c for c, _ in choices], [w for _, w in choices])[0]


def scratch_database(admin_url: str) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"icpbot_desk_bench_{secrets.token_hex(4)}"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_database(admin_url: str, url: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def rows(count: int, cipher: Any, now: datetime) -> Iterator[dict[str, list[dict[str, Any]]]]:
    """Batches of table rows for ``count`` orders, deterministic (seeded)."""
    rng = random.Random(15)
    batch: dict[str, list[dict[str, Any]]] = {"orders": [], "entities": [], "sites": [],
                                              "history": []}
    for number in range(count):
        order_id = f"O{number:08X}"
        status = weighted(STATUSES, rng)
        updated = now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        created = updated - timedelta(hours=rng.randrange(1, 24 * 30))
        region = rng.choice(REGIONS)
        name = f"测试科技{number}有限公司" if number % 3 else f"张{number}"
        batch["orders"].append({
            "id": order_id, "order_type": weighted(TYPES, rng), "applicant": f"telegram:{number}",
            "status": status, "region": region, "icp_number": None,
            "sms_deadline": updated + timedelta(hours=24) if status == "sms_verification"
            else None, "round": 1, "remarks_enc": "", "details": {}, "created_at": created,
            "updated_at": updated, "version": 2})
        batch["entities"].append({
            "order_id": order_id, "entity_type": "enterprise",
            "certificate_type": "business_license",
            "region": region, "filing_number": "", "name_digest": cipher.digest(name),
            "personal_enc": cipher.seal({"name": name, "certificate_number": "91330106MA27Y",
                                         "address": "浙江省杭州市西湖区文三路100号",
                                         "landline": "", "leader": {
                                             "name": "张三", "certificate_type": "resident_id",
                                             "certificate_number": "11010519491231002X",
                                             "mobile": "13812345678", "email": ""}})})
        for position in range(1 + number % 2):
            batch["sites"].append({"order_id": order_id, "position": position,
                                   "name": "美食分享日记", "domain": f"site{number}-{position}.cn",
                                   "content": "personal", "filing_number": "",
                                   "leader_enc": None})
        steps = [("draft", "provider_review", created)]
        if status != "provider_review":
            steps.append(("provider_review", status, updated))
        for old, new, at in steps:
            batch["history"].append({"order_id": order_id, "old_status": old, "new_status": new,
                                     "actor": "bench", "at": at, "reasons": [], "note": None})
        if len(batch["orders"]) == 5000:
            yield batch
            batch = {key: [] for key in batch}
    if batch["orders"]:
        yield batch


def load(url: str, cipher: Any, count: int, now: datetime) -> float:
    from sqlalchemy import insert, text

    from storage.db import make_engine
    from storage.tables import EntityRow, OrderRow, StatusHistoryRow, WebsiteRow

    tables = {"orders": OrderRow, "entities": EntityRow, "sites": WebsiteRow,
              "history": StatusHistoryRow}
    started = time.perf_counter()
    engine = make_engine(url)
    for batch in rows(count, cipher, now):
        with engine.begin() as connection:
            for key, table in tables.items():
                connection.execute(insert(table.__table__), batch[key])  # type: ignore[attr-defined]
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    return time.perf_counter() - started


def statements_per_page(url: str, cipher: Any, now: datetime) -> dict[str, int]:
    """SQL statements sent for one queue page, by page size."""
    from sqlalchemy import event

    from storage.db import make_engine
    from storage.desk_queries import QueueFilter, SqlDeskQueries

    engine = make_engine(url)
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_: seen.append(statement))
    desk = SqlDeskQueries(engine, cipher)
    counts = {}
    for size in (20, 50, 200):
        seen.clear()
        desk.queue(QueueFilter(status="provider_review"), now, size)
        counts[f"page_of_{size}"] = len(seen)
    return counts


def explain_default_page(url: str, cipher: Any, now: datetime) -> list[str]:
    """PostgreSQL's plan of the default queue page (the index it walks)."""
    from sqlalchemy import text
    from sqlalchemy.dialects import postgresql

    from storage.db import make_engine
    from storage.desk_queries import QueueFilter, SqlDeskQueries

    engine = make_engine(url)
    query = SqlDeskQueries(engine, cipher).page_statement(
        QueueFilter(status="provider_review"), now, 50)
    compiled = query.compile(dialect=postgresql.dialect(),
                             compile_kwargs={"literal_binds": True})
    with engine.connect() as connection:
        return [row[0] for row in connection.execute(text(f"EXPLAIN {compiled}"))][:8]


async def timed(session: Any, url: str) -> tuple[float, str]:
    started = time.perf_counter()
    async with session.get(url) as response:
        body = await response.text()
        assert response.status == 200, (url, response.status, body[:300])
    return (time.perf_counter() - started) * 1000, body


def stats(millis: list[float]) -> dict[str, float]:
    return {"n": len(millis), "p50_ms": round(percentile(millis, 50), 1),
            "p99_ms": round(percentile(millis, 99), 1), "max_ms": round(max(millis), 1)}


async def measure(app: Any, count: int, requests: int) -> dict[str, Any]:
    import aiohttp
    from aiohttp import web

    from bot.bootstrap import desk_app
    from bot.web.passwords import hash_password
    from storage.db import make_engine, session_factory
    from storage.reviewers import SqlReviewerAccounts

    SqlReviewerAccounts(session_factory(make_engine(app.database_url)), app.cipher).add(
        "bench", hash_password(PASSWORD))
    runner = web.AppRunner(desk_app(app), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    root = f"http://127.0.0.1:{port}"
    rng = random.Random(99)
    report: dict[str, Any] = {}
    # unsafe=True: the cookie jar keeps cookies of an IP address such as 127.0.0.1
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        login = await (await session.get(root + "/login")).text()
        async with session.post(root + "/login", data={
                "csrf": CSRF.search(login).group(1),  # type: ignore[union-attr]
                "name": "bench", "password": PASSWORD}) as response:
            assert response.status == 200
        pages = {
            "queue_default": "/queue",
            "queue_every_status": "/queue?status=all",
            "queue_type_and_region": "/queue?status=all&type=new_website&region=CN-GD",
            "queue_waiting_7_days": "/queue?status=administration_review&age=7",
            "queue_sms_deadline": "/queue?sla=sms",
            "queue_45_day_expiry": "/queue?status=all&sla=expiry",
            "search_order_id": "/queue?status=all&q=O0000BEEF",
            "search_domain": "/queue?status=all&q=site4242-0.cn",
            "search_entity_name": "/queue?status=all&q=测试科技4243有限公司",
        }
        for name, path in pages.items():
            await timed(session, root + path)  # warm the plan cache
            report[name] = stats([(await timed(session, root + path))[0]
                                  for _ in range(requests)])
        deep, path = [], "/queue?status=all"
        for _ in range(20):
            millis, body = await timed(session, root + path)
            deep.append(millis)
            path = re.search(r'rel="next" href="([^"]+)"', body).group(1)  # type: ignore[union-attr]
            path = path.replace("&amp;", "&")
        report["queue_20_pages_deep"] = stats(deep)
        order_pages = [(await timed(session, f"{root}/orders/O{rng.randrange(count):08X}"))[0]
                       for _ in range(requests)]
        report["order_page"] = stats(order_pages)
    await runner.cleanup()
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--postgres", default=ADMIN_URL)
    args = parser.parse_args()
    from bot.bootstrap import build
    from bot.config import Settings
    from storage.crypto import Cipher

    url = scratch_database(args.postgres)
    try:
        with TemporaryDirectory() as data:
            settings = Settings(data_dir=Path(data), database_url=url, telegram_token=None,
                                telegram_api_url=None, admin_ids=frozenset(),
                                secret_key=Cipher.new_key(), webhook_secret=None,
                                callback_secret=None, draft_reminder_days=3)
            app = build(settings)
            now = datetime.now(UTC)
            load_seconds = load(url, app.cipher, args.orders, now)
            report = {"benchmark": "desk", "orders": args.orders, "requests": args.requests,
                      "machine": machine(), "load_seconds": round(load_seconds, 1),
                      "queue_statements": statements_per_page(url, app.cipher, now),
                      "default_page_plan": explain_default_page(url, app.cipher, now),
                      "pages": asyncio.run(measure(app, args.orders, args.requests))}
    finally:
        drop_database(args.postgres, url)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    pages = report["pages"]
    print(f"desk at {args.orders} orders: queue p50 {pages['queue_default']['p50_ms']} ms "
          f"p99 {pages['queue_default']['p99_ms']} ms; order page p50 "
          f"{pages['order_page']['p50_ms']} ms p99 {pages['order_page']['p99_ms']} ms",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
