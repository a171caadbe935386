"""The order repository: FilingOrder aggregates to rows and back, personal data sealed."""

from __future__ import annotations

from sqlalchemy import Table, delete, func, insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from dialogs.session import StaleDraft
from filing.lifecycle import Status
from filing.model import Access, Entity, FilingOrder, Material, Person, StatusChange, Website
from filing.types import CertificateType, EntityType, OrderType
from storage.crypto import Cipher
from storage.db import from_db, is_postgres, to_db, unavailable_on_db_errors
from storage.submissions import record_submissions
from storage.tables import (
    AccessRow,
    EntityRow,
    IcpSerialRow,
    MaterialRow,
    OrderRow,
    StatusHistoryRow,
    WebsiteRow,
)


def _person_data(person: Person | None) -> dict[str, str] | None:
    if person is None:
        return None
    return {"name": person.name, "certificate_type": person.certificate_type,
            "certificate_number": person.certificate_number, "mobile": person.mobile,
            "email": person.email}


def _person(data: dict[str, str] | None) -> Person | None:
    if data is None:
        return None
    return Person(data["name"], CertificateType(data["certificate_type"]),
                  data["certificate_number"], data["mobile"], data.get("email", ""))


def _table(row: type) -> Table:
    return row.__table__  # type: ignore[attr-defined]


@unavailable_on_db_errors
class SqlOrderRepository:
    def __init__(self, session: Session, cipher: Cipher) -> None:
        self._session = session
        self._cipher = cipher
        self.seen: dict[str, FilingOrder] = {}

    def add(self, order: FilingOrder) -> None:
        """Write the aggregate; its parts are replaced, its history only appended to.

        Core statements, not ORM objects: submitting is on the path of every filing."""
        execute, seal = self._session.execute, self._cipher.seal
        order.version += 1
        values = {
            "order_type": order.order_type, "applicant": order.applicant,
            "status": order.status, "region": order.region, "icp_number": order.icp_number,
            "sms_deadline": to_db(order.sms_deadline), "round": order.round,
            "remarks_enc": seal(order.remarks), "details": dict(order.details),
            "created_at": to_db(order.created_at), "updated_at": to_db(order.updated_at),
            "version": order.version,
        }
        orders = _table(OrderRow)
        # Compare-and-set on the version: of two decisions on one order read at the same
        # version, the second finds no row to update and fails as stale below.
        new = execute(update(orders).where(orders.c.id == order.id,
                                           orders.c.version == order.version - 1)
                      .values(**values)).rowcount == 0  # type: ignore[attr-defined]
        if new:
            try:
                execute(insert(orders).values(id=order.id, **values))
            except IntegrityError as error:  # filed at the same moment by another worker
                raise StaleDraft(order.id) from error
        else:  # a new order has no parts to replace yet
            for table in (EntityRow, WebsiteRow, AccessRow, MaterialRow):
                execute(delete(table).where(col(table.order_id) == order.id))
        entity = order.entity
        execute(insert(_table(EntityRow)).values(
            order_id=order.id, entity_type=entity.entity_type,
            certificate_type=entity.certificate_type, region=entity.region,
            filing_number=entity.filing_number, name_digest=self._cipher.digest(entity.name),
            personal_enc=seal({"name": entity.name, "certificate_number":
                               entity.certificate_number, "address": entity.address,
                               "landline": entity.landline,
                               "leader": _person_data(entity.leader)})))
        sites = [{"order_id": order.id, "position": position, "name": site.name,
                  "domain": site.domain, "content": site.content,
                  "filing_number": site.filing_number,
                  "leader_enc": seal(_person_data(site.leader)) if site.leader else None}
                 for position, site in enumerate(order.websites)]
        if sites:
            execute(insert(_table(WebsiteRow)), sites)
        if order.access is not None:
            execute(insert(_table(AccessRow)).values(
                order_id=order.id, service_code=order.access.service_code,
                instance_region=order.access.instance_region))
        materials = [{"order_id": order.id, "kind": m.kind, "file_name": m.file_name,
                      "content_type": m.content_type, "size": m.size,
                      "storage_key": m.storage_key, "sha256": m.sha256}
                     for m in order.materials]
        if materials:
            execute(insert(_table(MaterialRow)), materials)
        recorded = 0 if new else self._session.exec(
            select(func.count()).select_from(StatusHistoryRow)
            .where(StatusHistoryRow.order_id == order.id)).one()
        record_submissions(self._session, self._cipher, order, order.history[recorded:])
        changes = [{"order_id": order.id, "old_status": c.old_status,
                    "new_status": c.new_status, "actor": c.actor, "at": to_db(c.at),
                    "reasons": list(c.reasons), "note": c.note}
                   for c in order.history[recorded:]]
        if changes:
            execute(insert(_table(StatusHistoryRow)), changes)
        self.seen[order.id] = order

    def get(self, order_id: str) -> FilingOrder | None:
        query = select(OrderRow).where(OrderRow.id == order_id)
        if is_postgres(self._session.get_bind()):  # type: ignore[arg-type]
            query = query.with_for_update()  # two reviewers on one order: one waits
        row = self._session.exec(query).first()
        if row is None:
            return None
        order = self._load(row)
        self.seen[order.id] = order
        return order

    def list(self, *, status: Status | None = None,
             applicant: str | None = None) -> list[FilingOrder]:
        query = select(OrderRow).order_by(col(OrderRow.created_at))
        if status is not None:
            query = query.where(OrderRow.status == status)
        if applicant is not None:
            query = query.where(OrderRow.applicant == applicant)
        return [self._load(row) for row in self._session.exec(query).all()]

    def next_icp_serial(self, region: str, year: int) -> int:
        query = select(IcpSerialRow).where(IcpSerialRow.region == region,
                                           IcpSerialRow.year == year).with_for_update()
        row = self._session.exec(query).first()
        if row is None:
            row = IcpSerialRow(region=region, year=year, last=0)
        row.last += 1
        self._session.add(row)
        self._session.flush()
        return row.last

    def _load(self, row: OrderRow) -> FilingOrder:
        session, open_ = self._session, self._cipher.open
        entity_row = session.get(EntityRow, row.id)
        assert entity_row is not None, row.id
        personal = open_(entity_row.personal_enc)
        leader = _person(personal["leader"])
        assert leader is not None
        entity = Entity(EntityType(entity_row.entity_type), personal["name"],
                        CertificateType(entity_row.certificate_type),
                        personal["certificate_number"], entity_row.region, personal["address"],
                        leader, personal.get("landline", ""), entity_row.filing_number)
        websites = [
            Website(site.name, site.domain, site.content,
                    _person(open_(site.leader_enc)) if site.leader_enc else None,
                    site.filing_number)
            for site in session.exec(select(WebsiteRow).where(WebsiteRow.order_id == row.id)
                                     .order_by(col(WebsiteRow.position))).all()
        ]
        access_row = session.get(AccessRow, row.id)
        access = (Access(access_row.service_code, access_row.instance_region)
                  if access_row else None)
        materials = [
            Material(m.kind, m.file_name, m.content_type, m.size, m.storage_key, m.sha256)
            for m in session.exec(select(MaterialRow).where(MaterialRow.order_id == row.id)
                                  .order_by(col(MaterialRow.id))).all()
        ]
        history = [
            StatusChange(Status(h.old_status), Status(h.new_status), h.actor, from_db(h.at),
                         tuple(h.reasons), h.note)
            for h in session.exec(select(StatusHistoryRow)
                                  .where(StatusHistoryRow.order_id == row.id)
                                  .order_by(col(StatusHistoryRow.id))).all()
        ]
        return FilingOrder(
            row.id, OrderType(row.order_type), row.applicant, entity, websites, access,
            materials, Status(row.status), history, row.icp_number, from_db(row.sms_deadline),
            from_db(row.created_at), from_db(row.updated_at), row.round,
            open_(row.remarks_enc) if row.remarks_enc else "", dict(row.details), row.version,
        )
