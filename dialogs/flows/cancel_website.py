"""Cancel a website: its number is deleted; the entity and its other websites stay (§2.2)."""

from __future__ import annotations

from dataclasses import replace

from dialogs.flows.common import (
    DOMAIN,
    ENTITY_ID_STEPS,
    REMARKS,
    WEBSITE_FILING_NUMBER,
    entity_from,
    websites_from,
)
from dialogs.steps import Answers, Flow
from filing.model import FilingOrder
from filing.text import N_
from filing.types import OrderType


def build_cancel_website(answers: Answers, applicant: str) -> FilingOrder:
    entity = entity_from(answers)
    return FilingOrder("", OrderType.CANCEL_WEBSITE, applicant, entity,
                       websites_from(answers, entity.leader), remarks=answers.get("remarks", ""))


CANCEL_WEBSITE = Flow(
    OrderType.CANCEL_WEBSITE.value,
    N_("Cancel a website"),
    (WEBSITE_FILING_NUMBER, *ENTITY_ID_STEPS,
     replace(DOMAIN, prompt=N_("The domain of the website to cancel, e.g. example.com.")),
     REMARKS),
    build_cancel_website,
    intro=N_("Let's cancel one website's filing. The entity and its other websites keep "
             "their numbers."),
    warning=N_("Cancelling is final: the website's number is deleted and cannot be restored. "
               "If it is the entity's last website, cancel the entity instead, or the entity "
               "is left as an empty shell."),
)
