"""New website: the entity already holds a filing; one or more new websites join it (§2.2)."""

from __future__ import annotations

from dialogs.flows.common import (
    CONTACT_STEPS,
    EMERGENCY_PHONE,
    ENTITY_FILING_NUMBER,
    ENTITY_ID_STEPS,
    IDENTITY_MATERIALS,
    REMARKS,
    SERVICE_CODE,
    WEBSITE_STEPS,
    details_from,
    entity_from,
    holder_details,
    materials_from,
    websites_from,
)
from dialogs.steps import Answers, Flow
from filing.model import Access, FilingOrder
from filing.text import N_
from filing.types import OrderType


def build_new_website(answers: Answers, applicant: str) -> FilingOrder:
    entity = entity_from(answers)
    return FilingOrder("", OrderType.NEW_WEBSITE, applicant, entity,
                       websites_from(answers, entity.leader), Access(answers["service_code"]),
                       materials_from(answers), remarks=answers.get("remarks", ""),
                       details={**details_from(answers, "emergency_phone"),
                                **holder_details(answers)})


NEW_WEBSITE = Flow(
    OrderType.NEW_WEBSITE.value,
    N_("New website (entity already filed)"),
    (ENTITY_FILING_NUMBER, *ENTITY_ID_STEPS, *CONTACT_STEPS, EMERGENCY_PHONE, *WEBSITE_STEPS,
     *IDENTITY_MATERIALS, SERVICE_CODE, REMARKS),
    build_new_website,
    intro=N_("Let's add websites to an entity that already has a filing number. I'll ask for "
             "the number and the entity's details, then each new website. Keep the new "
             "websites offline until the filing is approved."),
)
