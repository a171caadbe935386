"""Which process sends the notifications: one relay for the whole deployment.

Telegram's limits (about 30 messages/s per bot, 1/s per chat) are for the bot, not for one
process: three workers each relaying at 10/s plus replies would exceed them. So every relay
asks for this lease and only its holder sends; the others wait and ask again every second.
The lease is a PostgreSQL session advisory lock (or, on SQLite, a file lock in the data dir),
so it is let go the moment its holder dies, and another relay takes over within a second or
two. Rows the dead leader had claimed come back when their outbox lease runs out.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Protocol

import psycopg

from storage.locks import RELAY_LOCK, FileLock, is_postgres_url, libpq_url

log = logging.getLogger(__name__)
CONNECT_TIMEOUT = 5  # seconds
# TCP keepalives: a leader cut off from the database (not killed) is noticed by PostgreSQL,
# which then lets the lock go, within about idle + interval × count seconds.
KEEPALIVES = "keepalives=1 keepalives_idle=5 keepalives_interval=2 keepalives_count=3"


class RelayLease(Protocol):
    def try_acquire(self) -> bool:
        """True when this process holds the lease (now or already)."""

    def still_held(self) -> bool:
        """False when the lease may have been lost (e.g. the database connection broke)."""

    def release(self) -> None: ...


class PostgresRelayLease:
    """A session advisory lock on a connection of its own, kept open while leading."""

    def __init__(self, url: str) -> None:
        self._url = libpq_url(url)
        self._connection: psycopg.Connection[tuple[object, ...]] | None = None

    def try_acquire(self) -> bool:
        if self._connection is not None:
            return self.still_held()
        try:
            connection = psycopg.connect(
                psycopg.conninfo.make_conninfo(self._url, connect_timeout=CONNECT_TIMEOUT)
                + " " + KEEPALIVES, autocommit=True)
        except psycopg.Error as error:
            log.warning("relay lease: database unreachable (%s)", type(error).__name__)
            return False
        try:
            row = connection.execute("SELECT pg_try_advisory_lock(%s)", (RELAY_LOCK,)).fetchone()
        except psycopg.Error:
            connection.close()
            return False
        if not (row and row[0]):
            connection.close()
            return False
        self._connection = connection
        return True

    def still_held(self) -> bool:
        if self._connection is None:
            return False
        try:
            self._connection.execute("SELECT 1")
            return True
        except psycopg.Error:
            self._drop()
            return False

    def release(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(psycopg.Error):  # closing the session lets it go anyway
                self._connection.execute("SELECT pg_advisory_unlock(%s)", (RELAY_LOCK,))
            self._drop()

    def _drop(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(psycopg.Error):
                self._connection.close()
            self._connection = None


class FileRelayLease:
    """SQLite: the processes share one host and one data dir, so a file lock is enough."""

    def __init__(self, data_dir: Path) -> None:
        self._lock = FileLock(data_dir / "relay.lock")
        self._held = False

    def try_acquire(self) -> bool:
        self._held = self._lock.try_acquire()
        return self._held

    def still_held(self) -> bool:
        return self._held

    def release(self) -> None:
        self._lock.release()
        self._held = False


def relay_lease(database_url: str, data_dir: Path) -> RelayLease:
    if is_postgres_url(database_url):
        return PostgresRelayLease(database_url)
    return FileRelayLease(data_dir)
