"""New website: the entity already holds a filing; one or more new websites join it (§2.2)."""

from __future__ import annotations

from dialogs.flows.common import (
    ACCESS_STEPS,
    CERTIFICATE_VALID_UNTIL,
    CONTACT_STEPS,
    EMERGENCY_PHONE,
    ENTITY_FILING_NUMBER,
    ENTITY_ID_STEPS,
    ENTITY_MATERIALS,
    REMARKS,
    WEBSITE_STEPS,
)
from dialogs.flows.first_filing import build_site_order
from dialogs.steps import Answers, Flow
from filing.model import FilingOrder
from filing.text import N_
from filing.types import OrderType


def build_new_website(answers: Answers, applicant: str) -> FilingOrder:
    return build_site_order(OrderType.NEW_WEBSITE, answers, applicant)


NEW_WEBSITE = Flow(
    OrderType.NEW_WEBSITE.value,
    N_("New website (entity already filed)"),
    (ENTITY_FILING_NUMBER, *ENTITY_ID_STEPS, CERTIFICATE_VALID_UNTIL, *CONTACT_STEPS,
     EMERGENCY_PHONE, *WEBSITE_STEPS, *ENTITY_MATERIALS, *ACCESS_STEPS, REMARKS),
    build_new_website,
    intro=N_("Let's add websites to an entity that already has a filing number. I'll ask for "
             "the number and the entity's details, then each new website. Keep the new "
             "websites offline until the filing is approved."),
)
