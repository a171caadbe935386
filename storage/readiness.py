"""Is the database ready to serve: reachable within a short timeout, and migrated to the
newest revision? (the database half of ``/readyz``)."""

from __future__ import annotations

import functools

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool
from sqlmodel import create_engine

from storage.db import normalise_url
from storage.migrate import alembic_config

TIMEOUT = 3  # seconds to connect; a probe must answer quickly, not hang


@functools.lru_cache(maxsize=8)
def _probe_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        return create_engine(url, poolclass=NullPool, connect_args={"timeout": TIMEOUT})
    return create_engine(url, poolclass=NullPool,
                         connect_args={"connect_timeout": TIMEOUT,
                                       "options": f"-c statement_timeout={TIMEOUT * 1000}"})


@functools.lru_cache(maxsize=8)
def _heads(url: str) -> frozenset[str]:
    return frozenset(ScriptDirectory.from_config(alembic_config(url)).get_heads())


def check_database(url: str) -> dict[str, str]:
    """{"database": "ok" | why not, "migrations": "ok" | why not}."""
    try:
        with _probe_engine(url).connect() as connection:
            connection.execute(text("SELECT 1"))
            current = frozenset(MigrationContext.configure(connection).get_current_heads())
    except Exception as error:  # any failure means "not ready"; the reason is reported
        reason = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
        return {"database": f"unreachable: {type(error).__name__}: {reason}",
                "migrations": "unknown"}
    heads = _heads(url)
    if current != heads:
        return {"database": "ok", "migrations": f"behind: at {sorted(current) or 'nothing'}, "
                f"newest {sorted(heads)} (run icpbot db upgrade)"}
    return {"database": "ok", "migrations": "ok"}
