"""Steps several flows share and the helpers that turn answers into parts of a ``FilingOrder``.

The steps themselves live by subject: ``entity_steps`` (who files and leads),
``website_steps`` (each website and its administrator), ``material_steps`` (the entity's
documents) and ``access_steps`` (the instance); they are re-exported here for the flows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from dialogs import parsers as p
from dialogs.flows.access_steps import ACCESS_STEPS, SERVICE_CODE
from dialogs.flows.entity_steps import (
    ADDRESS,
    CERTIFICATE_VALID_UNTIL,
    CONTACT_STEPS,
    EMERGENCY_PHONE,
    ENTITY_ID_STEPS,
    ENTITY_STEPS,
    LEADER_CERTIFICATE_TYPE,
    LEADER_EMAIL,
    LEADER_ID,
    LEADER_MOBILE,
    LEADER_NAME,
    LEADER_VALID_UNTIL,
    YES_NO,
)
from dialogs.flows.material_steps import (
    ENTITY_CERTIFICATE,
    ENTITY_MATERIALS,
    ID_BACK,
    ID_FRONT,
    IDENTITY_DOCUMENT,
    IDENTITY_MATERIALS,
    LEADER_DOCUMENT,
    LEADER_ID_BACK,
    LEADER_ID_FRONT,
)
from dialogs.flows.website_steps import (
    DOMAIN,
    SITE_STEPS,
    WEBSITE_CONTENT_STEP,
    WEBSITE_GROUP,
    WEBSITE_NAME,
)
from dialogs.steps import Answers, Step
from filing.model import Entity, Material, Person, PreApproval, Website
from filing.text import N_
from filing.types import CertificateType, EntityType

__all__ = [
    "ACCESS_STEPS", "ADDRESS", "CERTIFICATE_VALID_UNTIL", "CONTACT_STEPS", "DOMAIN",
    "EMERGENCY_PHONE", "ENTITY_CERTIFICATE", "ENTITY_FILING_NUMBER", "ENTITY_ID_STEPS",
    "ENTITY_MATERIALS", "ENTITY_STEPS", "IDENTITY_DOCUMENT", "IDENTITY_MATERIALS", "ID_BACK",
    "ID_FRONT", "LEADER_CERTIFICATE_TYPE", "LEADER_DOCUMENT", "LEADER_EMAIL", "LEADER_ID",
    "LEADER_ID_BACK", "LEADER_ID_FRONT", "LEADER_MOBILE", "LEADER_NAME", "LEADER_VALID_UNTIL",
    "REMARKS", "SERVICE_CODE", "WEBSITE_CONTENT_STEP", "WEBSITE_FILING_NUMBER", "WEBSITE_NAME",
    "WEBSITE_STEPS", "YES_NO", "another_website", "details_from", "entity_from", "gated",
    "materials_from", "only_if", "refusal", "websites_from",
]

ENTITY_FILING_NUMBER = Step("entity_filing_number", N_("The entity's filing number, e.g. "
                                                       "浙ICP备12345678号."),
                            N_("Entity filing number"), "entity", parse=p.entity_filing_number)
WEBSITE_FILING_NUMBER = Step("filing_number", N_("The website's filing number, e.g. "
                                                 "浙ICP备12345678号-1."),
                             N_("Website filing number"), "website",
                             parse=p.website_filing_number)
REMARKS = Step("remarks", N_("Anything the reviewer should know? Individuals: describe what the "
                             "website will contain. (optional)"), N_("Remarks"),
               "website", parse=p.free_text, optional=True, at_summary=True)


def another_website(group: tuple[str, ...], loop_to: str) -> Step:
    """The "one more website?" step: yes files this website away and asks the next one."""
    # Optional: no answer means no further website (e.g. an order corrected after review).
    return Step("another_website", N_("Add another website to this order?"),
                N_("Another website"), "website",
                choices=(("no", N_("No, that's all")), ("yes", N_("Yes, add another"))),
                optional=True, loop_to=loop_to, group=group, collect_as="websites")


WEBSITE_STEPS = (*SITE_STEPS, another_website(WEBSITE_GROUP, "website_name"))


def all_items(answers: Answers) -> list[Answers]:
    """The websites of the order: those collected by the loop, then the current one."""
    return [*answers.get("websites", []), answers]


def _person(answers: Answers, prefix: str, certificate: CertificateType) -> Person:
    return Person(answers.get(f"{prefix}_name", ""), certificate,
                  answers.get(f"{prefix}_id_number", ""), answers.get(f"{prefix}_mobile", ""),
                  answers.get(f"{prefix}_email", ""),
                  answers.get(f"{prefix}_emergency_phone", ""),
                  answers.get(f"{prefix}_valid_until", ""))


def _administrator(item: Answers, leader: Person | None, organisation: bool) -> Person | None:
    """网站负责人: the entity leader unless another person was given (organisations only)."""
    if organisation and item.get("admin_same") == "other":
        return _person(item, "admin", p.admin_certificate_of(item))
    return leader


def _pre_approval(item: Answers) -> PreApproval | None:
    category = item.get("pre_approval")
    if category in (None, "", "none"):
        return None
    return PreApproval(str(category), str(item.get("pre_approval_number", "")))


def websites_from(answers: Answers, leader: Person | None = None) -> list[Website]:
    organisation = p.is_organisation(answers)
    return [Website(item.get("website_name", ""), item["domain"], item.get("website_content", ""),
                    _administrator(item, leader, organisation), item.get("filing_number", ""),
                    tuple(filter(None, str(item.get("languages", "")).split(","))),
                    _pre_approval(item), item.get("domain_holder", ""),
                    item.get("domain_expiry", ""))
            for item in all_items(answers) if item.get("domain")]


def materials_from(answers: Answers) -> list[Material]:
    """Every uploaded file of the order, including those of earlier websites."""
    metas = [value for item in all_items(answers) for value in item.values()
             if isinstance(value, dict) and "storage_key" in value]
    return [Material(meta["kind"], meta["file_name"], meta["content_type"], meta["size"],
                     meta["storage_key"], meta["sha256"]) for meta in metas]


certificate_type_of = p.certificate_type_of


def _leader(answers: Answers) -> Person:
    if p.is_individual(answers):
        return Person(answers["entity_name"], certificate_type_of(answers),
                      answers["certificate_number"], answers.get("leader_mobile", ""),
                      answers.get("leader_email", ""), answers.get("emergency_phone", ""),
                      answers.get("certificate_valid_until", ""))
    leader = _person(answers, "leader", p.leader_certificate_of(answers))
    return replace(leader, emergency_phone=answers.get("emergency_phone", ""))


def _investor(answers: Answers) -> str:
    value = answers.get("investor", "")
    if value == "self":
        return str(answers.get("entity_name", ""))
    if value == "leader":
        return str(answers.get("leader_name", ""))
    return str(value)


def entity_from(answers: Answers) -> Entity:
    """The entity as the answers describe it (for an individual the leader is the person)."""
    address = answers.get("address", "")
    mailing = answers.get("mailing_address", "")
    return Entity(EntityType(answers["entity_type"]), answers["entity_name"],
                  certificate_type_of(answers), answers["certificate_number"],
                  answers["region"], address, _leader(answers), answers.get("landline", ""),
                  answers.get("entity_filing_number", ""),
                  # Not asked when the address lies in the filing province: the same.
                  address if mailing in ("same", "") else mailing, _investor(answers),
                  answers.get("leader_is_legal_rep") != "no")


def details_from(answers: Answers, *fields: str) -> dict[str, str]:
    """Type-specific facts kept on the order under their step names (see dialogs.resubmit)."""
    return {name: str(answers[name]) for name in fields if answers.get(name) not in (None, "")}


def gated(condition: Callable[[Answers], bool], *steps: Step) -> tuple[Step, ...]:
    """``steps`` asked only while ``condition`` holds (on top of their own conditions)."""
    def both(step: Step) -> Callable[[Answers], bool]:
        own = step.when
        return lambda answers: condition(answers) and (own is None or own(answers))

    return tuple(replace(step, when=both(step)) for step in steps)


def only_if(field: str, *values: str) -> Callable[[Answers], bool]:
    return lambda answers: answers.get(field) in values


def refusal(field: str, prompt: str, when: Callable[[Answers], bool]) -> Step:
    """An explained refusal: its one button leads on to the recommended operation."""
    return Step(field, prompt, N_("Why this does not fit"), "check", when=when,
                choices=(("ok", N_("Show me the right operation")),))

