"""The Telegram channel: the PTB Application built from the App, ``run_bot`` and ``dispatch``.

``icpbot run`` polls by default, or serves a webhook (``--webhook-url``; the secret token of
ICPBOT_WEBHOOK_SECRET is checked on every request). The outbox relay runs beside the bot as a
background task with its own Bot and rate limiter, so that notifications never delay replies.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ExtBot,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.bootstrap import App
from bot.callback_api import callback_routes
from bot.config import Settings
from bot.relay import Relay
from bot.tg import commands
from bot.tg.aiohttp_request import AiohttpRequest
from bot.tg.convert import CallbackBook
from bot.tg.errors import ErrorReporter
from bot.tg.handlers import Handlers, ReviewDesk
from bot.tg.notifier import TelegramNotifier
from bot.tg.ratelimit import BotRateLimiter
from bot.tg.webhook import serve_webhook

log = logging.getLogger(__name__)

TELEGRAM_ROOT = "https://api.telegram.org"
# Interactive replies have no overall cap by default: users pace them (one answer per input,
# and the engine's FloodGuard refuses floods), while Telegram's ~30 messages/s is a limit on
# bulk sending. A 429 is honoured: PTB's AIORateLimiter holds every request back for its
# retry_after and sends again (FLOOD_RETRIES). ICPBOT_REPLY_RATE=N (messages/s) caps them.
REPLY_RATE_VARIABLE = "ICPBOT_REPLY_RATE"
REPLY_RATE: float | None = None  # None: no overall cap
RELAY_RATE = 10.0  # notifications/s overall while the bot also answers users (bulk: capped)
DISPATCH_RATE = 28.0  # notifications/s for a standalone relay (`icpbot dispatch`): just
# under Telegram's ~30/s, since no interactive replies share the budget
RELAY_RECIPIENTS = ("telegram:",)
RELAY_PER_CHAT_RATE = 1.0  # notifications/s to one chat
FLOOD_RETRIES = 3  # RetryAfter on a reply: wait retry_after and send again, this often
NETWORK_RETRIES = 3  # 5xx or connection refused on a reply: back off and send again
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
WRITE_TIMEOUT = 20.0  # uploads
POOL_TIMEOUT = 5.0
POLL_TIMEOUT = 10  # long-poll seconds of getUpdates
CONNECTION_POOL = 16  # kept-alive connections for the Bot API calls of one Bot
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]  # all the handlers look at
RELAY_STOP_TIMEOUT = 5.0

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def api_urls(settings: Settings) -> tuple[str, str]:
    """ICPBOT_TELEGRAM_API_URL (a root such as http://HOST:PORT) → base_url, base_file_url."""
    root = (settings.telegram_api_url or TELEGRAM_ROOT).rstrip("/")
    return f"{root}/bot", f"{root}/file/bot"


def _token(settings: Settings) -> str:
    if not settings.telegram_token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    return settings.telegram_token


def reply_rate(env: Mapping[str, str] | None = None) -> float | None:
    """ICPBOT_REPLY_RATE: messages/s for interactive replies; unset, empty or 0: no cap.
    ValueError for anything but a number ≥ 0."""
    value = (os.environ if env is None else env).get(REPLY_RATE_VARIABLE, "").strip()
    if not value:
        return REPLY_RATE
    rate = float(value)
    if not rate >= 0 or rate == float("inf"):
        raise ValueError(f"{REPLY_RATE_VARIABLE} must be a number of messages/s ≥ 0")
    return rate or None


def _http(pool: int | None = None) -> AiohttpRequest:
    """PTB's HTTP backend on aiohttp (see bot/tg/aiohttp_request.py for why not httpx);
    ``pool`` connections (CONNECTION_POOL)."""
    return AiohttpRequest(connection_pool_size=pool or CONNECTION_POOL,
                          connect_timeout=CONNECT_TIMEOUT,
                          read_timeout=READ_TIMEOUT, write_timeout=WRITE_TIMEOUT,
                          pool_timeout=POOL_TIMEOUT)


def build_application(app: App, *, request: BaseRequest | None = None,
                      relay: RelayTask | None = None,
                      review_desk: ReviewDesk | None = None,
                      rate: float | None = REPLY_RATE) -> AnyApplication:
    """The Application with our handlers; ``request`` replaces HTTP (tests), ``relay`` runs
    the outbox relay from start-up to shut-down, ``rate`` caps interactive replies
    (messages/s; None: no cap, 429s are still honoured)."""
    settings = app.settings
    base_url, base_file_url = api_urls(settings)
    limiter = BotRateLimiter(overall_max_rate=rate or 0, max_retries=FLOOD_RETRIES,
                             network_retries=NETWORK_RETRIES)
    builder = (ApplicationBuilder().token(_token(settings)).base_url(base_url)
               .base_file_url(base_file_url).rate_limiter(limiter).concurrent_updates(True))
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    else:  # getUpdates has a connection of its own, as in PTB's default
        builder = builder.request(_http()).get_updates_request(_http(pool=1))

    async def post_init(application: AnyApplication) -> None:
        await commands.publish(application.bot, app.translators, settings.admin_ids)
        if relay is not None:  # shares the button aliases: reviewers tap pushed buttons
            await relay.start(handlers.book)

    async def post_stop(application: AnyApplication) -> None:
        if relay is not None:
            await relay.stop()

    application = builder.post_init(post_init).post_stop(post_stop).build()
    handlers = Handlers(app.engine, app.translators, lambda key: _stored_locale(app, key),
                        review_desk)
    register(application, handlers, settings.admin_ids, separate_desk=review_desk is not None)
    application.add_error_handler(ErrorReporter(app.translators,
                                                lambda key: _stored_locale(app, key)))
    return application


def register(application: AnyApplication, handlers: Handlers, admin_ids: frozenset[int],
             *, separate_desk: bool = False) -> None:
    """The handlers; reviewers' commands reach the engine (it knows the reviewers) unless a
    separate review desk is plugged in."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    if admin_ids and separate_desk:  # the hook: reviewers' commands, reviewers only
        application.add_handler(CommandHandler(
            commands.reviewer_command_names(), handlers.on_reviewer_command,
            filters=filters.User(user_id=admin_ids) & filters.UpdateType.MESSAGE))
    application.add_handler(MessageHandler(private & filters.COMMAND, handlers.on_command))
    application.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND,
                                           handlers.on_text))
    application.add_handler(MessageHandler(private & (filters.PHOTO | filters.Document.ALL),
                                           handlers.on_file))
    application.add_handler(CallbackQueryHandler(handlers.on_callback))


def _stored_locale(app: App, key: str) -> str | None:
    profile = app.store.load_profile(key)
    return profile.locale if profile is not None else None


# --- the relay ----------------------------------------------------------------------------


def relay_bot(settings: Settings, rate: float = RELAY_RATE) -> ExtBot[int]:
    """A Bot of its own for notifications: its own connections, rate and flood waits."""
    base_url, base_file_url = api_urls(settings)
    limiter: BotRateLimiter = BotRateLimiter(overall_max_rate=rate, max_retries=0,
                                             per_chat_rate=RELAY_PER_CHAT_RATE, smooth=True)
    return ExtBot(_token(settings), base_url=base_url, base_file_url=base_file_url,
                  request=_http(), get_updates_request=_http(pool=1), rate_limiter=limiter)


def make_relay(app: App, bot: ExtBot[int], book: CallbackBook | None = None) -> Relay:
    return app.relay(TelegramNotifier(bot, book), RELAY_RECIPIENTS)


class RelayTask:
    """Runs ``Relay.run_forever`` in the background while the bot runs."""

    def __init__(self, app: App, interval: float = 1.0) -> None:
        self._app = app
        self._interval = interval
        self._stop = asyncio.Event()
        self._bot: ExtBot[int] | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self, book: CallbackBook | None = None) -> None:
        self._stop = asyncio.Event()
        self._bot = relay_bot(self._app.settings)
        await self._bot.initialize()
        relay = make_relay(self._app, self._bot, book)
        self._task = asyncio.create_task(
            relay.run_forever(self._stop, self._interval, scan=self._app.reminders.scan),
            name="outbox-relay")

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            try:
                await asyncio.wait_for(self._task, RELAY_STOP_TIMEOUT)
            except TimeoutError:
                log.warning("the outbox relay did not stop in time; its rows will be retried")
            self._task = None
        if self._bot is not None:
            await self._bot.shutdown()
            self._bot = None


# --- entry points (bot.cli) ---------------------------------------------------------------


def run_bot(app: App, *, webhook_url: str | None = None, listen: str = "127.0.0.1",
            port: int = 8443) -> int:
    """``icpbot run``: serve until SIGINT/SIGTERM; 0 on a clean stop, 2 on bad settings."""
    secret = app.settings.webhook_secret
    if webhook_url and not secret:
        log.error("webhook mode needs ICPBOT_WEBHOOK_SECRET (1-256 characters A-Z a-z 0-9 _ -)")
        return 2
    try:
        rate = reply_rate({REPLY_RATE_VARIABLE: app.settings.reply_rate})
    except ValueError:
        log.error("%s must be a number of messages/s (0 or unset: no cap)", REPLY_RATE_VARIABLE)
        return 2
    _quiet_libraries()
    application = build_application(app, relay=RelayTask(app), rate=rate)
    if webhook_url:
        assert secret is not None
        # Our own server, not PTB's: constant-time secret check and a body limit (webhook.py);
        # the back office's signed callback is served beside it when its secret is set.
        extra = None
        if app.settings.callback_secret:
            extra = callback_routes(app.filing, app.settings.callback_secret)
        asyncio.run(serve_webhook(application, listen=listen, port=port,
                                  path=urlsplit(webhook_url).path, webhook_url=webhook_url,
                                  secret=secret, allowed_updates=ALLOWED_UPDATES, extra=extra))
    else:
        log.info("polling for updates")
        application.run_polling(poll_interval=0, timeout=POLL_TIMEOUT,
                                allowed_updates=ALLOWED_UPDATES)
    return 0


def dispatch(app: App, *, once: bool = False) -> int:
    """``icpbot dispatch``: the relay on its own (``once``: send what is due, then exit)."""
    _quiet_libraries()
    return asyncio.run(_dispatch(app, once))


def _quiet_libraries() -> None:
    """httpx logs every request URL, and so the bot token; transitions logs every step."""
    for name in ("httpx", "transitions"):
        logging.getLogger(name).setLevel(logging.WARNING)


async def _dispatch(app: App, once: bool) -> int:
    async with relay_bot(app.settings, DISPATCH_RATE) as bot:
        relay = make_relay(app, bot)
        if once:
            while await relay.run_once():
                pass
            return 0
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):  # not on Windows
                loop.add_signal_handler(signum, stop.set)
        await relay.run_forever(stop, scan=app.reminders.scan)
    return 0
