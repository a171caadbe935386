"""Locks that span processes: PostgreSQL advisory locks, and a file lock on SQLite.

Advisory locks belong to a database session: PostgreSQL drops them the moment the session
ends, including when the process holding it is killed (its socket is closed by the kernel).
That is what makes them fit for "one migrates, the others wait" and for electing the one
relay of a deployment (storage/relay_lease.py) that fails over when its leader dies.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import zlib
from collections.abc import Iterator
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)


def lock_key(name: str) -> int:
    """A stable 63-bit key for ``pg_advisory_lock`` from a readable name."""
    return zlib.crc32(f"icpbot:{name}".encode())


MIGRATION_LOCK = lock_key("migrations")
RELAY_LOCK = lock_key("relay")


def libpq_url(url: str) -> str:
    """``postgresql+psycopg://…`` → ``postgresql://…`` for psycopg and the libpq tools."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def is_postgres_url(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def sqlite_path(url: str) -> Path | None:
    database = make_url(url).database
    return Path(database) if database and database != ":memory:" else None


@contextlib.contextmanager
def migration_lock(url: str) -> Iterator[None]:
    """Held while migrating: an advisory lock on PostgreSQL (waits for another migrator);
    nothing on SQLite, whose own file lock already serialises the DDL of several processes."""
    if not is_postgres_url(url):
        yield
        return
    with psycopg.connect(libpq_url(url), autocommit=True) as connection:
        if not connection.execute("SELECT pg_try_advisory_lock(%s)",
                                  (MIGRATION_LOCK,)).fetchone()[0]:  # type: ignore[index]
            log.info("another process is migrating the database; waiting for it")
            connection.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
        try:
            yield
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))


class FileLock:
    """An exclusive, non-blocking ``flock`` on a file: released by the kernel when the
    holder exits or is killed. The SQLite counterpart of a session advisory lock."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._handle: int | None = None

    def try_acquire(self) -> bool:
        if self._handle is not None:
            return True
        import os

        self._path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(handle)
            return False
        self._handle = handle
        return True

    def release(self) -> None:
        if self._handle is not None:
            import os

            fcntl.flock(self._handle, fcntl.LOCK_UN)
            os.close(self._handle)
            self._handle = None
