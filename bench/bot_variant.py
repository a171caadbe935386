"""`icpbot` with a performance lever pulled, for bench/telegram_bench.py ``--variant``.

    python bench/bot_variant.py VARIANT[,VARIANT…] run [icpbot run arguments]

Variants (combine with commas):
  nolimit   interactive replies not capped at REPLY_RATE (20/s): what the bot could do
            without Telegram's flood limits
  aiohttp   PTB's HTTP stack is bot/tg/aiohttp_request.py instead of httpx
  sniffio   sniffio importable (httpcore otherwise tries, and fails, to import it for every
            lock it creates); needs BENCH_SNIFFIO_PATH, a directory holding the package
            (`pip install --target DIR sniffio`), which is not a project dependency
  serial    concurrent_updates off (one update at a time, as in PTB's default)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def apply(variants: list[str]) -> None:
    from telegram.ext import ApplicationBuilder

    from bot.tg import app

    if "nolimit" in variants:
        app.REPLY_RATE = 1_000_000.0
    if "sniffio" in variants:
        path = os.environ.get("BENCH_SNIFFIO_PATH")
        if path:
            sys.path.insert(0, path)
        import sniffio  # noqa: F401  (fails loudly when it is not there)
    if "aiohttp" in variants:
        from bot.tg.aiohttp_request import AiohttpRequest

        original = app.build_application

        def build_application(*args: Any, **kwargs: Any) -> Any:
            kwargs.setdefault("request", AiohttpRequest(
                connection_pool_size=16, read_timeout=app.READ_TIMEOUT + app.POLL_TIMEOUT))
            return original(*args, **kwargs)

        app.build_application = build_application  # type: ignore[assignment]
    if "serial" in variants:
        concurrent = ApplicationBuilder.concurrent_updates

        def serial(self: Any, value: Any) -> Any:
            return concurrent(self, False)

        ApplicationBuilder.concurrent_updates = serial  # type: ignore[method-assign]
    unknown = set(variants) - {"nolimit", "aiohttp", "sniffio", "serial"}
    if unknown:
        raise SystemExit(f"unknown variants: {', '.join(sorted(unknown))}")


def main() -> int:
    apply(sys.argv[1].split(","))
    from bot.cli import main as icpbot

    return icpbot(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
