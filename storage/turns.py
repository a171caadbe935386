"""The write of a turn as one statement, and the connection the hot path runs on.

A turn changes its draft, its chat row (the update id it handled), or both; both are
compare-and-set on their version and must land together. In one statement:

* PostgreSQL: two ``INSERT … ON CONFLICT DO UPDATE … WHERE version = new - 1`` in a CTE,
  whose final SELECT divides by zero when either found another version: the error undoes
  the whole statement (data-modifying CTEs cannot be undone any other way without a
  transaction, which would cost a BEGIN and a COMMIT round trip).
* SQLite (no DML in CTEs): an INSERT into a temporary view whose INSTEAD OF trigger checks
  both versions (``RAISE(ABORT)`` undoes the statement) and writes both rows. Temporary
  objects live in the connection, not in the schema: no migration, nothing for other
  connections to see.

Either way it runs in autocommit: one statement is one transaction and one round trip.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Column, MetaData, Table, bindparam, func, insert, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.engine.interfaces import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Executable

from storage.tables import ChatRow, DialogSessionRow, table_of

CHATS = table_of(ChatRow)
DRAFTS = table_of(DialogSessionRow)
# The columns a turn writes (chat.updated_at is not the dialogue's).
DRAFT_COLUMNS = tuple(column.name for column in DRAFTS.c)
CHAT_COLUMNS = ("chat", "locale", "active_draft", "blocked", "region_hint", "pending",
                "last_question", "version", "recent_updates")
STALE_MESSAGE = "stale turn"
DIVISION_BY_ZERO = "22012"  # PostgreSQL's SQLSTATE: the CTE's "another version" signal
VIEW = "turn_write"


def upsert(table: Table, key: str, columns: tuple[str, ...], dialect: str,
           prefix: str | None = None) -> Any:
    """INSERT, or UPDATE when the stored version is the one before; RETURNING the key (no row
    returned: another version was stored first). ``prefix``: parameters named
    <prefix><column> (two tables in one statement), else by column."""
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = make(table)
    if prefix is not None:
        statement = statement.values({name: bindparam(f"{prefix}{name}", type_=table.c[name].type)
                                      for name in columns})
    return statement.on_conflict_do_update(
        index_elements=[table.c[key]],
        set_={name: statement.excluded[name] for name in columns if name != key},
        where=table.c.version == statement.excluded.version - 1,
    ).returning(table.c[key])


def postgres_turn() -> Executable:
    """Both upserts in one CTE; 1/0 (an error, undoing both) unless each wrote its row."""
    drafts = upsert(DRAFTS, "id", DRAFT_COLUMNS, "postgresql", "d_").cte("d")
    chats = upsert(CHATS, "chat", CHAT_COLUMNS, "postgresql", "p_").cte("p")
    written = (select(func.count()).select_from(drafts).scalar_subquery()
               * select(func.count()).select_from(chats).scalar_subquery())
    return select(literal(1) / written)


def sqlite_view() -> Table:
    """The temporary view's columns: d_<draft column>, p_<chat column>, typed like the tables
    so that JSON and timestamps are bound exactly as the tables' own statements bind them."""
    columns = [Column(f"d_{name}", DRAFTS.c[name].type) for name in DRAFT_COLUMNS]
    columns += [Column(f"p_{name}", CHATS.c[name].type) for name in CHAT_COLUMNS]
    return Table(VIEW, MetaData(), *columns, schema="temp")


def sqlite_turn_ddl() -> list[str]:
    """CREATE TEMP VIEW + its INSTEAD OF INSERT trigger (run once per connection)."""
    names = [f"d_{n}" for n in DRAFT_COLUMNS] + [f"p_{n}" for n in CHAT_COLUMNS]
    view = (f"CREATE TEMP VIEW IF NOT EXISTS {VIEW} AS SELECT "
            + ", ".join(f"NULL AS {name}" for name in names))

    def write(table: str, key: str, columns: tuple[str, ...], prefix: str) -> str:
        sets = ", ".join(f"{c} = NEW.{prefix}{c}" for c in columns if c != key)
        values = ", ".join(f"NEW.{prefix}{c}" for c in columns)
        return (f"SELECT RAISE(ABORT, '{STALE_MESSAGE}') WHERE NEW.{prefix}{key} IS NOT NULL "
                f"AND EXISTS (SELECT 1 FROM {table} WHERE {key} = NEW.{prefix}{key} "
                f"AND version <> NEW.{prefix}version - 1);\n"
                f"UPDATE {table} SET {sets} WHERE {key} = NEW.{prefix}{key};\n"
                f"INSERT INTO {table} ({', '.join(columns)}) SELECT {values} "
                f"WHERE NEW.{prefix}{key} IS NOT NULL AND NOT EXISTS "
                f"(SELECT 1 FROM {table} WHERE {key} = NEW.{prefix}{key});\n")

    trigger = (f"CREATE TEMP TRIGGER IF NOT EXISTS {VIEW}_do INSTEAD OF INSERT ON {VIEW} "
               "BEGIN\n" + write("dialog_session", "id", DRAFT_COLUMNS, "d_")
               + write("chat", "chat", CHAT_COLUMNS, "p_") + "END")
    return [view, trigger]


def stale(error: DBAPIError) -> bool:
    """The statement found another version (the trigger's RAISE, the CTE's 1/0)."""
    return STALE_MESSAGE in str(error.orig) or \
        getattr(error.orig, "sqlstate", None) == DIVISION_BY_ZERO


class TurnStatements:
    """The prebuilt write statements for one dialect (SQLAlchemy caches their compiled form)."""

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
        self.draft = upsert(DRAFTS, "id", DRAFT_COLUMNS, dialect)
        self.chat = upsert(CHATS, "chat", CHAT_COLUMNS, dialect)
        self.view = sqlite_view() if dialect == "sqlite" else None
        self.both = insert(self.view) if self.view is not None else postgres_turn()


class Prepared:
    """A prebuilt statement compiled once for one dialect and run on the driver's own cursor.

    SQLAlchemy's work per execution (cache key, execution context, result metadata, row
    objects) cost ~40 µs around a ~10 µs SQLite statement, several times per turn. Here the
    SQL text, the parameters' order and their type conversions (JSON, timestamps) and the
    result columns' conversions are worked out once, from SQLAlchemy's own compilation, so
    values are bound and read exactly as ``Connection.execute`` would. The engine's
    ``before_cursor_execute`` listeners still see every statement; driver errors are wrapped
    as SQLAlchemy's (IntegrityError, OperationalError, ``connection_invalidated``)."""

    def __init__(self, statement: Any, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = compiled.string
        defaults = compiled.construct_params(_check=False)
        processors = compiled._bind_processors
        names = compiled.positiontup
        self._positional = names is not None
        order = list(names) if names is not None else list(defaults)
        self._binds = [(name, defaults.get(name), processors.get(name)) for name in order]
        self.columns = tuple(entry.keyname for entry in compiled._result_columns)
        # Whether the statement returns rows: known here, so that the cursor's description is
        # read once per statement (psycopg builds a Column object per column at each read:
        # ~60 µs for the turn's read of 27 columns, more than the query's round trip).
        self.returns_rows = bool(self.columns)
        self._dialect = dialect
        self._types = [entry.type.dialect_impl(dialect) for entry in compiled._result_columns]
        # The result conversions (column position, converter), from the first cursor's
        # description (a type may depend on the driver's column type, as SQLAlchemy's own
        # result metadata does); only the columns that need one.
        self._results: list[tuple[int, Any]] | None = None

    def parameters(self, params: dict[str, Any]) -> Any:
        values = []
        for name, default, process in self._binds:
            value = params.get(name, default)
            values.append(value if process is None else process(value))
        if self._positional:
            return tuple(values)
        return {name: value for (name, _, _), value in zip(self._binds, values, strict=True)}

    def row(self, raw: Any, cursor: Any) -> tuple[Any, ...] | None:
        if raw is None:
            return None
        results = self._results
        if results is None:
            processors = [kind.result_processor(self._dialect, column[1])
                          for kind, column in zip(self._types, cursor.description, strict=True)]
            results = self._results = [(position, process)
                                       for position, process in enumerate(processors)
                                       if process is not None]
        if not results:
            return tuple(raw)
        values = list(raw)
        for position, process in results:
            values[position] = process(values[position])
        return tuple(values)


_INSERTS: dict[tuple[str, str, tuple[str, ...]], Prepared] = {}


def insert_rows(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT ``rows`` (each with the same columns) in the connection's transaction, compiled
    once per table and columns (as ``Prepared``) and run on the driver's cursor: SQLAlchemy's
    work per execution was most of a submission's time on SQLite (~10 INSERTs). Listeners
    see one statement per call, as for ``Connection.execute``; errors are SQLAlchemy's."""
    if not rows:
        return
    dialect = connection.dialect
    key = (dialect.name, table.name, tuple(rows[0]))
    prepared = _INSERTS.get(key)
    if prepared is None:
        statement = insert(table).values(  # inline: no implicit RETURNING of the key
            {name: bindparam(name, type_=table.c[name].type) for name in key[2]}).inline()
        prepared = _INSERTS[key] = Prepared(statement, dialect)
    driver: Any = connection.connection.driver_connection
    sql: Any = prepared.sql
    values: Any = [prepared.parameters(row) for row in rows]
    many = len(values) > 1
    cursor = None
    try:
        cursor = driver.cursor()
        if connection._has_events or connection.engine._has_events:
            for listen in connection.dispatch.before_cursor_execute:
                sql, values = listen(connection, cursor, sql, values if many else values[0],
                                     None, many)
                values = values if many else [values]
        if many:
            cursor.executemany(sql, values)
        else:
            cursor.execute(sql, values[0])
        cursor.close()
    except dialect.loaded_dbapi.Error as error:
        raise _as_sqlalchemy_error(error, connection, cursor, sql, values) from error


def _as_sqlalchemy_error(
    error: Exception, connection: Any, cursor: Any, sql: str, values: Any
) -> Exception:
    """A driver error as SQLAlchemy raises it (callers catch DBAPIError), the connection
    invalidated when the error says it is gone."""
    dialect = connection.dialect
    dead = dialect.is_disconnect(error, connection.connection.driver_connection, cursor)
    if dead:
        connection.invalidate(error)
    return DBAPIError.instance(sql, values, error, dialect.loaded_dbapi.Error,
                               connection_invalidated=dead, dialect=dialect)


class HotConnection:
    """Where the hot path's statements run: connections held open in autocommit.

    SQLite: one connection for every turn of this process (a lock makes it safe from the
    worker threads of uploads): turns never queue for SQLite's write lock behind each other,
    which with one pooled connection per thread made a convoy of busy-waits. Its temporary
    view and trigger are made when it opens.
    PostgreSQL: connections kept checked out and handed over first in, first out (turns run
    concurrently in threads): no pool checkout, pre-ping or reset per statement, and
    autocommit saves the BEGIN and the COMMIT (each a round trip).
    A connection found dead (the server restarted) is dropped; a read is then retried once
    on a new one, so that a turn after an outage does not fail for a stale connection."""

    def __init__(self, engine: Engine, keep: int = 8) -> None:
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._sqlite = engine.dialect.name == "sqlite"
        self._keep = 1 if self._sqlite else keep
        self._lock = threading.Lock()  # SQLite: the connection's; PostgreSQL: the list's
        self._idle: deque[Connection] = deque()
        self._prepared: dict[int, tuple[Any, Prepared]] = {}  # id(statement) -> compiled

    def first(self, statement: Any, params: dict[str, Any], *, mappings: bool = False,
              retry: bool = False) -> Any:
        """The statement's first row (or None); ``retry``: once more on a fresh connection
        if this one turned out dead (only for statements that may run twice). A row is a
        tuple, or with ``mappings`` a dict by column name."""
        prepared = self._prepare(statement)
        for attempt in range(2):
            try:
                with self._connection() as connection:
                    row = self._run(connection, prepared, params)
                    if row is None or not mappings:
                        return row
                    return dict(zip(prepared.columns, row, strict=True))
            except DBAPIError as error:
                if not (retry and attempt == 0 and error.connection_invalidated):
                    raise
        raise AssertionError("unreachable")

    def columns(self, statement: Any) -> tuple[str, ...]:
        """The names of the columns of the statement's rows, in order."""
        return self._prepare(statement).columns

    def _prepare(self, statement: Any) -> Prepared:
        found = self._prepared.get(id(statement))
        if found is None or found[0] is not statement:
            found = self._prepared[id(statement)] = (statement, Prepared(
                statement, self._engine.dialect))
        return found[1]

    @staticmethod
    def _run(connection: Connection, prepared: Prepared, params: dict[str, Any]) -> Any:
        """The statement on the driver's cursor (the connection is in autocommit)."""
        dialect = connection.dialect
        driver: Any = connection.connection.driver_connection
        sql, values = prepared.sql, prepared.parameters(params)
        cursor = None
        try:
            cursor = driver.cursor()
            if connection._has_events or connection.engine._has_events:
                for listen in connection.dispatch.before_cursor_execute:
                    sql, values = listen(connection, cursor, sql, values, None, False)
            cursor.execute(sql, values)
            raw = cursor.fetchone() if prepared.returns_rows else None
            row = prepared.row(raw, cursor)
            cursor.close()
        except dialect.loaded_dbapi.Error as error:
            raise _as_sqlalchemy_error(error, connection, cursor, sql, values) from error
        return row

    def all(self, statement: Any, params: dict[str, Any]) -> list[Any]:
        """Every row of a read, as mappings (retried once on a dead connection)."""
        for attempt in range(2):
            try:
                with self._connection() as connection:
                    return list(connection.execute(statement, params).mappings().all())
            except DBAPIError as error:
                if not (attempt == 0 and error.connection_invalidated):
                    raise
        raise AssertionError("unreachable")

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        if self._sqlite:
            with self._lock:
                connection = self._idle.popleft() if self._idle else self._open()
                try:
                    yield connection
                finally:
                    self._put_back(connection)
            return
        with self._lock:
            idle = self._idle.popleft() if self._idle else None
        connection = idle if idle is not None else self._open()
        try:
            yield connection
        finally:
            with self._lock:
                self._put_back(connection)

    def _put_back(self, connection: Connection) -> None:
        if connection.invalidated or connection.closed or len(self._idle) >= self._keep:
            connection.close()
        else:
            self._idle.append(connection)

    def _open(self) -> Connection:
        connection = self._engine.connect()
        if connection.dialect.name == "sqlite":
            for ddl in sqlite_turn_ddl():
                connection.exec_driver_sql(ddl)
        return connection

    def close(self) -> None:
        with self._lock:
            while self._idle:
                self._idle.popleft().close()
