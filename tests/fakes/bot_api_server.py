"""Loopback fake Telegram Bot API server for end-to-end tests and benchmarks.

Point PTB at it with ``Bot(token, base_url=api.base_url, base_file_url=api.base_file_url)``
(``base_url`` = ``root_url + "/bot"``). It speaks the HTTP/JSON protocol of
api.telegram.org closely enough for PTB 22: form, multipart and JSON bodies; errors as
HTTP status = ``error_code``; long-polling ``getUpdates``; webhook pushes.

Two ways to run it:

* in the test's own event loop: ``async with FakeBotApi() as api: ...``
* on a private loop in a daemon thread, for sync tests and bots run as subprocesses:
  ``with FakeBotApi().run_in_thread() as api: ...`` (or ``api.run_in_thread()`` … ``api.close()``)

The test control API (``inject_*``, ``sent_messages``, ``fail_next``, ``wait_for_*`` …) is
inherited from ``BotApiState`` (bot_api_state.py) and is thread-safe. A separate process can
use the same control API over HTTP: ``POST {root_url}/_control/{action}`` with the keyword
arguments as a JSON object (bytes as ``data_b64``); see :mod:`tests.fakes.control_client`.

``python -m tests.fakes.bot_api_server --port 8081`` serves it until interrupted.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import functools
import inspect
import ipaddress
import json
import logging
import re
import signal
import threading
import time
import traceback
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any, Self, TypedDict
from urllib.parse import unquote, urlsplit

from aiohttp import ClientError, ClientSession, ClientTimeout, web

from tests.fakes.bot_api_methods import SEND_METHODS, BotApiMethods
from tests.fakes.bot_api_params import Params, Upload
from tests.fakes.bot_api_shapes import (
    CONFLICT_OTHER_POLL,
    CONFLICT_WEBHOOK,
    DEFAULT_TOKEN,
    ApiError,
    JSONDict,
    bad_request,
    error_for,
    ok,
    too_many_requests,
)
from tests.fakes.bot_api_state import PendingUpdate, WebhookConfig

__all__ = ["DEFAULT_TOKEN", "BotKwargs", "FakeBotApi"]

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
MAX_BODY_BYTES = 60 * 1024 * 1024  # Telegram accepts 50 MB documents; leave room for framing
_API_PATH = re.compile(r"^/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)/?$")
_FILE_PATH = re.compile(r"^/file/bot(?P<token>[^/]+)/(?P<path>.+)$")
_CONTROL_PATH = re.compile(r"^/_control/(?P<action>[a-z_]+)/?$")
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
# Telegram's default when allowed_updates is empty: everything except these three.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_DESCRIPTIONS = {"setwebhook": "Webhook was set", "deletewebhook": "Webhook was deleted"}
_CONTROL_ACTIONS = frozenset({
    "set_user", "block_user", "unblock_user", "inject_text", "inject_photo",
    "inject_document", "inject_callback", "press_button", "inject_raw", "inject_duplicate",
    "sent_messages", "last_message", "message", "last_buttons", "answered_callbacks",
    "commands", "all_commands", "chat_actions", "deleted_messages", "pending_updates",
    "requests", "request_counts", "stats", "webhook_info", "fail_next", "delay_next",
    "reset_faults", "enforce_limits", "disable_limits", "route_webhooks",
})



class BotKwargs(TypedDict):
    token: str
    base_url: str
    base_file_url: str


SyncMethod = Callable[[Params], Any]
AsyncMethod = Callable[[Params], Awaitable[Any]]


class FakeBotApi(BotApiMethods):
    """The fake Bot API server; see the module docstring for usage."""

    def __init__(self, token: str = DEFAULT_TOKEN, *, port: int = 0, strict_chats: bool = False,
                 callback_query_ttl: float | None = None, webhook_retry_delay: float = 0.5,
                 max_poll_timeout: float = 50.0, webhook_connections: int = 1) -> None:
        super().__init__(token, strict_chats=strict_chats,
                         callback_query_ttl=callback_query_ttl)
        self.requested_port = port
        self.webhook_retry_delay = webhook_retry_delay
        self.max_poll_timeout = max_poll_timeout
        # Telegram pushes over up to the webhook's max_connections (default 40) at once, each
        # chat's updates in order; 1 (the default here) keeps every push in one global order,
        # which the delivery-order tests rely on; the benchmarks ask for Telegram's way.
        self.webhook_connections = webhook_connections
        self._pushing: dict[int, Any] = {}  # id(item) -> the chat it holds
        self._push_tasks: set[asyncio.Task[None]] = set()
        self.internal_errors: list[str] = []
        self._port: int | None = None
        self._runner: web.AppRunner | None = None
        self._pusher: asyncio.Task[None] | None = None
        self._session: ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        self._thread: threading.Thread | None = None
        self._sync_methods, self._async_methods = self._method_tables()

    # ------------------------------------------------------------------ lifecycle

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeBotApi is not started")
        return self._port

    @property
    def root_url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.root_url}/file/bot"

    def bot_kwargs(self) -> BotKwargs:
        """Keyword arguments for ``telegram.Bot(**api.bot_kwargs())``."""
        return {"token": self.token, "base_url": self.base_url,
                "base_file_url": self.base_file_url}

    async def start(self) -> None:
        app = web.Application(client_max_size=MAX_BODY_BYTES)
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        # A short shutdown_timeout: held long polls must not delay stop() by a minute.
        runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, LOOPBACK, self.requested_port)
        await site.start()
        self._runner = runner
        self._port = int(runner.addresses[0][1])
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        self._closing = False
        self._session = ClientSession(timeout=ClientTimeout(total=5))
        self._pusher = asyncio.create_task(self._push_webhook_updates())

    async def stop(self) -> None:
        with self._lock:
            self._closing = True
        self.notifier.notify()  # release held getUpdates calls with an empty result
        if self._pusher is not None:
            self._pusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pusher
            self._pusher = None
        for task in list(self._push_tasks):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        self._loop_thread = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        await self.stop()

    def run_in_thread(self, timeout: float = 5.0) -> Self:
        """Serve from a private event loop in a daemon thread; returns once listening."""
        if self._runner is not None:
            raise RuntimeError("FakeBotApi is already running")
        ready = threading.Event()
        failure: list[BaseException] = []
        loop = asyncio.new_event_loop()

        def serve() -> None:
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self.start())
            except BaseException as exc:  # surfaced to the caller below
                failure.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            loop.run_forever()
            loop.close()

        self._thread = threading.Thread(target=serve, name="fake-bot-api", daemon=True)
        self._thread.start()
        if not ready.wait(timeout):
            raise TimeoutError(f"fake Bot API did not start within {timeout}s")
        if failure:
            raise failure[0]
        return self

    def close(self, timeout: float = 5.0) -> None:
        """Stop a server started with :meth:`run_in_thread` and join its thread."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None or not thread.is_alive():
            return
        future = asyncio.run_coroutine_threadsafe(self.stop(), loop)
        try:
            future.result(timeout)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout)
            self._thread = None

    def __enter__(self) -> Self:
        if self._thread is None:
            self.run_in_thread()
        return self

    def __exit__(self, exc_type: type[BaseException] | None,
                 exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def _refuse_blocking_on_server_loop(self) -> None:
        if self._loop_thread is not None and threading.get_ident() == self._loop_thread:
            raise RuntimeError("blocking wait on the fake server's own event loop would "
                               "deadlock; use `await api.wait_for_reply(...)` instead")

    # ------------------------------------------------------------------ HTTP routing

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        # PTB percent-encodes the token's colon in file URLs (%3A); decode before matching.
        path = unquote(request.rel_url.raw_path)
        if match := _API_PATH.match(path):
            return await self._handle_api(request, match["token"], match["method"])
        if match := _FILE_PATH.match(path):
            return self._handle_download(match["token"], match["path"])
        if match := _CONTROL_PATH.match(path):
            return await self._handle_control(request, match["action"])
        return _error_response(ApiError(404, "Not Found"))

    async def _handle_api(self, request: web.Request, token: str, method: str
                          ) -> web.StreamResponse:
        key = method.lower()
        name = self._canonical_names.get(key, method)
        started = time.monotonic()
        params = Params({})
        try:
            if token != self.token:
                raise ApiError(401, "Unauthorized")
            if key not in self._canonical_names:
                raise ApiError(404, "Not Found")
            params = await _read_params(request)
            result = await self._call_method(key, params)
            body, status = ok(result, _DESCRIPTIONS.get(key)), 200
        except ApiError as error:
            body, status = error.to_json(), error.status
        except ConnectionResetError:  # the client died mid-request (a bot killed by a test)
            body, status = ApiError(400, "Bad Request: connection lost").to_json(), 400
        except Exception:  # a bug in the fake: answer 500 and keep it visible to tests
            self.internal_errors.append(traceback.format_exc())
            log.exception("fake Bot API failed on %s", name)
            body, status = ApiError(500, "Internal Server Error").to_json(), 500
        self._count(name, params, status, time.monotonic() - started)
        return _json_response(body, status)

    async def _call_method(self, key: str, params: Params) -> Any:
        chat_id = _optional_int(params.values.get("chat_id"))
        with self._lock:
            delay = self.faults.take_delay(key, chat_id)
        if delay:
            await asyncio.sleep(delay)
        self._raise_planned_failure(key, chat_id)
        if key in self._async_methods:
            return await self._async_methods[key](params)
        with self._lock:
            result = self._sync_methods[key](params)
        self.notifier.notify()
        return result

    def _raise_planned_failure(self, key: str, chat_id: int | None) -> None:
        with self._lock:
            rule = self.faults.take_error(key, chat_id)
            if rule is not None and rule.status is not None:
                raise error_for(rule.status, rule.description, rule.retry_after)
            if self.limiter is not None and key in SEND_METHODS:
                retry_after = self.limiter.admit(chat_id, time.monotonic())
                if retry_after is not None:
                    raise too_many_requests(retry_after)

    def _count(self, name: str, params: Params, status: int, seconds: float) -> None:
        with self._lock:
            self.counters.requests[name] += 1
            self.counters.statuses[status] += 1
            if status == 429:
                self.counters.too_many_requests += 1
            self._request_log.append({"method": name, "params": params.loggable(),
                                      "status": status, "seconds": round(seconds, 4)})

    def _handle_download(self, token: str, file_path: str) -> web.StreamResponse:
        data = self.file_bytes(file_path) if token == self.token else None
        with self._lock:
            self.counters.requests["download"] += 1
        if data is None:
            return _error_response(ApiError(404, "Not Found"))
        return web.Response(body=data, content_type="application/octet-stream")

    # ------------------------------------------------------------------ method tables

    def _method_tables(self) -> tuple[dict[str, SyncMethod], dict[str, AsyncMethod]]:
        sync: dict[str, SyncMethod] = {
            "getMe": self.api_get_me, "sendMessage": self.api_send_message,
            "editMessageText": self.api_edit_message_text,
            "editMessageReplyMarkup": self.api_edit_message_reply_markup,
            "answerCallbackQuery": self.api_answer_callback_query,
            "setMyCommands": self.api_set_my_commands, "getMyCommands": self.api_get_my_commands,
            "deleteMyCommands": self.api_delete_my_commands,
            "deleteMessage": self.api_delete_message, "sendChatAction": self.api_send_chat_action,
            "sendDocument": self.api_send_document, "sendPhoto": self.api_send_photo,
            "getFile": self.api_get_file, "setWebhook": self.api_set_webhook,
            "deleteWebhook": self.api_delete_webhook, "getWebhookInfo": self.api_get_webhook_info,
            "getChatMenuButton": self.api_get_chat_menu_button,
            # Cosmetic setup calls a bot may make at start-up; recorded, answered true.
            "setMyDescription": self.api_set_my_description,
            "setMyShortDescription": self.api_set_my_short_description,
            "setMyName": self.api_accept, "setChatMenuButton": self.api_accept,
        }
        asynchronous: dict[str, AsyncMethod] = {"getUpdates": self.api_get_updates}
        self._canonical_names = {name.lower(): name for name in [*sync, *asynchronous]}
        return ({k.lower(): v for k, v in sync.items()},
                {k.lower(): v for k, v in asynchronous.items()})

    # ------------------------------------------------------------------ getUpdates

    async def api_get_updates(self, params: Params) -> Any:
        offset = params.integer("offset")
        limit = min(max(params.integer("limit", 100) or 100, 1), 100)
        timeout = min(max(float(params.integer("timeout", 0) or 0), 0.0), self.max_poll_timeout)
        allowed = params.json("allowed_updates")
        with self._lock:
            if self._webhook is not None:
                raise ApiError(409, CONFLICT_WEBHOOK)
            # A newer getUpdates terminates an older one (Telegram answers it with 409).
            self._poll_generation += 1
            generation = self._poll_generation
            if allowed is not None:
                self._allowed_updates = list(allowed)
            self._confirm(offset)
        self.notifier.notify()

        def settled() -> bool:
            return (self._closing or generation != self._poll_generation
                    or self._webhook is not None or bool(self._deliverable(self._allowed_updates)))

        await self.notifier.wait_async(settled, timeout)
        with self._lock:
            if generation != self._poll_generation and not self._closing:
                raise ApiError(409, CONFLICT_OTHER_POLL)
            if self._webhook is not None:
                raise ApiError(409, CONFLICT_WEBHOOK)
            return self._take_batch(limit)

    def _confirm(self, offset: int | None) -> None:
        """Updates below a positive offset are confirmed and forgotten, as on Telegram."""
        if not offset:
            return
        if offset < 0:
            self._pending = self._pending[offset:]
        else:
            self._pending = [item for item in self._pending
                             if item.forced or item.update["update_id"] >= offset]

    def _deliverable(self, allowed: list[str] | None) -> list[PendingUpdate]:
        wanted = set(allowed) if allowed else None
        return [item for item in self._pending if _update_allowed(item.update, wanted)]

    def _take_batch(self, limit: int) -> list[JSONDict]:
        batch = self._deliverable(self._allowed_updates)[:limit]
        # Replayed duplicates are delivered once; ordinary updates wait for the offset.
        self._pending = [item for item in self._pending
                         if not (item.forced and any(item is b for b in batch))]
        return [json.loads(json.dumps(item.update)) for item in batch]

    # ------------------------------------------------------------------ webhooks

    def api_set_webhook(self, params: Params) -> Any:
        url = params.text("url") or ""
        if not url:
            return self.api_delete_webhook(params)
        _check_webhook_url(url)
        secret = params.text("secret_token")
        if secret is not None and not _SECRET_TOKEN.match(secret):
            raise bad_request("secret token contains unallowed characters")
        if params.flag("drop_pending_updates"):
            self._pending.clear()
        allowed = params.json("allowed_updates")
        self._webhook = WebhookConfig(url, secret, params.integer("max_connections", 40) or 40,
                                      list(allowed) if allowed is not None else None)
        return True

    def api_delete_webhook(self, params: Params) -> Any:
        if params.flag("drop_pending_updates"):
            self._pending.clear()
        self._webhook = None
        return True

    def api_get_webhook_info(self, params: Params) -> Any:
        return self._webhook_info_json()

    async def _push_webhook_updates(self) -> None:
        """Deliver pending updates: up to ``webhook_connections`` at once, one per chat at a
        time, each chat's in order; a failed push is retried after a pause, before any later
        update of its chat."""
        while not self._closing:
            await self.notifier.wait_async(self._has_webhook_work, timeout=1.0)
            with self._lock:
                hook = self._webhook
                starts = self._next_pushes(hook) if hook else []
            for item, urls in starts:
                assert hook is not None
                task = asyncio.create_task(self._push(hook, item, urls))
                self._push_tasks.add(task)
                task.add_done_callback(self._push_tasks.discard)

    def _next_pushes(self, hook: WebhookConfig) -> list[tuple[PendingUpdate, list[str]]]:
        """The updates to push now, with their URLs, marked as in flight. Under the lock."""
        room = min(self.webhook_connections, hook.max_connections) - len(self._pushing)
        held = set(self._pushing.values())
        starts: list[tuple[PendingUpdate, list[str]]] = []
        for item in self._deliverable(hook.allowed_updates):
            if len(starts) >= room:
                break
            chat = _chat_of(item.update)
            if id(item) in self._pushing or chat in held:
                held.add(chat)  # a later update of a chat waits for its earlier one
                continue
            held.add(chat)
            self._pushing[id(item)] = chat
            starts.append((item, self._push_urls(hook)))
        return starts

    async def _push(self, hook: WebhookConfig, item: PendingUpdate, urls: list[str]) -> None:
        try:
            results = await asyncio.gather(*(self._post_update(hook, item.update, url)
                                             for url in urls))
            error = results[0]
            with self._lock:
                if error is None:
                    self._pending = [other for other in self._pending if other is not item]
                    hook.delivered += 1
                else:
                    hook.last_error_date, hook.last_error_message = int(time.time()), error
            self.notifier.notify()
            if error is not None:
                await asyncio.sleep(self.webhook_retry_delay)
        finally:
            with self._lock:
                self._pushing.pop(id(item), None)
            self.notifier.notify()

    def _push_urls(self, hook: WebhookConfig) -> list[str]:
        """Where the next update goes: the registered URL, or the next routed one (and, for
        a planned duplicate, the one after it too). Called under the lock."""
        targets = self._webhook_targets
        if not targets:
            return [hook.url]
        turn = self._target_turn
        self._target_turn += 1
        urls = [targets[turn % len(targets)]]
        if self._duplicate_every and len(targets) > 1 and turn % self._duplicate_every == 0:
            urls.append(targets[(turn + 1) % len(targets)])
        return urls

    def _has_webhook_work(self) -> bool:
        hook = self._webhook
        if self._closing:
            return True
        if hook is None or len(self._pushing) >= min(self.webhook_connections,
                                                     hook.max_connections):
            return False
        held = set(self._pushing.values())
        return any(_chat_of(item.update) not in held and id(item) not in self._pushing
                   for item in self._deliverable(hook.allowed_updates))

    async def _post_update(self, hook: WebhookConfig, update: JSONDict,
                           url: str | None = None) -> str | None:
        """POST one update; return None on 2xx, else the error text Telegram would report."""
        assert self._session is not None
        headers = {"X-Telegram-Bot-Api-Secret-Token": hook.secret_token} \
            if hook.secret_token else {}
        try:
            async with self._session.post(url or hook.url, json=update,
                                          headers=headers) as response:
                if 200 <= response.status < 300:
                    return None
                return f"Wrong response from the webhook: {response.status} {response.reason}"
        except (ClientError, TimeoutError) as exc:
            return f"Connection failed: {exc!r}"

    # ------------------------------------------------------------------ control over HTTP

    async def _handle_control(self, request: web.Request, action: str) -> web.StreamResponse:
        try:
            kwargs = await request.json() if request.can_read_body else {}
            if not isinstance(kwargs, dict):
                raise TypeError("the body must be a JSON object of keyword arguments")
            if "data_b64" in kwargs:
                kwargs["data"] = base64.b64decode(kwargs.pop("data_b64"))
            result = await self._run_control(action, kwargs)
        except (TypeError, ValueError, TimeoutError, KeyError) as exc:
            return _json_response({"ok": False, "description": f"{type(exc).__name__}: {exc}"},
                                  400)
        return _json_response({"ok": True, "result": result}, 200)

    async def _run_control(self, action: str, kwargs: JSONDict) -> Any:
        if action == "wait_for_messages":  # a blocking wait here would stall the server loop
            return await self.wait_for_messages_async(**kwargs)
        if action not in _CONTROL_ACTIONS:
            raise KeyError(f"unknown control action {action!r}")
        target = getattr(self, action)
        result = target(**kwargs) if callable(target) else target
        return await result if inspect.isawaitable(result) else result


async def _read_params(request: web.Request) -> Params:
    """Merge query string and body; PTB posts forms, uploads are multipart, others use JSON."""
    values: dict[str, Any] = dict(request.query)
    files: dict[str, Upload] = {}
    if not request.can_read_body:
        return Params(values, files)
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse JSON body") from None
        if not isinstance(body, dict):
            raise bad_request("the JSON body must be an object")
        values.update(body)
        return Params(values, files)
    for name, value in (await request.post()).items():
        if isinstance(value, web.FileField):
            files[name] = Upload(value.filename, value.content_type, value.file.read())
        else:
            values[name] = value
    return Params(values, files)


def _check_webhook_url(url: str) -> None:
    """Only loopback receivers: the fake must never push updates off this machine."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    is_loopback = host == "localhost"
    with contextlib.suppress(ValueError):
        is_loopback = is_loopback or ipaddress.ip_address(host).is_loopback
    if parts.scheme not in ("http", "https") or not is_loopback:
        raise bad_request("bad webhook: the fake Bot API only delivers to 127.0.0.1")


def _update_allowed(update: JSONDict, wanted: set[str] | None) -> bool:
    kinds = set(update) - {"update_id"}
    if wanted is None:
        return not kinds & _OPT_IN_UPDATES
    return bool(kinds & wanted)


def _optional_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


_dumps = functools.partial(json.dumps, ensure_ascii=False)


def _json_response(body: JSONDict, status: int) -> web.Response:
    return web.json_response(body, status=status, dumps=_dumps)


def _error_response(error: ApiError) -> web.Response:
    return _json_response(error.to_json(), error.status)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the fake Telegram Bot API on loopback")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    args = parser.parse_args(argv)
    api = FakeBotApi(args.token, port=args.port).run_in_thread()
    print(f"fake Bot API at {api.root_url} (token {api.token}); SIGINT/SIGTERM stop it",
          flush=True)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    while not stop.wait(1.0):  # wake regularly so signals are handled promptly
        pass
    api.close()

if __name__ == "__main__":
    main()


def _chat_of(update: JSONDict) -> Any:
    """The chat an update belongs to (updates of one chat are pushed in order)."""
    for kind in ("message", "edited_message", "channel_post", "callback_query"):
        body = update.get(kind)
        if isinstance(body, dict):
            message = body.get("message", body) if kind == "callback_query" else body
            chat = message.get("chat") if isinstance(message, dict) else None
            if isinstance(chat, dict) and "id" in chat:
                return chat["id"]
            sender = body.get("from")
            if isinstance(sender, dict):
                return sender.get("id")
    return None
