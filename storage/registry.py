"""The register of filed entities and websites (``filing.registry``) in two tables.

Numbers stay unique under concurrency by constraints, not by luck: an entity's number and
each website's number are unique columns, and (entity, serial) is unique. Two approvals on one
entity take turns on its row (``FOR UPDATE`` on PostgreSQL; SQLite has one writer anyway);
anything that still collides raises NumberTaken and the service decides again.
"""

from __future__ import annotations

import copy
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from filing.errors import NumberTaken
from filing.model import Entity
from filing.registry import EntityState, FiledEntity, FiledWebsite, SiteState
from filing.types import CertificateType, EntityType
from storage.crypto import Cipher
from storage.db import is_postgres, rowcount, unavailable_on_db_errors
from storage.orders import person_data, person_from
from storage.tables import FiledEntityRow, FiledWebsiteRow, IcpSerialRow, table_of

ENTITIES = table_of(FiledEntityRow)
SITES = table_of(FiledWebsiteRow)
SERIALS = table_of(IcpSerialRow)


@unavailable_on_db_errors
class SqlFilingRegistry:
    def __init__(self, session: Session, cipher: Cipher) -> None:
        self._session = session
        self._cipher = cipher
        self._loaded: dict[int, dict[int, FiledWebsite]] = {}  # entity id → sites as read

    def _locking(self) -> bool:
        return is_postgres(self._session.get_bind())

    def entity(self, number: str) -> FiledEntity | None:
        query = select(ENTITIES).where(ENTITIES.c.number == number)
        if self._locking():
            query = query.with_for_update()
        row = self._session.execute(query).mappings().first()
        return self._with_sites([row])[0] if row else None

    def of_applicant(self, applicant: str) -> list[FiledEntity]:
        rows = self._session.execute(select(ENTITIES).where(ENTITIES.c.applicant == applicant)
                                     .order_by(ENTITIES.c.id)).mappings().all()
        return self._with_sites(list(rows))

    def next_entity_serial(self, region: str, year: int) -> int:
        """The next serial of the region's year, in one atomic upsert: two first approvals of
        a year at once (two processes; SQLite or PostgreSQL) cannot both insert the row."""
        dialect_insert = pg_insert if self._locking() else sqlite_insert
        bump = (dialect_insert(SERIALS).values(region=region, year=year, last=1)
                .on_conflict_do_update(index_elements=[SERIALS.c.region, SERIALS.c.year],
                                       set_={"last": SERIALS.c.last + 1})
                .returning(SERIALS.c.last))
        return int(self._session.execute(bump).scalar_one())

    def save(self, entity: FiledEntity) -> None:
        values = self._entity_values(entity)
        if entity.id is None:
            result = self._insert(ENTITIES, {**values, "version": entity.version + 1})
            entity.id = int(result.inserted_primary_key[0])
        elif rowcount(self._session.execute(
                update(ENTITIES).where(ENTITIES.c.id == entity.id,
                                       ENTITIES.c.version == entity.version)
                .values(**values, version=entity.version + 1))) == 0:
            raise NumberTaken(entity.number)  # changed by another approval meanwhile
        entity.version += 1
        self._save_sites(entity)

    def _save_sites(self, entity: FiledEntity) -> None:
        assert entity.id is not None
        before = self._loaded.get(entity.id, {})
        for site in entity.websites:
            values = {"number": entity.site_number(site), "domain": site.domain,
                      "name": site.name, "content": site.content, "state": site.standing,
                      "order_id": site.order_id}
            if site.serial not in before:
                self._insert(SITES, {"entity_id": entity.id, "serial": site.serial, **values})
            elif before[site.serial] != site:
                self._session.execute(update(SITES).where(SITES.c.entity_id == entity.id,
                                                          SITES.c.serial == site.serial)
                                      .values(**values))
        self._loaded[entity.id] = {site.serial: copy.copy(site) for site in entity.websites}

    def _insert(self, table: Any, values: dict[str, Any]) -> Any:
        try:
            return self._session.execute(insert(table).values(**values))
        except IntegrityError as taken:  # the same number issued at the same moment
            raise NumberTaken(str(values.get("number", ""))) from taken

    def _entity_values(self, entity: FiledEntity) -> dict[str, Any]:
        person = entity.entity
        return {"number": entity.number, "region": entity.region,
                "applicant": entity.applicant, "state": entity.standing,
                "last_serial": entity.last_serial, "entity_type": person.entity_type,
                "certificate_type": person.certificate_type, "order_id": entity.order_id,
                "personal_enc": self._cipher.seal({
                    "name": person.name, "certificate_number": person.certificate_number,
                    "address": person.address, "landline": person.landline,
                    "leader": person_data(person.leader)})}

    def _with_sites(self, rows: list[Any]) -> list[FiledEntity]:
        """Entities with their websites: one query for the websites of all of them."""
        sites: dict[int, list[FiledWebsite]] = {row["id"]: [] for row in rows}
        if sites:
            for site in self._session.execute(
                    select(SITES).where(SITES.c.entity_id.in_(list(sites)))
                    .order_by(SITES.c.entity_id, SITES.c.serial)).mappings():
                sites[site["entity_id"]].append(FiledWebsite(
                    site["serial"], site["domain"], site["name"], site["content"],
                    SiteState(site["state"]), site["order_id"]))
        entities = [self._entity(row, sites[row["id"]]) for row in rows]
        for entity in entities:
            assert entity.id is not None
            self._loaded[entity.id] = {site.serial: copy.copy(site) for site in entity.websites}
        return entities

    def _entity(self, row: Any, websites: list[FiledWebsite]) -> FiledEntity:
        personal = self._cipher.open(row["personal_enc"])
        leader = person_from(personal["leader"])
        assert leader is not None
        entity = Entity(EntityType(row["entity_type"]), personal["name"],
                        CertificateType(row["certificate_type"]),
                        personal["certificate_number"], row["region"], personal["address"],
                        leader, personal.get("landline", ""), row["number"])
        return FiledEntity(row["number"], row["region"], row["applicant"], entity,
                           EntityState(row["state"]), row["last_serial"], websites,
                           row["order_id"], row["id"], row["version"])
