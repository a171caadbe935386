"""Claim a filing obtained through HiChina before June 2010 into this provider's system."""

from __future__ import annotations

from dialogs.flows.common import (
    DOMAIN,
    ENTITY_CERTIFICATE,
    ENTITY_ID_STEPS,
    ID_BACK,
    ID_FRONT,
    IDENTITY_DOCUMENT,
    LEADER_ID_BACK,
    LEADER_ID_FRONT,
    REMARKS,
    WEBSITE_FILING_NUMBER,
    YES_NO,
    details_from,
    entity_from,
    gated,
    materials_from,
    only_if,
    refusal,
    websites_from,
)
from dialogs.steps import Answers, Flow, Step
from filing.model import FilingOrder
from filing.order_rules import CLAIM_CONDITIONS
from filing.text import N_
from filing.types import OrderType

HICHINA = Step("claim_hichina", N_("Was the filing obtained through HiChina (万网)'s filing "
                                   "system?"), N_("Filed through HiChina"), "check",
               choices=YES_NO)
BEFORE_2010 = Step("claim_before_2010", N_("Was it obtained before June 2010?"),
                   N_("Obtained before June 2010"), "check", choices=YES_NO,
                   when=only_if("claim_hichina", "yes"))
OTHER_PROVIDER = Step("claim_other_provider", N_("Has another provider been added to the "
                                                 "filing since then?"),
                      N_("Another provider added"), "check", choices=YES_NO,
                      when=only_if("claim_before_2010", "yes"))
IMPORTED = Step("claim_imported", N_("Has it already been imported into an Alibaba Cloud "
                                     "account?"),
                N_("Already imported"), "check", choices=YES_NO,
                when=only_if("claim_other_provider", "no"))

# Each failed precondition: why, and which operation fits instead.
REFUSALS = (
    (refusal("not_hichina", N_(
        "Only HiChina filings can be claimed. A filing made through another provider comes "
        "here with a “new access” filing."), only_if("claim_hichina", "no")), "new_access"),
    (refusal("not_before_2010", N_(
        "Filings from June 2010 on need no claim: filings submitted up to January 2017 are "
        "imported instead; I'll check the date with you."), only_if("claim_before_2010", "no")),
     "import"),
    (refusal("has_other_provider", N_(
        "A filing that another provider was added to cannot be claimed; add this provider "
        "with a “new access” filing instead."), only_if("claim_other_provider", "yes")),
     "new_access"),
    (refusal("already_imported", N_(
        "An imported filing is already in an Alibaba Cloud account: manage it from that "
        "account, e.g. modify its website data there."), only_if("claim_imported", "yes")),
     "modify_website"),
)


def eligible(answers: Answers) -> bool:
    return all(answers.get(field) == needed for field, needed in CLAIM_CONDITIONS)


def _route(answers: Answers) -> str | None:
    for step, target in REFUSALS:
        if step.applies(answers):
            return target
    return None


def build_claim(answers: Answers, applicant: str) -> FilingOrder:
    entity = entity_from(answers)
    return FilingOrder("", OrderType.CLAIM, applicant, entity,
                       websites_from(answers, entity.leader), materials=materials_from(answers),
                       remarks=answers.get("remarks", ""),
                       details=details_from(answers, *(field for field, _ in CLAIM_CONDITIONS)))


CLAIM = Flow(
    OrderType.CLAIM.value,
    N_("Claim a filing"),
    (HICHINA, BEFORE_2010, OTHER_PROVIDER, IMPORTED, *(step for step, _ in REFUSALS),
     *gated(eligible, *ENTITY_ID_STEPS, WEBSITE_FILING_NUMBER, DOMAIN, ID_FRONT, ID_BACK,
            IDENTITY_DOCUMENT, ENTITY_CERTIFICATE, LEADER_ID_FRONT, LEADER_ID_BACK, REMARKS)),
    build_claim,
    intro=N_("Let's claim an old HiChina filing. First four questions to make sure a claim "
             "is the right operation."),
    route=_route,
)
