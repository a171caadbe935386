"""The order repository: FilingOrder aggregates to rows and back, personal data sealed."""

from __future__ import annotations

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from filing.lifecycle import Status
from filing.model import Access, Entity, FilingOrder, Material, Person, StatusChange, Website
from filing.types import CertificateType, EntityType, OrderType
from storage.crypto import Cipher
from storage.db import from_db, is_postgres, to_db, unavailable_on_db_errors
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


@unavailable_on_db_errors
class SqlOrderRepository:
    def __init__(self, session: Session, cipher: Cipher) -> None:
        self._session = session
        self._cipher = cipher
        self.seen: dict[str, FilingOrder] = {}

    def add(self, order: FilingOrder) -> None:
        session, seal = self._session, self._cipher.seal
        row = session.get(OrderRow, order.id)
        if row is None:
            row = OrderRow(id=order.id, order_type=order.order_type, applicant=order.applicant,
                           status=order.status, region=order.region)
        row.status = order.status
        row.region = order.region
        row.icp_number = order.icp_number
        row.sms_deadline = to_db(order.sms_deadline)
        row.round = order.round
        row.remarks_enc = seal(order.remarks)
        row.details = dict(order.details)
        row.created_at = to_db(order.created_at)
        row.updated_at = to_db(order.updated_at)
        row.version = order.version = order.version + 1
        session.add(row)
        session.flush()
        for table in (EntityRow, WebsiteRow, AccessRow, MaterialRow):
            session.execute(delete(table).where(col(table.order_id) == order.id))
        entity = order.entity
        session.add(EntityRow(
            order_id=order.id, entity_type=entity.entity_type,
            certificate_type=entity.certificate_type, region=entity.region,
            filing_number=entity.filing_number,
            personal_enc=seal({"name": entity.name, "certificate_number":
                               entity.certificate_number, "address": entity.address,
                               "landline": entity.landline,
                               "leader": _person_data(entity.leader)})))
        for position, site in enumerate(order.websites):
            leader = _person_data(site.leader)
            session.add(WebsiteRow(order_id=order.id, position=position, name=site.name,
                                   domain=site.domain, content=site.content,
                                   filing_number=site.filing_number,
                                   leader_enc=seal(leader) if leader else None))
        if order.access is not None:
            session.add(AccessRow(order_id=order.id, service_code=order.access.service_code,
                                  instance_region=order.access.instance_region))
        for material in order.materials:
            session.add(MaterialRow(order_id=order.id, kind=material.kind,
                                    file_name=material.file_name,
                                    content_type=material.content_type, size=material.size,
                                    storage_key=material.storage_key, sha256=material.sha256))
        recorded = session.exec(select(func.count()).select_from(StatusHistoryRow).where(
            StatusHistoryRow.order_id == order.id)).one()
        for change in order.history[recorded:]:
            session.add(StatusHistoryRow(order_id=order.id, old_status=change.old_status,
                                         new_status=change.new_status, actor=change.actor,
                                         at=to_db(change.at), reasons=list(change.reasons),
                                         note=change.note))
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
