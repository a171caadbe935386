"""Attack 10: 60 connections that never finish their request (a header, or a body, sent in
part and then nothing) were held 330 s and file descriptors grew 11 → 315. The guard in
front of the webhook and callback servers cuts a request not received within its timeout,
closes idle connections and refuses connections over its cap, and real requests are served
meanwhile."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator, Callable

import pytest
from aiohttp import ClientSession, web

from bot import http_guard
from bot.http_guard import ConnectionGuard, Limits
from bot.tg.webhook import SECRET_HEADER, webhook_routes
from tests.integration.test_webhook_server import UPDATE, FakeApplication

SLOW = 60
LIMITS = Limits(request_timeout=1.0, idle_timeout=2.0, max_connections=100)
PARTIAL = {
    "header": b"POST /telegram HTTP/1.1\r\nHost: bot\r\nX-Telegram-Bot-Api-Secret-",
    "body": (b"POST /telegram HTTP/1.1\r\nHost: bot\r\nContent-Length: 5000\r\n"
             b"X-Telegram-Bot-Api-Secret-Token: s3cret\r\n"
             b"Content-Type: application/json\r\n\r\n{\"update_id\": 1"),
}


async def _settled(condition: Callable[[], bool], within: float = 5.0) -> None:
    """Waits until ``condition`` holds (at most ``within`` s): sixty connections reach the
    server in well under a second, but not in a fixed 0.3 s on a loaded CI machine."""
    deadline = time.monotonic() + within
    while not condition() and time.monotonic() < deadline:
        await asyncio.sleep(0.05)


def _descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.fixture
async def served() -> AsyncIterator[tuple[int, ConnectionGuard]]:
    web_app = web.Application()
    web_app.add_routes(webhook_routes(FakeApplication(), "telegram", "s3cret"))
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    server, guard = await http_guard.start(runner, "127.0.0.1", 0, LIMITS)
    port = server.sockets[0].getsockname()[1]
    yield port, guard
    server.close()
    await runner.cleanup()


async def _slow_client(port: int, partial: bytes) -> float:
    """Send part of a request, then nothing; how long until the server hangs up."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    started = time.monotonic()
    writer.write(partial)
    await writer.drain()
    await asyncio.wait_for(reader.read(), timeout=30)  # returns at the server's close
    writer.close()
    return time.monotonic() - started


@pytest.mark.parametrize("part", PARTIAL)
async def test_sixty_connections_that_never_finish_are_cut_and_real_requests_served(
        served: tuple[int, ConnectionGuard], part: str) -> None:
    port, guard = served
    before = _descriptors()
    slow = [asyncio.create_task(_slow_client(port, PARTIAL[part])) for _ in range(SLOW)]
    await _settled(lambda: guard.open == SLOW)
    assert guard.open == SLOW
    async with ClientSession() as session, session.post(  # meanwhile, a real update
            f"http://127.0.0.1:{port}/telegram", json=UPDATE,
            headers={SECRET_HEADER: "s3cret"}) as response:
        assert response.status == 200
    held = await asyncio.gather(*slow)
    assert max(held) < LIMITS.request_timeout + 1.0
    await asyncio.sleep(0.1)
    assert guard.open == 0 and guard.cut >= SLOW
    assert _descriptors() <= before + 1
    print(f"\n{SLOW} connections with a slow {part}: held at most {max(held):.2f} s, "
          f"descriptors {before} → {_descriptors()}", flush=True)


async def test_connections_over_the_cap_are_refused_at_once() -> None:
    web_app = web.Application()
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    server, guard = await http_guard.start(
        runner, "127.0.0.1", 0, Limits(request_timeout=5, idle_timeout=5, max_connections=50))
    port = server.sockets[0].getsockname()[1]
    try:
        clients = [await asyncio.open_connection("127.0.0.1", port) for _ in range(SLOW)]
        await _settled(lambda: guard.open == 50 and guard.refused == SLOW - 50)
        assert guard.open == 50 and guard.refused == SLOW - 50
        for _reader, writer in clients:
            writer.close()
    finally:
        server.close()
        await runner.cleanup()
