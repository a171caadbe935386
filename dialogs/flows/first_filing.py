"""First-time filing: neither the entity nor the domain has been filed before (§2.2)."""

from __future__ import annotations

from dialogs.flows.access_steps import instance_details
from dialogs.flows.common import (
    ACCESS_STEPS,
    ENTITY_MATERIALS,
    ENTITY_STEPS,
    REMARKS,
    WEBSITE_STEPS,
    entity_from,
    materials_from,
    websites_from,
)
from dialogs.steps import Answers, Flow
from filing.model import Access, FilingOrder
from filing.text import N_
from filing.types import OrderType

__all__ = ["FIRST_FILING", "build_first_filing", "build_site_order", "entity_from"]


def build_site_order(order_type: OrderType, answers: Answers, applicant: str) -> FilingOrder:
    """An order that brings new websites (first filing, new website): entity, sites, access."""
    entity = entity_from(answers)
    return FilingOrder("", order_type, applicant, entity,
                       websites_from(answers, entity.leader),
                       Access(answers["service_code"], answers.get("instance_region", "")),
                       materials_from(answers), remarks=answers.get("remarks", ""),
                       details=instance_details(answers))


def build_first_filing(answers: Answers, applicant: str) -> FilingOrder:
    return build_site_order(OrderType.FIRST_FILING, answers, applicant)


FIRST_FILING = Flow(
    OrderType.FIRST_FILING.value,
    N_("First-time filing"),
    (*ENTITY_STEPS, *WEBSITE_STEPS, *ENTITY_MATERIALS, *ACCESS_STEPS, REMARKS),
    build_first_filing,
    intro=N_("Let's file your first website. I'll ask about the entity and its leader, then "
             "each website and its administrator, the documents, and the server. You can go "
             "back, skip optional questions or ask me anything at any point."),
)
