"""Our HTTP servers (the webhook, the back office's callback) cut slow clients and cap the
number of connections.

aiohttp's server has no timeout for a client that sends its headers or body slowly (its
keep-alive timer only closes idle connections, and only in recent releases), so a few lines
here wrap each connection: a request must be received and its answer begun within
``request_timeout`` of its first byte (a trickle of bytes does not extend it), an idle
connection is closed after ``idle_timeout``, and connections beyond ``max_connections`` are
refused at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from aiohttp import web

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    request_timeout: float = 20.0  # first byte of a request → its answer begins
    idle_timeout: float = 30.0  # between requests on a kept-alive connection
    max_connections: int = 200  # Telegram opens at most 100; the callback a few


class _Transport(asyncio.Transport):
    """The real transport, telling the guard when the answer begins."""

    def __init__(self, real: asyncio.Transport, on_write: Callable[[], None]) -> None:
        super().__init__()
        self._real = real
        self._on_write = on_write

    def write(self, data: Any) -> None:
        self._on_write()
        self._real.write(data)

    def writelines(self, list_of_data: Any) -> None:
        self._on_write()
        self._real.writelines(list_of_data)

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._real.get_extra_info(name, default)

    def is_closing(self) -> bool:
        return self._real.is_closing()

    def close(self) -> None:
        self._real.close()

    def abort(self) -> None:
        self._real.abort()

    def can_write_eof(self) -> bool:
        return self._real.can_write_eof()

    def write_eof(self) -> None:
        self._real.write_eof()

    def is_reading(self) -> bool:
        return self._real.is_reading()

    def pause_reading(self) -> None:
        self._real.pause_reading()

    def resume_reading(self) -> None:
        self._real.resume_reading()

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None:
        self._real.set_write_buffer_limits(high, low)

    def get_write_buffer_size(self) -> int:
        return self._real.get_write_buffer_size()

    def set_protocol(self, protocol: asyncio.BaseProtocol) -> None:
        self._real.set_protocol(protocol)

    def get_protocol(self) -> asyncio.BaseProtocol:
        return self._real.get_protocol()


class _Guarded(asyncio.Protocol):
    def __init__(self, inner: asyncio.Protocol, guard: ConnectionGuard) -> None:
        self._inner = inner
        self._guard = guard
        self._transport: asyncio.Transport | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._reading = False
        self._counted = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        real = cast(asyncio.Transport, transport)  # a TCP server's transports are
        self._transport = real
        if self._guard.open >= self._guard.limits.max_connections:
            self._guard.refused += 1
            real.abort()
            return
        self._guard.open += 1
        self._counted = True
        self._arm(self._guard.limits.request_timeout)
        self._inner.connection_made(_Transport(real, self._answered))

    def data_received(self, data: bytes) -> None:
        if not self._counted:
            return
        if not self._reading:  # a new request starts: its clock starts now, once
            self._reading = True
            self._arm(self._guard.limits.request_timeout)
        self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self._inner.eof_received() if self._counted else None

    def connection_lost(self, exc: Exception | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
        if self._counted:
            self._counted = False
            self._guard.open -= 1
            self._inner.connection_lost(exc)

    def pause_writing(self) -> None:
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        self._inner.resume_writing()

    def _answered(self) -> None:
        if self._reading:
            self._reading = False
            self._arm(self._guard.limits.idle_timeout)

    def _arm(self, seconds: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = asyncio.get_running_loop().call_later(seconds, self._cut)

    def _cut(self) -> None:
        if self._transport is not None and not self._transport.is_closing():
            if self._reading:
                self._guard.cut += 1
                log.warning("closed a connection that did not finish its request in %ss",
                            self._guard.limits.request_timeout)
            self._transport.abort()


class ConnectionGuard:
    """A protocol factory wrapping aiohttp's, with the counts a test or operator reads."""

    def __init__(self, factory: Callable[[], asyncio.Protocol], limits: Limits) -> None:
        self._factory = factory
        self.limits = limits
        self.open = 0
        self.refused = 0
        self.cut = 0

    def __call__(self) -> asyncio.Protocol:
        return _Guarded(self._factory(), self)


async def start(runner: web.AppRunner, host: str, port: int,
                limits: Limits = Limits()) -> tuple[asyncio.Server, ConnectionGuard]:
    """Listen on host:port with ``runner``'s application behind the guard (instead of
    aiohttp's TCPSite); close the returned server before ``runner.cleanup()``."""
    if runner.server is None:
        raise RuntimeError("runner.setup() first")
    guard = ConnectionGuard(runner.server, limits)
    server = await asyncio.get_running_loop().create_server(guard, host, port)
    return server, guard


async def serve_until_signalled(web_app: web.Application, host: str, port: int,
                                limits: Limits = Limits()) -> None:
    """Serve ``web_app`` until SIGINT/SIGTERM (``icpbot callback serve``)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    server, _ = await start(runner, host, port, limits)
    log.info("serving on %s:%s", host, port)
    try:
        await stop.wait()
    finally:
        server.close()
        await runner.cleanup()
