"""The review desk's queue: one page of orders and the counts per status, two queries whatever
the page size, each on an index (``ix_order_*``), with keyset pagination (no OFFSET scans).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, union, update
from sqlalchemy.engine import Engine

from filing.lifecycle import FINAL, Status
from filing.masking import mask_name
from storage.crypto import Cipher
from storage.db import from_db, to_db, unavailable_on_db_errors
from storage.tables import EntityRow, OrderRow, WebsiteRow, table_of

ORDERS = table_of(OrderRow)
ENTITIES = table_of(EntityRow)
WEBSITES = table_of(WebsiteRow)
ORDER_ID = re.compile(r"^O[0-9A-F]{8}$")
EXPIRY = timedelta(days=45)  # orders not updated for 45 days are cleaned up (knowledge CN)
EXPIRY_WARNING = timedelta(days=15)  # the expiry queue: 15 days or fewer left



@dataclass(frozen=True)
class QueueFilter:
    status: str = ""  # "" = every status
    order_type: str = ""
    region: str = ""
    min_age_days: int = 0  # waiting at least this long (since the last status change)
    sla: str = ""  # "" | "sms" (SMS deadline queue) | "expiry" (45-day expiry queue)
    search: str = ""  # order id, domain or the entity's full name
    after: str = ""  # keyset cursor: the last row of the previous page
    before: str = ""  # keyset cursor: the first row of the next page (going back)


@dataclass(frozen=True)
class QueueRow:
    id: str
    order_type: str
    status: str
    region: str
    round: int
    version: int
    waiting_since: datetime | None
    sms_deadline: datetime | None
    domains: str
    entity: str  # masked: the queue shows no personal data

    @property
    def expires_at(self) -> datetime | None:
        if self.waiting_since is None or self.status in FINAL:
            return None
        return self.waiting_since + EXPIRY


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    counts: dict[str, int]  # per status, under every filter but the status
    next_cursor: str = ""
    previous_cursor: str = ""
    total: int = field(default=0)


def _cursor(moment: datetime | None, order_id: str) -> str:
    return f"{moment.isoformat() if moment else ''}|{order_id}"


def _parse_cursor(cursor: str) -> tuple[datetime | None, str] | None:
    moment, _, order_id = cursor.partition("|")
    if not order_id:
        return None
    try:
        return (datetime.fromisoformat(moment) if moment else None), order_id
    except ValueError:
        return None


@unavailable_on_db_errors
class SqlDeskQueries:
    def __init__(self, engine: Engine, cipher: Cipher) -> None:
        self._engine = engine
        self._cipher = cipher

    def index_missing_names(self, batch: int = 1000) -> int:
        """Blind-index the entities stored before the index existed (migration 0010 cannot:
        it has no key). Quick when there is nothing to do; returns how many it indexed."""
        done = 0
        while True:
            with self._engine.begin() as connection:
                missing = connection.execute(
                    select(ENTITIES.c.order_id, ENTITIES.c.personal_enc)
                    .where(ENTITIES.c.name_digest.is_(None)).limit(batch)).all()
                for order_id, sealed in missing:
                    connection.execute(
                        update(ENTITIES).where(ENTITIES.c.order_id == order_id).values(
                            name_digest=self._cipher.digest(self._cipher.open(sealed)["name"])))
            done += len(missing)
            if len(missing) < batch:
                return done

    def queue(self, where: QueueFilter, now: datetime, size: int = 50) -> QueuePage:
        conditions = self._conditions(where, now)
        backwards = bool(where.before) and not where.after
        with self._engine.connect() as connection:
            fetched = list(connection.execute(self.page_statement(where, now, size)).all())
            counts: dict[str, int] = dict(connection.execute(
                select(ORDERS.c.status, func.count()).where(*conditions)
                .group_by(ORDERS.c.status)).all())
        more = len(fetched) > size
        fetched = fetched[:size]
        if backwards:
            fetched.reverse()
        rows = [self._row(found) for found in fetched]
        return self._page(rows, counts, where, sort_key=where.sla == "sms", more=more,
                          backwards=backwards)

    def page_statement(self, where: QueueFilter, now: datetime, size: int) -> Select[Any]:
        """The rows of one page (and one more, to know whether a next page exists)."""
        sort = ORDERS.c.sms_deadline if where.sla == "sms" else ORDERS.c.updated_at
        backwards = bool(where.before) and not where.after
        query = self._page_query(sort).where(*self._conditions(where, now),
                                             *self._status_condition(where))
        cursor = _parse_cursor(where.before if backwards else where.after)
        if cursor is not None:
            query = query.where(self._beyond(sort, cursor, backwards))
        order = (sort.desc(), ORDERS.c.id.desc()) if backwards else (sort, ORDERS.c.id)
        return query.order_by(*order).limit(size + 1)

    def _page(self, rows: list[QueueRow], counts: dict[str, int], where: QueueFilter, *,
              sort_key: bool, more: bool, backwards: bool) -> QueuePage:
        def key(row: QueueRow) -> str:
            return _cursor(row.sms_deadline if sort_key else row.waiting_since, row.id)

        has_next = more if not backwards else bool(rows)
        has_previous = (more if backwards else bool(where.after)) and bool(rows)
        total = (counts.get(where.status, 0) if where.status and where.sla != "sms"
                 else counts.get(Status.SMS_VERIFICATION, 0) if where.sla == "sms"
                 else sum(counts.values()))
        return QueuePage(rows, counts, key(rows[-1]) if rows and has_next else "",
                         key(rows[0]) if has_previous else "", total)

    def _page_query(self, sort: Any) -> Select[Any]:
        domains = (select(_joined(self._engine, WEBSITES.c.domain))
                   .where(WEBSITES.c.order_id == ORDERS.c.id).scalar_subquery())
        return (select(ORDERS.c.id, ORDERS.c.order_type, ORDERS.c.status, ORDERS.c.region,
                       ORDERS.c.round, ORDERS.c.version, ORDERS.c.updated_at,
                       ORDERS.c.sms_deadline, domains.label("domains"),
                       ENTITIES.c.personal_enc)
                .select_from(ORDERS.outerjoin(ENTITIES, ENTITIES.c.order_id == ORDERS.c.id)))

    @staticmethod
    def _beyond(sort: Any, cursor: tuple[datetime | None, str],
                backwards: bool) -> ColumnElement[bool]:
        moment, order_id = cursor
        if moment is None:
            return ORDERS.c.id < order_id if backwards else ORDERS.c.id > order_id
        moment = to_db(moment)
        if backwards:
            return or_(sort < moment, and_(sort == moment, ORDERS.c.id < order_id))
        return or_(sort > moment, and_(sort == moment, ORDERS.c.id > order_id))

    @staticmethod
    def _status_condition(where: QueueFilter) -> list[ColumnElement[bool]]:
        if where.sla == "sms":
            return [ORDERS.c.status == Status.SMS_VERIFICATION]
        return [ORDERS.c.status == where.status] if where.status else []

    def _conditions(self, where: QueueFilter, now: datetime) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if where.order_type:
            found.append(ORDERS.c.order_type == where.order_type)
        if where.region:
            found.append(ORDERS.c.region == where.region)
        if where.min_age_days > 0:
            found.append(ORDERS.c.updated_at <= to_db(now - timedelta(days=where.min_age_days)))
        if where.sla == "expiry":
            found.append(ORDERS.c.status.in_([s.value for s in Status if s not in FINAL]))
            found.append(ORDERS.c.updated_at <= to_db(now - (EXPIRY - EXPIRY_WARNING)))
        if where.search.strip():
            found.append(ORDERS.c.id.in_(self._search(where.search.strip())))
        return found

    def _search(self, text: str) -> Any:
        """Order ids matching the order id, a domain, or the entity's full name (blind index:
        the name is encrypted, so only an exact, normalised match can be found)."""
        candidates = [select(WEBSITES.c.order_id).where(WEBSITES.c.domain == text.lower()),
                      select(ENTITIES.c.order_id).where(
                          ENTITIES.c.name_digest == self._cipher.digest(text))]
        if ORDER_ID.match(text.upper()):
            candidates.append(select(ORDERS.c.id).where(ORDERS.c.id == text.upper()))
        return union(*candidates)

    def _row(self, found: Any) -> QueueRow:
        name = self._cipher.open(found.personal_enc)["name"] if found.personal_enc else ""
        return QueueRow(found.id, found.order_type, found.status, found.region, found.round,
                        found.version, from_db(found.updated_at), from_db(found.sms_deadline),
                        found.domains or "", mask_name(name) if name else "")


def _joined(engine: Engine, column: Any) -> Any:
    """The website domains of an order as one string (the aggregate is named per dialect)."""
    if engine.dialect.name == "postgresql":
        return func.string_agg(column, ", ")
    return func.group_concat(column, ", ")
