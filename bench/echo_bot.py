"""The baseline of the Telegram benchmark: a bare python-telegram-bot echo bot.

Default ApplicationBuilder (no rate limiter, updates one at a time), one handler that sends
the text back. Configured like `icpbot run` from TELEGRAM_BOT_TOKEN and
ICPBOT_TELEGRAM_API_URL; ``--webhook-url URL --port N`` serves a webhook instead of polling.

    .venv/bin/python bench/echo_bot.py [--webhook-url URL --port N]
"""

from __future__ import annotations

import argparse
import os
from urllib.parse import urlsplit

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_chat is not None and update.effective_message is not None
    await context.bot.send_message(update.effective_chat.id, update.effective_message.text or "")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--webhook-url")
    parser.add_argument("--port", type=int, default=8443)
    args = parser.parse_args()
    root = os.environ.get("ICPBOT_TELEGRAM_API_URL", "https://api.telegram.org").rstrip("/")
    application = (ApplicationBuilder().token(os.environ["TELEGRAM_BOT_TOKEN"])
                   .base_url(f"{root}/bot").base_file_url(f"{root}/file/bot").build())
    application.add_handler(MessageHandler(filters.TEXT, echo))
    if args.webhook_url:
        application.run_webhook(listen="127.0.0.1", port=args.port,
                                url_path=urlsplit(args.webhook_url).path.lstrip("/"),
                                webhook_url=args.webhook_url,
                                secret_token=os.environ.get("ICPBOT_WEBHOOK_SECRET"))
    else:
        application.run_polling()


if __name__ == "__main__":
    main()
