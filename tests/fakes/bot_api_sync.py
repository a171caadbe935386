"""Change notification that works across threads and event loops.

The fake's state is touched from the server's event loop (HTTP handlers), from test threads
(sync control API) and from other event loops (async tests talking to a threaded server), so
waiting is built on one lock plus per-waiter wake-ups scheduled with
``call_soon_threadsafe`` on the waiter's own loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable

Predicate = Callable[[], bool]


def _wake(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class ChangeNotifier:
    """Wakes sync and async waiters whenever the guarded state changes."""

    def __init__(self, lock: threading.RLock) -> None:
        self.lock = lock
        self._condition = threading.Condition(lock)
        self._async_waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []

    def notify(self) -> None:
        with self.lock:
            self._condition.notify_all()
            waiters, self._async_waiters = self._async_waiters, []
        for loop, future in waiters:
            # A closed loop raises RuntimeError: its waiter is gone, nothing to wake.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_wake, future)

    def wait(self, predicate: Predicate, timeout: float) -> bool:
        """Block the calling thread until ``predicate()`` (evaluated under the lock) holds."""
        with self._condition:
            return self._condition.wait_for(predicate, timeout)

    async def wait_async(self, predicate: Predicate, timeout: float) -> bool:
        """Await ``predicate()`` without blocking the loop; False once ``timeout`` expires."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(timeout, 0.0)
        while True:
            with self.lock:
                if predicate():
                    return True
                future: asyncio.Future[None] = loop.create_future()
                self._async_waiters.append((loop, future))
            remaining = deadline - loop.time()
            try:
                if remaining <= 0:
                    raise TimeoutError
                await asyncio.wait_for(future, remaining)
            except TimeoutError:
                with self.lock:
                    self._forget(future)
                    return predicate()

    def _forget(self, future: asyncio.Future[None]) -> None:
        self._async_waiters = [(lp, fut) for lp, fut in self._async_waiters if fut is not future]
