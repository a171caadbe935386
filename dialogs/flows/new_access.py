"""New access (transfer in): entity and websites are filed elsewhere; add this provider."""

from __future__ import annotations

from dataclasses import replace

from dialogs.flows.access_steps import instance_details
from dialogs.flows.common import (
    ACCESS_STEPS,
    DOMAIN,
    ENTITY_ID_STEPS,
    LEADER_MOBILE,
    REMARKS,
    WEBSITE_FILING_NUMBER,
    another_website,
    entity_from,
    websites_from,
)
from dialogs.steps import Answers, Flow
from filing.model import Access, FilingOrder
from filing.text import N_
from filing.types import OrderType

# ref §7.1 (filing-details): the SMS of an access filing goes to the website administrator's
# filed mobile, which must match the record.
FILED_MOBILE = replace(LEADER_MOBILE, prompt=N_(
    "The website administrator's mobile as filed: MIIT's verification SMS for the new access "
    "goes to it, so it must match the filing record."))


def build_new_access(answers: Answers, applicant: str) -> FilingOrder:
    entity = entity_from(answers)
    return FilingOrder("", OrderType.NEW_ACCESS, applicant, entity,
                       websites_from(answers, entity.leader),
                       Access(answers["service_code"], answers.get("instance_region", "")),
                       remarks=answers.get("remarks", ""),
                       details=instance_details(answers))


NEW_ACCESS = Flow(
    OrderType.NEW_ACCESS.value,
    N_("New access (transfer in)"),
    (*ENTITY_ID_STEPS, FILED_MOBILE, WEBSITE_FILING_NUMBER, DOMAIN,
     another_website(("filing_number", "domain"), "filing_number"), *ACCESS_STEPS, REMARKS),
    build_new_access,
    intro=N_("Let's add this provider to websites filed through another provider. Your filed "
             "data cannot be edited during an access filing: if something is out of date, "
             "change it at the original provider first. The websites may stay online."),
    warning=N_("The data must match the filing exactly (entity, certificate, the mobile on "
               "record); the MIIT SMS goes to the filed mobile. Filed data cannot be edited "
               "while this order runs."),
)
