"""The connection to the Bot API: through a proxy (ICPBOT_PROXY_URL or the usual
HTTP(S)_PROXY variables), and a failed start that says why in one line, without leaking HTTP
sessions ("Unclosed client session")."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import ClientSession, web
from telegram import Bot

from bot.tg.aiohttp_request import AiohttpRequest
from storage.crypto import Cipher
from tests.fakes.bot_api_server import FakeBotApi
from tests.integration.test_health import closed_port

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:PROXY"


class ForwardProxy:
    """A plain-HTTP forward proxy on loopback that remembers what went through it."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def _forward(self, request: web.Request) -> web.Response:
        self.seen.append(str(request.url))
        async with ClientSession() as session, session.request(
                request.method, str(request.url), data=await request.read(),
                headers={"Content-Type": request.headers.get("Content-Type", "")}) as answer:
            return web.Response(status=answer.status, body=await answer.read(),
                                content_type="application/json")

    async def __aenter__(self) -> ForwardProxy:
        web_app = web.Application()
        web_app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(web_app, access_log=None)
        await self._runner.setup()
        port = closed_port()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()


@pytest.fixture
async def proxy() -> AsyncIterator[ForwardProxy]:
    async with ForwardProxy() as running:
        yield running


async def get_me_through(request: AiohttpRequest, fake: FakeBotApi) -> str:
    bot = Bot(TOKEN, base_url=f"{fake.root_url}/bot", request=request,
              get_updates_request=AiohttpRequest())
    async with bot:
        return (await bot.get_me()).username or ""


async def test_icpbot_proxy_url_carries_every_bot_api_request(proxy: ForwardProxy) -> None:
    async with FakeBotApi(TOKEN) as fake:
        assert await get_me_through(AiohttpRequest(proxy=proxy.url), fake)
    assert proxy.seen and all("/getMe" in url for url in proxy.seen)


async def test_without_it_the_usual_proxy_variables_are_followed(
        proxy: ForwardProxy, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    async with FakeBotApi(TOKEN) as fake:
        assert await get_me_through(AiohttpRequest(), fake)
    assert proxy.seen


def test_a_bot_api_that_does_not_answer_stops_the_start_with_one_plain_line(
        tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("ICPBOT_", "TELEGRAM_"))}
    env.update(TELEGRAM_BOT_TOKEN=TOKEN, ICPBOT_DATA_DIR=str(tmp_path),
               ICPBOT_TELEGRAM_API_URL=f"http://127.0.0.1:{closed_port()}",
               ICPBOT_SECRET_KEY=Cipher.new_key(), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "bot.cli", "run", "--no-relay"], env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "could not start: the Bot API at http://127.0.0.1:" in done.stderr
    assert "Unclosed client session" not in done.stderr
