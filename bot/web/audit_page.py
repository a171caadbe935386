"""The audit log for auditors: filtered pages, newest first, and the whole log as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from functools import partial
from itertools import islice

from aiohttp import web

from bot.web.context import desk_of, run
from bot.web.pages import render
from storage.audit import AuditEntry, AuditFilter

PAGE_SIZE = 100
COLUMNS = ("id", "at", "actor", "action", "order_id", "detail", "peer")


def audit_filter(query: dict[str, str]) -> AuditFilter:
    return AuditFilter(actor=query.get("actor", "")[:64], action=query.get("action", "")[:32],
                       order_id=query.get("order", "")[:32])


async def show(request: web.Request) -> web.StreamResponse:
    desk = desk_of(request)
    where = audit_filter(dict(request.query))
    before = request.query.get("before", "")
    entries = await run(partial(desk.audit.page, where,
                                before=int(before) if before.isdigit() else None,
                                limit=PAGE_SIZE))
    kept = {key: value for key, value in request.query.items() if key != "before"}
    return render(request, "audit.html", entries=entries, where=where, kept=kept,
                  more=len(entries) == PAGE_SIZE)


def _cell(value: object) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; these are quoted."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _line(entry: AuditEntry | None) -> bytes:
    out = io.StringIO()
    row = COLUMNS if entry is None else (
        entry.id, entry.at.isoformat(), entry.actor, entry.action, entry.order_id or "",
        entry.detail, entry.peer)
    csv.writer(out).writerow([_cell(value) for value in row])
    return out.getvalue().encode("utf-8")


async def export(request: web.Request) -> web.StreamResponse:
    """Streamed in chunks, so a log of any size is exported in constant memory."""
    desk = desk_of(request)
    where = audit_filter(dict(request.query))
    await desk.record(request, "export_audit", detail=f"{where.actor} {where.action} "
                                                      f"{where.order_id}".strip())
    response = web.StreamResponse(headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="audit-log.csv"'})
    await response.prepare(request)
    await response.write(_line(None))
    entries = desk.audit.export(where)
    while chunk := await run(partial(_next_chunk, entries)):
        await response.write(b"".join(_line(entry) for entry in chunk))
    await response.write_eof()
    return response


def _next_chunk(entries: Iterator[AuditEntry], size: int = 500) -> list[AuditEntry]:
    """The next entries of the export (the generator reads the database: run in a thread)."""
    return list(islice(entries, size))
