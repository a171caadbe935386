"""First-time filing: neither the entity nor the domain has been filed before (§2.2)."""

from __future__ import annotations

from dialogs import parsers as p
from dialogs.flows.common import (
    ENTITY_STEPS,
    REMARKS,
    SERVICE_CODE,
    WEBSITE_STEPS,
    certificate_type_of,
)
from dialogs.steps import Answers, Flow
from filing.model import Access, Entity, FilingOrder, Person, Website
from filing.text import N_
from filing.types import CertificateType, EntityType, OrderType


def entity_from(answers: Answers) -> Entity:
    certificate = certificate_type_of(answers)
    if p.is_individual(answers):
        leader = Person(answers["entity_name"], certificate, answers["certificate_number"],
                        answers.get("leader_mobile", ""), answers.get("leader_email", ""))
    else:
        leader = Person(answers.get("leader_name", ""), CertificateType.RESIDENT_ID,
                        answers.get("leader_id_number", ""), answers.get("leader_mobile", ""),
                        answers.get("leader_email", ""))
    return Entity(EntityType(answers["entity_type"]), answers["entity_name"], certificate,
                  answers["certificate_number"], answers["region"], answers.get("address", ""),
                  leader, answers.get("landline", ""), answers.get("entity_filing_number", ""))


def build_first_filing(answers: Answers, applicant: str) -> FilingOrder:
    entity = entity_from(answers)
    website = Website(answers["website_name"], answers["domain"], answers["website_content"],
                      entity.leader)
    return FilingOrder("", OrderType.FIRST_FILING, applicant, entity, [website],
                       Access(answers["service_code"]), remarks=answers.get("remarks", ""))


FIRST_FILING = Flow(
    OrderType.FIRST_FILING.value,
    N_("First-time filing"),
    (*ENTITY_STEPS, *WEBSITE_STEPS, SERVICE_CODE, REMARKS),
    build_first_filing,
    intro=N_("Let's file your first website. I'll ask about the entity, then the website, "
             "then the server. You can go back, skip optional questions or ask me anything "
             "at any point."),
)
