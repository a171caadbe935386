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
from collections.abc import Callable, Mapping
from typing import Any, cast
from urllib.parse import urlsplit

from telegram import Update
from telegram.error import InvalidToken, NetworkError
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

from bot.bootstrap import App, desk_app
from bot.callback_api import callback_routes
from bot.config import Settings
from bot.health import Health, HealthServer
from bot.housekeeping import housekeeping_for
from bot.metrics import RELAY_LEADER, MeasuredEngine
from bot.relay import Relay
from bot.relay_leader import lead_when_elected
from bot.tg import commands
from bot.tg.aiohttp_request import AiohttpRequest, UpdatesRequest
from bot.tg.convert import CHANNEL, CallbackBook
from bot.tg.deeplinks import DeepLinks
from bot.tg.errors import ErrorReporter
from bot.tg.handlers import Handlers, ReviewDesk
from bot.tg.notices import NoticeEditor
from bot.tg.notifier import TelegramNotifier
from bot.tg.ratelimit import BotRateLimiter
from bot.tg.webhook import serve_webhook
from dialogs.engine import Engine
from filing.errors import StorageUnavailable
from storage.relay_lease import relay_lease

log = logging.getLogger(__name__)
DESK_PREFIX = "/desk"  # where ICPBOT_WEB_DESK mounts the review desk beside the webhook

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


def _http(settings: Settings, pool: int | None = None, *,
          updates: bool = False) -> AiohttpRequest:
    """PTB's HTTP backend on aiohttp (see bot/tg/aiohttp_request.py for why not httpx);
    ``pool`` connections (CONNECTION_POOL), through ICPBOT_PROXY_URL when it is set;
    ``updates``: the one for getUpdates, which trims tapped keyboards before parsing."""
    kind = UpdatesRequest if updates else AiohttpRequest
    return kind(connection_pool_size=pool or CONNECTION_POOL,
                          connect_timeout=CONNECT_TIMEOUT,
                          read_timeout=READ_TIMEOUT, write_timeout=WRITE_TIMEOUT,
                          pool_timeout=POOL_TIMEOUT, proxy=settings.proxy_url)


def build_application(app: App, *, request: BaseRequest | None = None,
                      relay: RelayTask | None = None,
                      review_desk: ReviewDesk | None = None,
                      rate: float | None = REPLY_RATE,
                      services: tuple[Any, ...] = ()) -> AnyApplication:
    """The Application with our handlers; ``request`` replaces HTTP (tests), ``relay`` runs
    the outbox relay from start-up to shut-down, ``rate`` caps interactive replies
    (messages/s; None: no cap, 429s are still honoured); ``services`` (start()/stop(), e.g.
    the health server) run from start-up to shut-down."""
    settings = app.settings
    base_url, base_file_url = api_urls(settings)
    limiter = BotRateLimiter(overall_max_rate=rate or 0, max_retries=FLOOD_RETRIES,
                             network_retries=NETWORK_RETRIES)
    builder = (ApplicationBuilder().token(_token(settings)).base_url(base_url)
               .base_file_url(base_file_url).rate_limiter(limiter).concurrent_updates(True))
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    else:  # getUpdates has a connection of its own, as in PTB's default
        builder = builder.request(_http(settings)).get_updates_request(
            _http(settings, pool=1, updates=True))

    async def post_init(application: AnyApplication) -> None:
        await commands.publish(application.bot, app.translators, settings.admin_ids,
                               lambda admin: _reviewer_locale(app, admin))
        if relay is not None:  # shares the button aliases: reviewers tap pushed buttons
            await relay.start(handlers.book)
        for service in services:
            await service.start()

    async def post_stop(application: AnyApplication) -> None:
        for service in services:
            await service.stop()
        if relay is not None:
            await relay.stop()

    application = builder.post_init(post_init).post_stop(post_stop).build()
    measured = cast(Engine, MeasuredEngine(app.engine))  # counts and times every turn
    handlers = Handlers(measured, app.translators, lambda key: _stored_locale(app, key),
                        review_desk, deep_links=deep_links(app),
                        admin_ids=settings.admin_ids, notices=app.reviewer_notices)
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


def _reviewer_locale(app: App, user_id: int) -> str:
    """A reviewer's language: the one stored for their chat (private chat id = user id)."""
    try:
        return _stored_locale(app, f"{CHANNEL}:{user_id}") or "en"
    except StorageUnavailable:
        return "en"


def deep_links(app: App) -> DeepLinks:
    """Links into the bot, signed with a key derived from the secret key(s)."""
    return DeepLinks(app.settings.keys(), app.flows.keys())


# --- the relay ----------------------------------------------------------------------------


def relay_bot(settings: Settings, rate: float | None = None) -> ExtBot[int]:
    """A Bot of its own for notifications: its own connections, rate and flood waits."""
    base_url, base_file_url = api_urls(settings)
    rate = rate or settings.relay_rate or RELAY_RATE
    limiter: BotRateLimiter = BotRateLimiter(overall_max_rate=rate, max_retries=0,
                                             per_chat_rate=RELAY_PER_CHAT_RATE, smooth=True)
    return ExtBot(_token(settings), base_url=base_url, base_file_url=base_file_url,
                  request=_http(settings), get_updates_request=_http(settings, pool=1),
                  rate_limiter=limiter)


def make_relay(app: App, bot: ExtBot[int], book: CallbackBook | None = None) -> Relay:
    """The relay for Telegram recipients; it also keeps reviewers' notices current."""
    book = book or CallbackBook()
    editor = NoticeEditor(bot, app.reviewer_notices, app.filing.get, app.translators,
                          lambda key: _stored_locale(app, key), book)
    return app.relay(TelegramNotifier(bot, book, app.reviewer_notices), RELAY_RECIPIENTS,
                     observers=(editor,))


class RelayTask:
    """Runs ``Relay.run_forever`` in the background while the bot runs, whenever this process
    holds the deployment's relay lease (bot/relay_leader.py)."""

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
            lead(self._app, relay, self._stop, self._interval), name="outbox-relay-election")

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


async def lead(app: App, relay: Relay, stop: asyncio.Event, interval: float = 1.0) -> None:
    """The relay's loop while elected; reminders and retention run in the leader only."""
    housekeeping = housekeeping_for(app)

    async def run(relay_stop: asyncio.Event) -> None:
        RELAY_LEADER.set(1)
        try:
            await relay.run_forever(relay_stop, interval, scan=housekeeping.scan)
        finally:
            RELAY_LEADER.set(0)

    await lead_when_elected(relay_lease(app.database_url, app.settings.data_dir), run, stop)


def health_for(app: App) -> Health:
    """Readiness of the database; the Bot API check is added once the Application exists."""
    return Health(app.database_url, sessions=app.sessions)


def check_bot_api(application: AnyApplication) -> Any:
    async def get_me() -> object:  # short timeouts: a probe must not hang
        return await application.bot.get_me(read_timeout=3, connect_timeout=3,
                                            write_timeout=3, pool_timeout=3)

    return get_me


def run_bot(app: App, *, webhook_url: str | None = None, listen: str = "127.0.0.1",
            port: int = 8443, relay: bool = True, health_port: int | None = None) -> int:
    """``icpbot run``: serve until SIGINT/SIGTERM; 0 on a clean stop, 2 on bad settings.
    ``relay``: compete for sending the notifications; ``health_port``: polling mode's
    /healthz, /readyz and /metrics (webhook mode serves them beside the webhook)."""
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
    app.warm_up_knowledge()
    app.warm_up_flows()
    health = health_for(app)
    services: tuple[Any, ...] = ()
    if health_port is not None and not webhook_url:
        services = (HealthServer(health, listen, health_port),)
    application = build_application(app, relay=RelayTask(app) if relay else None, rate=rate,
                                    services=services)
    health.bot_check = check_bot_api(application)
    if webhook_url:
        assert secret is not None
        # Our own server, not PTB's: constant-time secret check and a body limit (webhook.py);
        # the back office's signed callback is served beside it when its secret is set.
        extra = health.routes()
        if app.settings.callback_secret:
            extra += callback_routes(app.filing, app.settings.callback_secret)
        mounted = None
        if app.settings.web_desk:  # the review desk beside the webhook, under /desk/
            mounted = {DESK_PREFIX: desk_app(app, secure_cookies=webhook_url.startswith("https"))}
            log.info("the web review desk is served under %s/", DESK_PREFIX)
        serve = serve_webhook(application, listen=listen, port=port,
                              path=urlsplit(webhook_url).path, webhook_url=webhook_url,
                              secret=secret, allowed_updates=ALLOWED_UPDATES, extra=extra,
                              mounted=mounted)
        return start_or_explain(app.settings, application, lambda: asyncio.run(serve))
    if app.settings.web_desk:
        log.warning("ICPBOT_WEB_DESK mounts the desk beside the webhook only; when polling, "
                    "serve it with `icpbot web`")
    log.info("polling for updates")
    return start_or_explain(app.settings, application, lambda: application.run_polling(
        poll_interval=0, timeout=POLL_TIMEOUT, allowed_updates=ALLOWED_UPDATES))


def start_or_explain(settings: Settings, application: AnyApplication,
                     run: Callable[[], object]) -> int:
    """Run the bot; if it cannot start (Bot API unreachable, token refused), say so in one
    line instead of a traceback, and close the HTTP sessions PTB leaves open then (its
    shutdown skips a Bot whose initialize failed: "Unclosed client session")."""
    try:
        run()
    except (InvalidToken, NetworkError) as error:
        root = settings.telegram_api_url or TELEGRAM_ROOT
        if isinstance(error, InvalidToken):
            log.error("could not start: %s refused the token (TELEGRAM_BOT_TOKEN): %s",
                      root, error.message)
        else:
            log.error("could not start: the Bot API at %s did not answer (%s); check the "
                      "network, ICPBOT_PROXY_URL / HTTPS_PROXY and ICPBOT_TELEGRAM_API_URL",
                      root, error.message)
        asyncio.run(_close_http(application))
        return 1
    return 0


async def _close_http(application: AnyApplication) -> None:
    for request in application.bot._request:  # PTB keeps (getUpdates, everything else)
        await request.shutdown()


def dispatch(app: App, *, once: bool = False) -> int:
    """``icpbot dispatch``: the relay on its own (``once``: send what is due, then exit)."""
    _quiet_libraries()
    return asyncio.run(_dispatch(app, once))


def _quiet_libraries() -> None:
    """httpx logs every request URL, and so the bot token; transitions logs every step."""
    for name in ("httpx", "transitions"):
        logging.getLogger(name).setLevel(logging.WARNING)


async def _dispatch(app: App, once: bool) -> int:
    async with relay_bot(app.settings, app.settings.relay_rate or DISPATCH_RATE) as bot:
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
        await lead(app, relay, stop)
    return 0
