"""A python-telegram-bot HTTP backend on aiohttp (a dependency already), instead of httpx.

``icpbot run`` and ``icpbot dispatch`` use it (bot/tg/app.py). Measured by
bench/telegram_bench.py under load with py-spy: with 50 users in flight, PTB's HTTPXRequest
spent about 65 % of the bot's samples in httpx/httpcore — httpcore's connection pool scans
every connection for every queued request (``_assign_requests_to_connections``, the
``is_idle``/``has_expired`` checks call ``getpeername`` and a socket poll), and without
sniffio installed httpcore searches ``sys.path`` for it on every lock it creates. This
backend costs a fraction of that per call; see README "Performance".

Requests without files go as one JSON body (``application/json``, which the Bot API
accepts): one ``json.dumps`` instead of PTB's per-value encoding plus a url-encoded (or
multipart) form. Requests with files go as multipart/form-data, like PTB's own backend.
"""

from __future__ import annotations

import json
from typing import Any, cast
from urllib.parse import urlsplit
from urllib.request import (  # type: ignore[attr-defined]  # not in typeshed
    getproxies_environment,
    proxy_bypass_environment,
)

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import JSONDict, ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.tg.lean_updates import lean_batch

JSON_HEADERS = {"Content-Type": "application/json"}
MAX_CACHED_TIMEOUTS = 32  # distinct (read, write, connect, pool) combinations


class AiohttpRequest(BaseRequest):
    """One aiohttp ClientSession with up to ``connection_pool_size`` kept-alive connections."""

    def __init__(self, connection_pool_size: int = 8, read_timeout: float | None = 5.0,
                 write_timeout: float | None = 5.0, connect_timeout: float | None = 5.0,
                 pool_timeout: float | None = 1.0, proxy: str | None = None) -> None:
        self._pool_size = connection_pool_size
        # An explicit proxy (ICPBOT_PROXY_URL) for every request; without one, HTTPS_PROXY /
        # HTTP_PROXY / NO_PROXY as they were at start. Not aiohttp's trust_env: that reads the
        # environment and ~/.netrc again on every request, which measurably slowed replies.
        self._proxy = proxy
        self._env_proxies = {} if proxy else {
            key: value for key, value in getproxies_environment().items()
            if key in ("http", "https", "no")}
        self._proxies_by_host: dict[tuple[str, str], str | None] = {}
        self._timeouts = {"read": read_timeout, "write": write_timeout,
                          "connect": connect_timeout, "pool": pool_timeout}
        self._client_timeouts: dict[tuple[float | None, ...], aiohttp.ClientTimeout] = {}
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._timeouts["read"]

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT})

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
                         write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
                         connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
                         pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
                         ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        timeout = self._timeout(self._pick(read_timeout, "read"),
                                self._pick(write_timeout, "write"),
                                self._pick(connect_timeout, "connect"),
                                self._pick(pool_timeout, "pool"))
        body: Any = None
        headers: dict[str, str] | None = None
        if request_data is not None:
            if request_data.contains_files:
                body = _form(request_data)
            else:
                body = json.dumps(request_data.parameters, ensure_ascii=False,
                                  separators=(",", ":")).encode()
                headers = JSON_HEADERS
        try:
            async with self._session.request(method, url, data=body, headers=headers,
                                             timeout=timeout, proxy=self._proxy_for(url)
                                             ) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error

    def _proxy_for(self, url: str) -> str | None:
        if self._proxy is not None or not self._env_proxies:
            return self._proxy
        parts = urlsplit(url)
        key = (parts.scheme, parts.hostname or "")
        if key not in self._proxies_by_host:
            bypass = bool(proxy_bypass_environment(key[1], self._env_proxies))
            self._proxies_by_host[key] = None if bypass else self._env_proxies.get(key[0])
        return self._proxies_by_host[key]

    def _timeout(self, read: float | None, write: float | None, connect: float | None,
                 pool: float | None) -> aiohttp.ClientTimeout:
        key = (read, write, connect, pool)
        timeout = self._client_timeouts.get(key)
        if timeout is None:
            if len(self._client_timeouts) > MAX_CACHED_TIMEOUTS:
                self._client_timeouts.clear()
            # aiohttp has no separate write timeout: the total covers the whole exchange
            total = None if read is None else read + (write or 0.0) + (connect or 0.0)
            timeout = self._client_timeouts[key] = aiohttp.ClientTimeout(
                total=total, connect=pool, sock_connect=connect, sock_read=read)
        return timeout

    def _pick(self, value: ODVInput[float], name: str) -> float | None:
        if isinstance(value, DefaultValue):
            return self._timeouts[name]
        return value


class UpdatesRequest(AiohttpRequest):
    """The backend of getUpdates: the same, with each update made lean before PTB parses it
    (bot/tg/lean_updates.py)."""

    @staticmethod
    def parse_json_payload(payload: bytes) -> JSONDict:
        return cast(JSONDict, lean_batch(BaseRequest.parse_json_payload(payload)))


def _form(request_data: RequestData) -> aiohttp.FormData:
    """multipart/form-data: the parameters JSON-encoded as PTB does, then the files."""
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, part in request_data.multipart_data.items():
        if isinstance(part, tuple):
            filename, content, *rest = part
            form.add_field(name, content, filename=filename,
                           content_type=rest[0] if rest else None)
        else:
            form.add_field(name, part)
    return form
