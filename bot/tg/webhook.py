"""Our own webhook server (aiohttp) instead of PTB's: the secret token is compared in constant
time, bodies are size-limited, and the back office's signed callback can share the server.

PTB's built-in server compares the secret with ``!=`` and accepts bodies up to tornado's
100 MB; updates are tiny, so anything over ``MAX_UPDATE_BYTES`` is refused unread.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import signal
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from telegram import Update

from bot import http_guard
from bot.callback_body import depth
from bot.tg.lean_updates import lean

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 1024 * 1024
MAX_UPDATE_DEPTH = 32  # a real update nests about 8 deep (a reply's quoted message's …)
BODY_TIMEOUT = 10.0


def webhook_routes(application: Any, path: str, secret: str) -> web.RouteTableDef:
    routes = web.RouteTableDef()

    @routes.post("/" + path.lstrip("/"))
    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            log.warning("webhook request without the right secret token from %s",
                        request.remote)
            return web.Response(status=403)
        try:
            async with asyncio.timeout(BODY_TIMEOUT):
                raw = await request.read()
        except TimeoutError:
            return web.Response(status=408)
        update = _update(raw, application.bot)
        if update is None:
            return web.Response(status=400)
        await application.update_queue.put(update)
        return web.Response(status=200)

    return routes


def webhook_app(application: Any, *, path: str, secret: str,
                extra: list[web.RouteDef] | None = None,
                mounted: dict[str, web.Application] | None = None) -> web.Application:
    """The server's routes: the webhook, ``extra`` routes beside it (the back office's
    callback, with its own smaller body limit) and ``mounted`` applications under their
    prefixes (the web review desk under ``/desk``, with its own middlewares)."""
    web_app = web.Application(client_max_size=MAX_UPDATE_BYTES)
    web_app.add_routes(webhook_routes(application, path, secret))
    if extra:
        web_app.add_routes(extra)
    for prefix, sub_app in (mounted or {}).items():
        web_app.add_subapp(prefix, sub_app)
    return web_app


def _update(raw: bytes, bot: Any) -> Update | None:
    """The update in ``raw``, or None for anything that is not one: not JSON, not an object
    (a list, null, a string), nested beyond any real update, or fields of the wrong type."""
    try:
        data = json.loads(raw, parse_constant=_no_constants)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or depth(data) > MAX_UPDATE_DEPTH:
        return None
    update_id = data.get("update_id")
    if isinstance(update_id, bool) or not isinstance(update_id, int) or not (
            0 <= update_id < 2**63):  # the engine keeps it; Telegram's are 0 < id < 2^31
        return None
    try:
        return Update.de_json(lean(data), bot)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


async def serve_webhook(application: Any, *, listen: str, port: int, path: str,
                        webhook_url: str, secret: str, allowed_updates: list[str],
                        extra: list[web.RouteDef] | None = None,
                        mounted: dict[str, web.Application] | None = None,
                        on_started: Callable[[], Awaitable[None]] | None = None) -> None:
    """Run ``application`` behind our webhook until SIGINT/SIGTERM."""
    web_app = webhook_app(application, path=path, secret=secret, extra=extra, mounted=mounted)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    runner = web.AppRunner(web_app, access_log=None)
    async with application:
        if application.post_init is not None:
            await application.post_init(application)
        await application.bot.set_webhook(webhook_url, secret_token=secret,
                                          allowed_updates=allowed_updates)
        await application.start()
        await runner.setup()
        server, _ = await http_guard.start(runner, listen, port)  # slow clients are cut
        log.info("serving the webhook on %s:%s/%s", listen, port, path)
        if on_started is not None:
            await on_started()
        await stop.wait()
        server.close()
        await runner.cleanup()
        await application.stop()
        if application.post_stop is not None:
            await application.post_stop(application)
