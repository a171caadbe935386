"""Answer parsers: the core's validators, given what the form knows so far."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from datetime import date

from dialogs.steps import Answers
from filing import validation as v
from filing.data.entities import CERTIFICATES_BY_ENTITY
from filing.data.website_options import LANGUAGE_WORDS, LANGUAGES
from filing.people_rules import leader_certificates
from filing.site_rules import sector_in_personal_name
from filing.text import N_
from filing.types import CertificateType, EntityType
from knowledge.regions import REGIONS, Region

ORGANISATIONS = frozenset(EntityType) - {EntityType.INDIVIDUAL}


def is_individual(answers: Answers) -> bool:
    return answers.get("entity_type") == EntityType.INDIVIDUAL


def is_organisation(answers: Answers) -> bool:
    return answers.get("entity_type") in ORGANISATIONS


def entity_type_of(answers: Answers) -> EntityType | None:
    value = answers.get("entity_type")
    return EntityType(value) if value else None


def entity_name(text: str, answers: Answers) -> str:
    if is_individual(answers):
        return v.person_name(text)
    return v.organization_name(text)


def certificate_type_of(answers: Answers) -> CertificateType:
    """The chosen certificate, or the only one the entity type allows (then it is not asked)."""
    if answers.get("certificate_type"):
        return CertificateType(answers["certificate_type"])
    return CERTIFICATES_BY_ENTITY[EntityType(answers.get("entity_type", "individual"))][0]


def _person_certificate(answers: Answers, field: str) -> CertificateType:
    if answers.get(field):
        return CertificateType(answers[field])
    return leader_certificates(str(answers.get("region", "")))[0]


def leader_certificate_of(answers: Answers) -> CertificateType:
    return _person_certificate(answers, "leader_certificate_type")


def admin_certificate_of(answers: Answers) -> CertificateType:
    return _person_certificate(answers, "admin_certificate_type")


def certificate_number(text: str, answers: Answers) -> str:
    return v.certificate_number(certificate_type_of(answers), text)


def leader_id_number(text: str, answers: Answers) -> str:
    return v.certificate_number(leader_certificate_of(answers), text)


def admin_id_number(text: str, answers: Answers) -> str:
    return v.certificate_number(admin_certificate_of(answers), text)


def resident_id(text: str, answers: Answers) -> str:
    return v.resident_id(text)


def person_name(text: str, answers: Answers) -> str:
    return v.person_name(text)


def leader_name(text: str, answers: Answers) -> str:
    return v.person_name(text, leader_certificate_of(answers))


def admin_name(text: str, answers: Answers) -> str:
    return v.person_name(text, admin_certificate_of(answers))


def valid_until(text: str, answers: Answers) -> str:
    return v.certificate_expiry(text, date.today())


def mobile(text: str, answers: Answers) -> str:
    return v.mobile(text)


def email(text: str, answers: Answers) -> str:
    return v.email(text)


def landline(text: str, answers: Answers) -> str:
    return v.landline(text)


def address(text: str, answers: Answers) -> str:
    return v.address(text)


def mailing_address(text: str, answers: Answers) -> str:
    return v.mailing_address(text, str(answers.get("region", "")))


def organisation_or_person(text: str, answers: Answers) -> str:
    """投资人或主管单位: an organisation's or a person's name, in Chinese (mainland entity)."""
    value = v.clean(text)
    if not 2 <= len(value) <= 100 or not v.has_chinese(value):
        raise v.Invalid(N_("Please enter the full Chinese name of the investor or the superior "
                           "unit, as registered."), "杭州示例控股有限公司")
    return value


def emergency_phone(text: str, answers: Answers) -> str:
    return v.emergency_phone(text, mobiles_given(answers))


def mobiles_given(answers: Answers) -> list[str]:
    """Mobiles of the people in charge given so far (this website and the entity)."""
    return [str(answers[f]) for f in ("leader_mobile", "admin_mobile") if answers.get(f)]


def website_name(text: str, answers: Answers) -> str:
    entity_type = entity_type_of(answers)
    owner = str(answers.get("entity_name", "")) if is_individual(answers) else ""
    value = v.website_name(text, entity_type, owner_name=owner)
    if is_individual(answers):  # individuals are not asked for sector approvals
        sector = sector_in_personal_name(value, str(answers.get("region", "")))
        if sector is not None:
            raise v.Invalid(sector[0], "美食分享日记", **sector[1])
    return value


def languages(text: str, answers: Answers) -> str:
    """Languages typed as a list ("中文, English, 维吾尔文"): their codes, comma-separated."""
    codes: list[str] = []
    for part in re.split(r"[,，、;；/和与及]|\band\b|\s{2,}", v.clean(text).lower()):
        word = part.strip()
        if not word:
            continue
        code = next((c for c, words in LANGUAGE_WORDS.items() if word in words), None)
        if code is None:
            raise v.Invalid(N_("I don't know the language “{word}”; please choose from the "
                               "buttons or type languages such as Chinese, English, Uyghur."),
                            "Chinese, English", word=word)
        if code not in codes:
            codes.append(code)
    if not codes:
        raise v.Invalid(N_("Please choose the website's languages."), "Chinese, English")
    return ",".join(code for code in LANGUAGES if code in codes)


def approval_number(text: str, answers: Answers) -> str:
    return v.approval_number(text)


def domain_expiry(text: str, answers: Answers) -> str:
    return v.domain_expiry(text, date.today())


def service_code(text: str, answers: Answers) -> str:
    return v.service_code(text)


def icp_number(text: str, answers: Answers) -> str:
    return v.icp_number(text)


def free_text(text: str, answers: Answers) -> str:
    # Control characters out, but not NFKC: Chinese punctuation (，。) stays as typed.
    value = "".join(ch for ch in text if ch.isprintable() or ch == "\n").strip()
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


def filing_date(text: str, answers: Answers) -> str:
    """A calendar date such as 2012-03-15 (also 2012/3/15, 2012年3月15日), as ISO text."""
    try:
        day = v.parse_date(text)
    except v.Invalid:
        day = None
    if day is None or not date(1990, 1, 1) <= day <= date.today():
        raise v.Invalid(N_("Please give the date as year-month-day, e.g. 2012-03-15."),
                        "2012-03-15")
    return day.isoformat()


def ip_address(text: str, answers: Answers) -> str:
    try:
        return str(ipaddress.ip_address(v.clean(text)))
    except ValueError:
        raise v.Invalid(N_("Please enter the server's public IP address, e.g. 203.0.113.10."),
                        "203.0.113.10") from None
