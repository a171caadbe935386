"""Database engines: SQLite under the data dir by default, PostgreSQL by URL."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar, cast, overload

from sqlalchemy import event
from sqlalchemy.engine import Connection, CursorResult, Engine, Result, make_url
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlmodel import Session, create_engine

from filing.errors import StorageUnavailable
from storage.files import private_file


def default_url(data_dir: Path) -> str:
    return f"sqlite:///{(data_dir / 'icpbot.sqlite3').resolve()}"


def normalise_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here (the only PostgreSQL driver installed)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            private_file(Path(database))  # before SQLite makes it (and its WAL) 644
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    # WAL lets readers and one writer work together; NORMAL sync is durable across process
    # crashes, which is what a bot process killed mid-conversation needs.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Deleted rows are overwritten with zeros: /forget leaves nothing in free pages.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def rowcount(result: Result[Any]) -> int:
    """Rows an UPDATE or DELETE matched (every DML result is a CursorResult)."""
    return cast(CursorResult[Any], result).rowcount


def is_postgres(bind: Engine | Connection) -> bool:
    return bind.dialect.name == "postgresql"


SessionFactory = Callable[[], Session]


def session_factory(engine: Engine) -> SessionFactory:
    def make() -> Session:
        return Session(engine, expire_on_commit=False)

    return make


@overload
def to_db(moment: datetime) -> datetime: ...
@overload
def to_db(moment: None) -> None: ...
def to_db(moment: datetime | None) -> datetime | None:
    """Aware UTC, as SQLModel's UTCDateTime columns want (naive values are taken as UTC)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


@overload
def from_db(moment: datetime) -> datetime: ...
@overload
def from_db(moment: None) -> None: ...
def from_db(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


_T = TypeVar("_T")


def unavailable_on_db_errors(cls: type[_T]) -> type[_T]:
    """Turn lost connections and locked databases into StorageUnavailable for the engine,
    which then tells the user to resend instead of crashing."""
    for name, member in list(vars(cls).items()):
        if callable(member) and (not name.startswith("_") or name in ("__enter__",)):
            setattr(cls, name, _guard(member))
    return cls


def _guard(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except (OperationalError, InterfaceError) as error:
            raise StorageUnavailable(str(error).splitlines()[0]) from error

    return guarded
