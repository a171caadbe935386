"""Answer parsers: the core's validators, given what the form knows so far."""

from __future__ import annotations

from collections.abc import Sequence

from dialogs.steps import Answers
from filing import validation as v
from filing.text import N_
from filing.types import CERTIFICATES_BY_ENTITY, CertificateType, EntityType
from knowledge.regions import REGIONS, Region

ORGANISATIONS = frozenset(EntityType) - {EntityType.INDIVIDUAL}


def is_individual(answers: Answers) -> bool:
    return answers.get("entity_type") == EntityType.INDIVIDUAL


def is_organisation(answers: Answers) -> bool:
    return answers.get("entity_type") in ORGANISATIONS


def entity_name(text: str, answers: Answers) -> str:
    if is_individual(answers):
        return v.person_name(text)
    return v.organization_name(text)


def certificate_type_of(answers: Answers) -> CertificateType:
    """The chosen certificate, or the only one the entity type allows (then it is not asked)."""
    if answers.get("certificate_type"):
        return CertificateType(answers["certificate_type"])
    return CERTIFICATES_BY_ENTITY[EntityType(answers.get("entity_type", "individual"))][0]


def certificate_number(text: str, answers: Answers) -> str:
    return v.certificate_number(certificate_type_of(answers), text)


def resident_id(text: str, answers: Answers) -> str:
    return v.resident_id(text)


def person_name(text: str, answers: Answers) -> str:
    return v.person_name(text)


def mobile(text: str, answers: Answers) -> str:
    return v.mobile(text)


def email(text: str, answers: Answers) -> str:
    return v.email(text)


def landline(text: str, answers: Answers) -> str:
    return v.landline(text)


def address(text: str, answers: Answers) -> str:
    return v.address(text)


def website_name(text: str, answers: Answers) -> str:
    entity_type = answers.get("entity_type")
    return v.website_name(text, EntityType(entity_type) if entity_type else None)


def domain(text: str, answers: Answers) -> str:
    return v.domain(text)


def service_code(text: str, answers: Answers) -> str:
    return v.service_code(text)


def icp_number(text: str, answers: Answers) -> str:
    return v.icp_number(text)


def free_text(text: str, answers: Answers) -> str:
    value = v.clean(text)
    if not value:
        raise v.Invalid(N_("Please type a few words."))
    if len(value) > 500:
        raise v.Invalid(N_("Please keep this under 500 characters."))
    return value


def _region_words(region: Region) -> Sequence[str]:
    return (region.code.lower(), region.name_zh, region.short_zh, region.name_en.lower(),
            *region.icp_prefixes)


def region(text: str, answers: Answers) -> str:
    """A typed region name (the buttons are the usual way)."""
    value = v.clean(text).lower()
    for candidate in REGIONS:
        if value in _region_words(candidate):
            return candidate.code
    raise v.Invalid(N_("Please choose the province from the buttons, or type its name."),
                    "浙江 / Zhejiang")
