"""Answer parsers: the core's validators, given what the form knows so far."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from datetime import date

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


def collected_domains(answers: Answers) -> set[str]:
    """Domains of the websites already added to this order (before the current one)."""
    return {item.get("domain", "") for item in answers.get("websites", [])}


def domain(text: str, answers: Answers) -> str:
    value = v.domain(text)
    if value in collected_domains(answers):
        raise v.Invalid(N_("{domain} is already in this order for another website: each "
                           "website has its own domain (one domain per website)."),
                        "example.org", domain=value)
    return value


def website_filing_number(text: str, answers: Answers) -> str:
    """A website's number: the entity's number with its -n suffix."""
    value = v.icp_number(text)
    if "-" not in value:
        raise v.Invalid(N_("That is the entity's number; a website's number ends in -1, -2 "
                           "and so on (see the website's footer or the MIIT search)."),
                        "浙ICP备12345678号-1")
    return value


def entity_filing_number(text: str, answers: Answers) -> str:
    """The entity's number: a website's number without its -n suffix is accepted too."""
    value = v.icp_number(text)
    return value.split("-", 1)[0]


_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def filing_date(text: str, answers: Answers) -> str:
    """A calendar date such as 2012-03-15 (also 2012/3/15, 2012年3月15日), as ISO text."""
    match = _DATE.fullmatch(v.clean(text))
    try:
        if match is None:
            raise ValueError(text)
        day = date(*(int(part) for part in match.groups()))
    except ValueError:
        raise v.Invalid(N_("Please give the date as year-month-day, e.g. 2012-03-15."),
                        "2012-03-15") from None
    if not date(1990, 1, 1) <= day <= date.today():
        raise v.Invalid(N_("Please give the date as year-month-day, e.g. 2012-03-15."),
                        "2012-03-15")
    return day.isoformat()


def ip_address(text: str, answers: Answers) -> str:
    try:
        return str(ipaddress.ip_address(v.clean(text)))
    except ValueError:
        raise v.Invalid(N_("Please enter the server's public IP address, e.g. 203.0.113.10."),
                        "203.0.113.10") from None
