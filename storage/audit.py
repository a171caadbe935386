"""The desk's audit log: inserted and read, never updated or deleted (the migration adds
database triggers that refuse both). It names orders and materials, never personal data."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, or_
from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from storage.db import SessionFactory, from_db, to_db, unavailable_on_db_errors
from storage.tables import AuditRow, table_of

AUDIT = table_of(AuditRow)
LOGIN_FAILED = "login_failed"


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str  # login, login_failed, logout, view_order, view_material, decide, export
    order_id: str | None
    detail: str
    peer: str


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    action: str = ""
    order_id: str = ""


@unavailable_on_db_errors
class SqlAuditLog:
    def __init__(self, sessions: SessionFactory) -> None:
        self._sessions = sessions

    def record(self, at: datetime, actor: str, action: str, *, order_id: str | None = None,
               detail: str = "", peer: str = "") -> None:
        with self._sessions() as session:
            session.execute(insert(AUDIT).values(
                at=to_db(at), actor=actor[:64], action=action, order_id=order_id,
                detail=detail[:500], peer=peer[:64]))
            session.commit()

    def page(self, where: AuditFilter, *, before: int | None = None,
             limit: int = 50) -> list[AuditEntry]:
        """Newest first; ``before`` is the id of the last entry of the previous page."""
        query = self._filtered(where).order_by(col(AuditRow.id).desc()).limit(limit)
        if before is not None:
            query = query.where(col(AuditRow.id) < before)
        with self._sessions() as session:
            return [_entry(row) for row in session.exec(query).all()]

    def export(self, where: AuditFilter, chunk: int = 1000) -> Iterator[AuditEntry]:
        """Every matching entry, oldest first, read in chunks (a CSV export of any size)."""
        after = 0
        while True:
            query = (self._filtered(where).where(col(AuditRow.id) > after)
                     .order_by(col(AuditRow.id)).limit(chunk))
            with self._sessions() as session:
                rows = session.exec(query).all()
            yield from (_entry(row) for row in rows)
            if len(rows) < chunk:
                return
            after = rows[-1].id or after

    def failed_logins(self, name: str, peer: str, since: datetime) -> int:
        """Failed logins for this account or from this address since ``since``: shared by
        every worker, so the rate limit holds behind a load balancer too."""
        query = select(func.count()).select_from(AuditRow).where(
            AuditRow.action == LOGIN_FAILED, col(AuditRow.at) >= to_db(since),
            or_(col(AuditRow.actor) == name[:64], col(AuditRow.peer) == peer[:64]))
        with self._sessions() as session:
            return int(session.exec(query).one())

    @staticmethod
    def _filtered(where: AuditFilter) -> SelectOfScalar[AuditRow]:
        query = select(AuditRow)
        if where.actor:
            query = query.where(AuditRow.actor == where.actor)
        if where.action:
            query = query.where(AuditRow.action == where.action)
        if where.order_id:
            query = query.where(AuditRow.order_id == where.order_id)
        return query


def _entry(row: AuditRow) -> AuditEntry:
    assert row.id is not None
    return AuditEntry(row.id, from_db(row.at), row.actor, row.action, row.order_id, row.detail,
                      row.peer)
