"""``/healthz``, ``/readyz`` and ``/metrics`` for the bot's HTTP server (webhook mode), or for
a small server of their own (``icpbot run --health-port N`` in polling mode).

/healthz answers 200 while the process runs. /readyz answers 200 when the database answers
within a few seconds, its migrations are current and the Bot API answers getMe; else 503, with
what failed in the JSON body. Load balancers and orchestrators route by /readyz and restart by
/healthz, so a database outage takes workers out of rotation without restarting them.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot import metrics
from storage.readiness import check_database
from storage.stats import snapshot

log = logging.getLogger(__name__)
CHECK_TIMEOUT = 5.0  # seconds for each readiness check

BotCheck = Callable[[], Awaitable[object]]


class Health:
    def __init__(self, database_url: str, bot_check: BotCheck | None = None,
                 sessions: Any = None) -> None:
        self._url = database_url
        self.bot_check = bot_check
        self._snapshot = functools.partial(snapshot, sessions) if sessions else None

    async def ready(self) -> tuple[bool, dict[str, str]]:
        try:
            checks = await asyncio.wait_for(asyncio.to_thread(check_database, self._url),
                                            CHECK_TIMEOUT)
        except TimeoutError:
            checks = {"database": "no answer in time", "migrations": "unknown"}
        if self.bot_check is not None:
            try:
                await asyncio.wait_for(self.bot_check(), CHECK_TIMEOUT)
                checks["bot_api"] = "ok"
            except Exception as error:  # any failure means "not ready"
                checks["bot_api"] = f"unreachable: {type(error).__name__}"
        return all(value == "ok" for value in checks.values()), checks

    def routes(self) -> list[web.RouteDef]:
        async def healthz(_request: web.Request) -> web.Response:
            return web.json_response({"status": "ok"})

        async def readyz(_request: web.Request) -> web.Response:
            ok, checks = await self.ready()
            if not ok:
                log.warning("not ready: %s", checks)
            return web.json_response({"status": "ok" if ok else "unavailable", **checks},
                                     status=200 if ok else 503)

        async def metrics_text(_request: web.Request) -> web.Response:
            try:
                body = await asyncio.to_thread(metrics.exposition, self._snapshot)
            except Exception:  # database down: this process's own metrics still count
                log.warning("database figures left out of /metrics", exc_info=True)
                body = await asyncio.to_thread(metrics.exposition, None)
            return web.Response(body=body, headers={"Content-Type": metrics.CONTENT_TYPE})

        return [web.get("/healthz", healthz), web.get("/readyz", readyz),
                web.get("/metrics", metrics_text)]


class HealthServer:
    """The three endpoints on a port of their own (polling mode has no HTTP server)."""

    def __init__(self, health: Health, listen: str, port: int) -> None:
        self._health = health
        self._listen = listen
        self._port = port
        self._runner: web.AppRunner | None = None

    async def start(self, *_args: Any) -> None:
        web_app = web.Application()
        web_app.add_routes(self._health.routes())
        self._runner = web.AppRunner(web_app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self._listen, self._port).start()
        log.info("health and metrics on http://%s:%s/ (healthz, readyz, metrics)",
                 self._listen, self._port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
