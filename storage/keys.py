"""The key file (a key ring, newest key first) and the start-up checks on it.

A process that keeps its keys in the key file follows it while it runs (``KeyRing``): when
``icpbot keys rotate`` puts a new key in front, every running bot encrypts with it within
``PICKUP_SECONDS`` and can still read what the old key sealed. A process refuses to start when
personal data exists but the key file is gone, or when its keys do not open that data: a new
key would lock every user out (even of /forget), so only "no data yet" creates one.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from time import monotonic

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection, Engine

from storage.crypto import Cipher
from storage.files import sync_directory
from storage.tables import sealed_columns

PICKUP_SECONDS = 1.0  # how stale a running process's view of the key file may be


class KeyProblem(Exception):
    """The keys cannot serve the stored data; the message says what to do."""


class KeyRing:
    """The keys of a key file, re-read when the file changes (checked at most once per
    ``check_every`` seconds: one stat, not a read, per check)."""

    def __init__(self, path: Path, check_every: float = PICKUP_SECONDS,
                 clock: Callable[[], float] = monotonic) -> None:
        self._path = path
        self._check_every = check_every
        self._clock = clock
        self._checked = float("-inf")
        self._stamp: tuple[int, int, int] | None = None
        self._keys: tuple[str, ...] = ()

    def __call__(self) -> tuple[str, ...]:
        now = self._clock()
        if now - self._checked >= self._check_every or not self._keys:
            self._checked = now
            stat = self._path.stat()
            stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
            if stamp != self._stamp:
                keys = tuple(read_key_file(self._path))
                if keys:  # a file caught half-written by a foreign editor: keep the old view
                    self._keys, self._stamp = keys, stamp
        return self._keys


def read_key_file(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text().splitlines() if line.strip()]


def write_key_file(path: Path, keys: list[str]) -> None:
    """Replace the key file atomically and durably: a crash leaves the old file or the new
    one, never a part of either."""
    temporary = path.with_name(path.name + ".new")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write("".join(key + "\n" for key in keys))
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)
    sync_directory(path.parent)


def personal_data_present(engine: Engine, materials: Path) -> bool:
    """Anything sealed stored yet: a draft, an order, an uploaded file."""
    with engine.connect() as connection:
        for table, _key, column in sealed_columns():
            if connection.execute(select(table.c[column]).limit(1)).first() is not None:
                return True
    return materials.exists() and next(materials.rglob("*.bin"), None) is not None


def missing_key_file(path: Path) -> KeyProblem:
    return KeyProblem(
        f"icpbot: personal data is stored, but its key file {path} is missing. Refusing to "
        "start: a new key would lock every user out of their data. Restore secret.key from "
        "your backup into the data dir (owner-only, mode 600), or set ICPBOT_SECRET_KEY to "
        "the key(s) it held, newest first.")


def check_opens_stored_data(engine: Engine, cipher: Cipher, materials: Path) -> None:
    """Raise KeyProblem unless the keys open a sample of every kind of sealed data."""
    with engine.connect() as connection:
        for table, _key, column in sealed_columns():
            token = _sample(connection, table, column)
            if token is not None and not _opens(cipher, token.encode("ascii")):
                raise _wrong_key(f"{table.name}.{column}")
    sample = next(materials.rglob("*.bin"), None) if materials.exists() else None
    if sample is not None and not _opens(cipher, sample.read_bytes()):
        raise _wrong_key(f"the uploaded file {sample.name}")


def _sample(connection: Connection, table: Table, column: str) -> str | None:
    query = select(table.c[column]).where(table.c[column].is_not(None),
                                          table.c[column] != "").limit(1)
    row = connection.execute(query).first()
    return None if row is None else str(row[0])


def _opens(cipher: Cipher, token: bytes) -> bool:
    try:
        cipher.decrypt_bytes(token)
    except ValueError:
        return False
    return True


def _wrong_key(where: str) -> KeyProblem:
    return KeyProblem(
        f"icpbot: the configured encryption key does not open the stored personal data "
        f"({where}). Refusing to start. Restore the key file secret.key from your backup, or "
        "set ICPBOT_SECRET_KEY to the key(s) the data was sealed with, newest first.")
