"""/healthz, /readyz and /metrics: readiness follows the database, its migrations and the Bot
API; the metrics after a whole filing show what happened."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.bootstrap import build
from bot.health import Health
from bot.metrics import MeasuredEngine
from dialogs.messages import Ask, ChatRef, Choice, File, Incoming, Outgoing, Text
from storage.crypto import Cipher
from storage.db import make_engine, session_factory
from tests.fakes.bot_api_server import FakeBotApi
from tests.integration.test_callback_api import settings_for
from tests.integration.test_cli_chat import ENTITY_ANSWERS, REST_ANSWERS
from tests.samples import JPEG
from tests.samples import photo as picture

ROOT = Path(__file__).resolve().parents[2]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again when the block ends


async def ok() -> object:
    return {"id": 1}


async def unreachable() -> object:
    raise ConnectionRefusedError("Bot API down")


async def client_for(health: Health) -> AsyncIterator[TestClient]:  # type: ignore[type-arg]
    web_app = web.Application()
    web_app.add_routes(health.routes())
    async with TestClient(TestServer(web_app)) as client:
        yield client


async def get(health: Health, path: str) -> tuple[int, Any]:
    async for client in client_for(health):
        response = await client.get(path)
        body = await response.text()
        return response.status, (json.loads(body) if path != "/metrics" else body)
    raise AssertionError("unreachable")


async def test_ready_when_database_migrations_and_bot_api_are_fine(tmp_path: Path) -> None:
    app = build(settings_for(tmp_path))
    status, body = await get(Health(app.database_url, ok), "/readyz")
    assert status == 200
    assert body == {"status": "ok", "database": "ok", "migrations": "ok", "bot_api": "ok"}
    assert (await get(Health(app.database_url, ok), "/healthz"))[0] == 200


@pytest.mark.postgres
async def test_not_ready_while_postgresql_refuses_connections(postgres_url: str) -> None:
    refused = re.sub(r"@([^/:]+)(:\d+)?/", f"@127.0.0.1:{closed_port()}/", postgres_url)
    started = time.monotonic()
    status, body = await get(Health(refused, ok), "/readyz")
    assert status == 503
    assert body["status"] == "unavailable" and body["database"].startswith("unreachable")
    assert body["bot_api"] == "ok"
    assert time.monotonic() - started < 10  # a probe answers, it does not hang
    assert (await get(Health(refused, ok), "/healthz"))[0] == 200  # the process is fine


@pytest.mark.postgres
async def test_ready_on_a_migrated_postgresql(postgres_url: str, tmp_path: Path) -> None:
    app = build(settings_for(tmp_path, postgres_url))
    status, body = await get(Health(app.database_url, ok), "/readyz")
    assert (status, body["database"], body["migrations"]) == (200, "ok", "ok")


async def test_not_ready_before_the_migrations_ran(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    status, body = await get(Health(url, ok), "/readyz")
    assert status == 503 and body["database"] == "ok"
    assert body["migrations"].startswith("behind")


async def test_not_ready_when_the_bot_api_does_not_answer(tmp_path: Path) -> None:
    app = build(settings_for(tmp_path))
    status, body = await get(Health(app.database_url, unreachable), "/readyz")
    assert status == 503 and body["bot_api"].startswith("unreachable")


def metric(text: str, name: str, labels: str = "") -> float:
    pattern = re.escape(name + (f"{{{labels}}}" if labels else "")) + r" ([0-9.e+-]+)"
    found = re.search(r"^" + pattern + "$", text, flags=re.M)
    return float(found.group(1)) if found else 0.0


async def file_through(engine: MeasuredEngine, chat: ChatRef, photo: bytes) -> None:
    """The terminal test's scripted filing, typed and tapped into the (measured) engine
    (on a channel without the flood guard, which would slow a script typing this fast)."""
    replies: list[Outgoing] = await engine.handle(chat, Text("/start"), "en")
    for step in ENTITY_ANSWERS + REST_ANSWERS:
        asks = [reply for reply in replies if isinstance(reply, Ask)]
        token = asks[-1].token if asks else None
        incoming: Incoming
        if "press" in step:
            incoming = Choice(step["press"], token)
        elif "file" in step:  # each document its own picture (the same twice is refused)
            incoming = File("id.jpg", "image/jpeg", picture(tag=str(step["file"])))
        else:
            incoming = Text(step["text"])
        replies = await engine.handle(chat, incoming, "en")
    assert any(reply.text.startswith("Submitted!") for reply in replies), replies


async def test_metrics_after_a_filing_show_turns_outbox_drafts_and_orders(
        tmp_path: Path) -> None:
    app = build(settings_for(tmp_path))
    health = Health(app.database_url, ok, session_factory(make_engine(app.database_url)))
    before = (await get(health, "/metrics"))[1]
    await file_through(MeasuredEngine(app.engine), ChatRef("test", "4242"),
                       JPEG)
    status, after = await get(health, "/metrics")
    assert status == 200

    def grew(name: str, labels: str = "") -> float:
        return metric(after, name, labels) - metric(before, name, labels)

    assert grew("icpbot_updates_handled_total", 'kind="button"') >= 8
    assert grew("icpbot_updates_handled_total", 'kind="text"') >= 10
    assert grew("icpbot_updates_handled_total", 'kind="file"') == 2
    turns = len(ENTITY_ANSWERS + REST_ANSWERS) + 1
    assert grew("icpbot_turn_seconds_count") == turns
    assert metric(after, "icpbot_orders", 'status="provider_review"') == 1
    assert metric(after, "icpbot_outbox_notifications", 'status="pending"') >= 1
    assert metric(after, "icpbot_drafts_active") == 0  # the draft became an order
    for name in ("icpbot_telegram_429_total", "icpbot_outbox_failed",
                 'icpbot_notifications_total{result="sent"}', "icpbot_relay_leader"):
        assert name in after


def http_get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_for_http(url: str, timeout: float) -> tuple[int, str]:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return http_get(url)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_polling_bot_serves_health_and_metrics_on_its_health_port(tmp_path: Path) -> None:
    port = closed_port()
    with FakeBotApi("123456:HEALTH").run_in_thread() as api:
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("ICPBOT_", "TELEGRAM_"))}
        env.update(TELEGRAM_BOT_TOKEN="123456:HEALTH", ICPBOT_TELEGRAM_API_URL=api.root_url,
                   ICPBOT_DATA_DIR=str(tmp_path), ICPBOT_SECRET_KEY=Cipher.new_key(),
                   PYTHONPATH=str(ROOT))
        bot = subprocess.Popen([sys.executable, "-m", "bot.cli", "run", "--no-relay",
                                "--health-port", str(port)], env=env, cwd=tmp_path,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            assert wait_for_http(f"http://127.0.0.1:{port}/healthz", 30)[0] == 200
            status, body = http_get(f"http://127.0.0.1:{port}/readyz")
            assert status == 200, body
            api.inject_text(5551234, "/start")
            api.wait_for_messages(5551234, 1, timeout=20)
            status, text = http_get(f"http://127.0.0.1:{port}/metrics")
            assert status == 200
            assert metric(text, "icpbot_updates_handled_total", 'kind="command"') == 1
            assert metric(text, "icpbot_relay_leader") == 0  # --no-relay
        finally:
            bot.terminate()
            bot.wait(timeout=20)


