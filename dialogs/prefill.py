"""Starting the next order from a filing the applicant already holds: the filed entity's data
(and the chosen website) become the draft's answers, so only what is new is asked.

Orders on a filed entity (new website, entity change, cancel entity) take the entity; orders
on a filed website (its changes, cancel website, cancel access) take the entity and that
website. What a change is about to change is never prefilled: it is asked fresh.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from dialogs.resubmit import answers_from_order
from dialogs.steps import Flow
from filing.masking import mask_name
from filing.model import FilingOrder, Website
from filing.registry import EntityState, FiledEntity, FiledWebsite, SiteState
from filing.types import OrderType


class PrefillSource(Protocol):
    """Where the applicant's filings come from (``FilingService.filed_entities``)."""

    def filed_entities(self, applicant: str) -> list[FiledEntity]: ...


T = OrderType
ON_ENTITY = frozenset({T.NEW_WEBSITE, T.MODIFY_ENTITY, T.CANCEL_ENTITY})
ON_WEBSITE = frozenset({T.MODIFY_WEBSITE, T.MODIFY_ACCESS, T.CANCEL_WEBSITE, T.CANCEL_ACCESS})
IDENTITY = frozenset({"region", "entity_type", "entity_name", "certificate_type",
                      "certificate_number", "certificate_valid_until",
                      "entity_filing_number"})
# A new website asks the persons again only to confirm them: they are prefilled too.
CONTACT = frozenset({"address", "mailing_address", "landline", "leader_name",
                     "leader_id_number", "leader_mobile", "leader_email", "emergency_phone"})
WEBSITE = frozenset({"filing_number", "domain"})
# Which websites an operation can act on.
SITE_STATES: dict[OrderType, frozenset[SiteState]] = {
    T.CANCEL_WEBSITE: frozenset({SiteState.FILED, SiteState.ACCESS_REMOVED}),
}


@dataclass(frozen=True)
class Offer:
    key: str  # "<entity id>" or "<entity id>.<serial>", for a button
    label: str  # a filing number and the masked entity name: data, not a message id


def starts_from_filing(flow: str) -> bool:
    return flow in ON_ENTITY | ON_WEBSITE


def offers(flow: str, entities: Sequence[FiledEntity]) -> list[Offer]:
    """The filings the applicant may start ``flow`` from."""
    if not starts_from_filing(flow):
        return []
    live = [e for e in entities if e.standing is EntityState.FILED and e.id is not None]
    if flow in ON_ENTITY:
        return [Offer(str(e.id), f"{e.number} · {mask_name(e.entity.name)}") for e in live]
    states = SITE_STATES.get(T(flow), frozenset({SiteState.FILED}))
    return [Offer(f"{e.id}.{site.serial}", f"{e.site_number(site)} · {site.domain}")
            for e in live for site in e.websites if site.standing in states]


def find(key: str, entities: Sequence[FiledEntity]) -> tuple[FiledEntity,
                                                             FiledWebsite | None] | None:
    """The entity (and website) a button names, among the applicant's own only."""
    entity_id, _, serial = key.partition(".")
    entity = next((e for e in entities if str(e.id) == entity_id), None)
    if entity is None:
        return None
    if not serial:
        return entity, None
    site = entity.site(int(serial)) if serial.isdigit() else None
    return (entity, site) if site is not None else None


def answers(flow: Flow, entity: FiledEntity, site: FiledWebsite | None) -> dict[str, Any]:
    """The draft's first answers: what the filing already says that this flow asks."""
    websites = [] if site is None else [
        Website(site.name, site.domain, site.content, None, entity.site_number(site))]
    filed = FilingOrder("", T(flow.name), entity.applicant, entity.entity, websites)
    wanted = IDENTITY | (CONTACT if flow.name == T.NEW_WEBSITE else frozenset()) | WEBSITE
    known = answers_from_order(filed, flow)
    known["entity_filing_number"] = entity.number
    return {field: value for field, value in known.items()
            if field in wanted and field in flow.fields}
