"""Consistent copies of the database for ``icpbot backup`` / ``icpbot restore``.

SQLite: the online backup API (a consistent copy while the bot keeps writing; a plain file
copy could catch a half-written page or miss the WAL). PostgreSQL: ``pg_dump`` in its custom
format, put back with ``pg_restore`` (both from the PostgreSQL client tools).
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.pool import NullPool
from sqlmodel import create_engine

from storage.db import normalise_url
from storage.locks import is_postgres_url, libpq_url, sqlite_path

# Tables whose rows mean "this database is in use": restore refuses to overwrite them unasked.
IN_USE = ("chat", "filing_order", "dialog_session")


class SnapshotError(Exception):
    """A backup or restore step failed; the message says which and why."""


def kind(url: str) -> str:
    return "postgresql" if is_postgres_url(url) else "sqlite"


def dump(url: str, target: Path) -> None:
    """Write a consistent copy of the database at ``url`` to ``target``."""
    if is_postgres_url(url):
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
              f"--file={target}", f"--dbname={libpq_url(url)}"], "pg_dump")
        return
    source_path = sqlite_path(url)
    if source_path is None or not source_path.exists():
        raise SnapshotError(f"no SQLite database at {source_path}")
    with closing(sqlite3.connect(source_path)) as source, \
            closing(sqlite3.connect(target)) as copy:
        source.backup(copy)


def load(url: str, source: Path) -> None:
    """Replace the database at ``url`` with the copy in ``source``."""
    if is_postgres_url(url):
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--exit-on-error", f"--dbname={libpq_url(url)}", str(source)], "pg_restore")
        return
    target_path = sqlite_path(url)
    if target_path is None:
        raise SnapshotError("restore needs a SQLite file, not an in-memory database")
    target_path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source)) as copy, \
            closing(sqlite3.connect(target_path)) as target:
        copy.backup(target)


def holds_data(url: str) -> bool:
    """Does the database already hold conversations or orders?"""
    path = sqlite_path(url) if not is_postgres_url(url) else None
    if not is_postgres_url(url) and (path is None or not path.exists()):
        return False
    engine = create_engine(normalise_url(url), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            present = set(inspect(connection).get_table_names())
            for table in IN_USE:
                if table in present and connection.execute(
                        text(f'SELECT 1 FROM "{table}" LIMIT 1')).first() is not None:
                    return True
    finally:
        engine.dispose()
    return False


def _run(argv: list[str], tool: str) -> None:
    if shutil.which(argv[0]) is None:
        raise SnapshotError(f"{tool} is not installed (PostgreSQL client tools, e.g. the "
                            "postgresql-client package)")
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SnapshotError(f"{tool} failed: {done.stderr.strip()[:500]}")
