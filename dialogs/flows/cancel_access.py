"""Cancel access: remove this provider from a filing; the MIIT number survives (§2.2)."""

from __future__ import annotations

from dialogs.flows.common import (
    DOMAIN,
    ENTITY_ID_STEPS,
    REMARKS,
    WEBSITE_FILING_NUMBER,
    YES_NO,
    another_website,
    details_from,
    entity_from,
    websites_from,
)
from dialogs.steps import Answers, Flow, Step
from filing.model import FilingOrder
from filing.text import N_
from filing.types import OrderType

NEW_ACCESS_DONE = Step("new_access_done", N_(
    "Has the new provider's “new access” filing for these websites been approved already?"),
    N_("New provider approved"), "check", choices=YES_NO)


def build_cancel_access(answers: Answers, applicant: str) -> FilingOrder:
    entity = entity_from(answers)
    return FilingOrder("", OrderType.CANCEL_ACCESS, applicant, entity,
                       websites_from(answers, entity.leader), remarks=answers.get("remarks", ""),
                       details=details_from(answers, "new_access_done"))


CANCEL_ACCESS = Flow(
    OrderType.CANCEL_ACCESS.value,
    N_("Cancel access (remove this provider)"),
    (*ENTITY_ID_STEPS, WEBSITE_FILING_NUMBER, DOMAIN,
     another_website(("filing_number", "domain"), "filing_number"), NEW_ACCESS_DONE, REMARKS),
    build_cancel_access,
    intro=N_("Let's remove this provider from websites you are moving elsewhere. The filing "
             "numbers stay; the domains stop working on this provider's servers."),
    warning=N_("Do this last: file “new access” at the new provider first, wait until it is "
               "approved, and only then cancel access here. Otherwise the filing may become "
               "an empty shell and be cancelled by the Communications Administration."),
)
