"""`icpbot` with a performance lever pulled, for bench/telegram_bench.py ``--variant``.

    python bench/bot_variant.py VARIANT[,VARIANT…] run [icpbot run arguments]

Variants (combine with commas):
  cap20     interactive replies capped at 20 messages/s overall (the former default;
            the same as ICPBOT_REPLY_RATE=20)
  httpx     PTB's own HTTPXRequest instead of bot/tg/aiohttp_request.py (the former
            default), same pool size and timeouts
  sniffio   sniffio importable (httpcore otherwise tries, and fails, to import it for every
            lock it creates); needs BENCH_SNIFFIO_PATH, a directory holding the package
            (`pip install --target DIR sniffio`), which is not a project dependency
  serial    concurrent_updates off (one update at a time, as in PTB's default)
  parse     the answers of sendMessage/editMessageReplyMarkup parsed into telegram.Message
            objects, as PTB's send_message does (the former path)
  poolN     N connections (e.g. pool64) for the Bot API calls instead of app.CONNECTION_POOL
  inline    the engine turn on the event loop (Engine.handle_sync) instead of in a worker
            thread (asyncio.to_thread); the default with SQLite since #16
  threaded  every engine turn in a worker thread (asyncio.to_thread), as before #16
  pooled    SQLite turns on up to 8 connections handed over between threads instead of the
            one connection under a lock; with ``threaded``, concurrent writers queue on
            SQLite's write lock (busy-waits), the convoy before #16
  fullsync  SQLite PRAGMA synchronous=FULL (every commit fsynced) instead of NORMAL
  switch    sys.setswitchinterval(0.0005) instead of 5 ms (how soon a thread waiting for the
            GIL gets it from a busy one)
  sequential  a tap's three Bot API calls (answer, remove the keyboard, next question) one
            after the other, as before, instead of together
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

VARIANTS = {"cap20", "httpx", "sniffio", "serial", "sequential", "parse", "inline", "switch",
            "threaded", "pooled", "fullsync"}


def apply(variants: list[str]) -> None:
    from telegram.ext import ApplicationBuilder

    from bot.tg import app, convert, handlers

    unknown = {v for v in variants if not v.startswith("pool")} - VARIANTS
    if unknown:
        raise SystemExit(f"unknown variants: {', '.join(sorted(unknown))}")
    if "cap20" in variants:
        app.REPLY_RATE = 20.0
    if "sniffio" in variants:
        path = os.environ.get("BENCH_SNIFFIO_PATH")
        if path:
            sys.path.insert(0, path)
        import sniffio  # noqa: F401  (fails loudly when it is not there)
    if "httpx" in variants:
        from telegram.request import HTTPXRequest

        def httpx(pool: int | None = None) -> Any:
            return HTTPXRequest(connection_pool_size=pool or app.CONNECTION_POOL,
                                connect_timeout=app.CONNECT_TIMEOUT,
                                read_timeout=app.READ_TIMEOUT, write_timeout=app.WRITE_TIMEOUT,
                                pool_timeout=app.POOL_TIMEOUT)

        app._http = httpx  # type: ignore[assignment]
    if "serial" in variants:
        concurrent = ApplicationBuilder.concurrent_updates

        def serial(self: Any, value: Any) -> Any:
            return concurrent(self, False)

        ApplicationBuilder.concurrent_updates = serial  # type: ignore[method-assign]
    if "sequential" in variants:
        async def one_by_one(*calls: Any) -> None:
            for call in calls:
                await call

        handlers.together = one_by_one  # type: ignore[assignment]
    for variant in variants:
        if variant.startswith("pool"):
            app.CONNECTION_POOL = int(variant.removeprefix("pool"))
    if "inline" in variants:
        from dialogs.engine import Engine

        async def inline(self: Any, *args: Any) -> Any:
            return self.handle_sync(*args)

        Engine.handle = inline  # type: ignore[method-assign]
    if "threaded" in variants:
        import asyncio

        from dialogs.engine import Engine

        async def threaded(self: Any, *args: Any) -> Any:
            return await asyncio.to_thread(self.handle_sync, *args)

        Engine.handle = threaded  # type: ignore[method-assign]
    if "pooled" in variants:
        from storage import turns

        turns.HotConnection.__init__ = _pooled(turns.HotConnection.__init__)  # type: ignore
    if "fullsync" in variants:
        from storage import db

        pragmas = db._sqlite_pragmas

        def full(connection: Any, record: Any) -> None:
            pragmas(connection, record)
            connection.execute("PRAGMA synchronous=FULL")

        db._sqlite_pragmas = full
    if "switch" in variants:
        sys.setswitchinterval(0.0005)
    if "parse" in variants:
        from telegram import Message

        async def parsed(bot: Any, method: str, parameters: dict[str, Any]) -> Any:
            result = await bot._post(method, parameters)
            return Message.de_json(result, bot) if isinstance(result, dict) else result

        convert.call = parsed


def _pooled(init: Any) -> Any:
    """HotConnection with a connection per concurrent caller, as for PostgreSQL."""
    def pooled(self: Any, engine: Any, keep: int = 8) -> None:
        init(self, engine, keep)
        self._engine = engine
        self._sqlite = False  # a pooled connection per call, never held

    return pooled


def main() -> int:
    apply(sys.argv[1].split(","))
    from bot.cli import main as icpbot

    return icpbot(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
