"""Rules that can be checked before submitting: §8 rejection reasons and §6 regional rules.

Provincial rules change often and silently, so every provincial finding names the province
and the date of its source, and asks the user to confirm in the console. Each finding is a
(field, msgid, params) triple like ``order_rules.order_problems``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from filing.model import FilingOrder, Person
from filing.text import N_
from filing.types import CertificateType, EntityType, OrderType
from knowledge.regions import Region, region_by_code, region_of_resident_id

Problem = tuple[str, str, dict[str, Any]]

# §6.2: individuals may file only with a resident ID issued in the province (source year).
LOCAL_ID_ONLY: dict[str, str] = {
    "CN-SX": "2020", "CN-NM": "2025", "CN-HA": "2025", "CN-CQ": "2020", "CN-GX": "2025",
    "CN-GZ": "2020", "CN-YN": "2020", "CN-GS": "2020", "CN-QH": "2025", "CN-NX": "2025",
    "CN-XJ": "2025",
}
# §6.2: non-local individuals accepted with a local residence (or temporary residence)
# permit; Sichuan and Shandong also take other proof of study, work or residence.
NON_LOCAL_WITH_PERMIT: dict[str, str] = {
    "CN-SH": "2025", "CN-JS": "2020", "CN-ZJ": "2025", "CN-FJ": "2025", "CN-JX": "2025",
    "CN-HB": "2025", "CN-SC": "2020", "CN-SD": "2025",
}


@dataclass(frozen=True)
class AgeRule:
    minimum: int
    as_of: str
    individuals: bool = True  # applies to individuals' filings
    organisations: bool = True  # applies to organisations' leaders


# §4.4: minimum age of the entity leader / individual, from the ID's birth date.
MIN_AGE: dict[str, AgeRule] = {
    "CN-FJ": AgeRule(14, "2025"), "CN-GZ": AgeRule(14, "2025"), "CN-QH": AgeRule(14, "2025"),
    "CN-GD": AgeRule(16, "2020", individuals=False),
    "CN-JS": AgeRule(16, "2020", organisations=False),
    "CN-SD": AgeRule(17, "2025"),
    "CN-HE": AgeRule(18, "2025"), "CN-NM": AgeRule(18, "2025"), "CN-HN": AgeRule(18, "2025"),
    "CN-XZ": AgeRule(18, "2025"), "CN-HL": AgeRule(18, "2025"), "CN-TJ": AgeRule(18, "2019"),
}
# §3.5: provinces that want a domain certificate (Shandong above 4, Henan above 10 domains).
DOMAIN_CERTIFICATE_REGIONS = frozenset({"CN-HN", "CN-GZ", "CN-JS", "CN-SN"})
DOMAIN_CERTIFICATE_ABOVE: dict[str, int] = {"CN-SD": 4, "CN-HA": 10}
# §4.2: provinces where only the organisation itself may hold the domain (not its leader).
HOLDER_MUST_BE_ORGANISATION: dict[str, str] = {
    "CN-NX": "2020", "CN-SN": "2020", "CN-XJ": "2020", "CN-XZ": "2025",
}

ADDS_DOMAINS = frozenset({OrderType.FIRST_FILING, OrderType.NEW_WEBSITE, OrderType.NEW_ACCESS,
                          OrderType.CLAIM})
NEW_ENTITY_DATA = frozenset({OrderType.FIRST_FILING, OrderType.NEW_WEBSITE})
SETS_LEADER = frozenset({OrderType.FIRST_FILING, OrderType.NEW_WEBSITE,
                         OrderType.MODIFY_ENTITY})
HOUSE_NUMBER = re.compile(r"[0-9号號]")


def region_label(region: Region) -> str:
    """The region's code: shown as its name in the reader's language where it is rendered."""
    return region.code


def is_non_local(order: FilingOrder) -> bool:
    """An individual whose resident ID was issued in another province than the filing's."""
    entity = order.entity
    if (entity.entity_type is not EntityType.INDIVIDUAL
            or entity.certificate_type is not CertificateType.RESIDENT_ID):
        return False
    issued = region_of_resident_id(entity.certificate_number)
    return issued is not None and issued.code != entity.region


def needs_domain_certificate(region: str, domains: int) -> bool:
    return (region in DOMAIN_CERTIFICATE_REGIONS
            or domains > DOMAIN_CERTIFICATE_ABOVE.get(region, domains))


def regional_problems(order: FilingOrder, today: date | None = None) -> list[Problem]:
    """Every finding of the pre-submission check for ``order``."""
    try:
        region = region_by_code(order.entity.region)
    except KeyError:
        return []  # order_rules reports the missing province
    problems: list[Problem] = []
    kind = order.order_type
    if kind in NEW_ENTITY_DATA:
        problems += _residence(order, region)
    if kind in SETS_LEADER:
        problems += _ages(order, region, today or date.today())
        problems += _address(order)
        problems += _distinct_phones(order)
    if kind in ADDS_DOMAINS:
        problems += _domain_suffixes(order, region)
        problems += _domain_holder(order, region)
    problems += _filing_number_prefix(order, region)
    return problems


def _residence(order: FilingOrder, region: Region) -> list[Problem]:
    # Where a permit is accepted instead, the form asks for it as a material (§3.5).
    if not is_non_local(order):
        return []
    issued = region_of_resident_id(order.entity.certificate_number)
    assert issued is not None
    if region.code in LOCAL_ID_ONLY:
        params = {"region": region_label(region), "home": region_label(issued),
                  "as_of": LOCAL_ID_ONLY[region.code]}
        return [("certificate_number", N_(
            "Rule of {region} (as of {as_of}, confirm in the console): individuals can file "
            "here only with a resident ID issued in {region}; yours was issued in {home}. File "
            "in {home} instead, or let an organisation domiciled in {region} file the website."),
            params)]
    return []


def _birth_date(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _ages(order: FilingOrder, region: Region, today: date) -> list[Problem]:
    rule = MIN_AGE.get(region.code)
    if rule is None:
        return []
    individual = order.entity.entity_type is EntityType.INDIVIDUAL
    if not (rule.individuals if individual else rule.organisations):
        return []
    field = "certificate_number" if individual else "leader_id_number"
    problems: list[Problem] = []
    for person in _leaders(order):
        if person.certificate_type is not CertificateType.RESIDENT_ID:
            continue
        born = _birth_date(person.certificate_number)
        if born is not None and _age(born, today) < rule.minimum:
            problems.append((field, N_(
                "Rule of {region} (as of {as_of}, confirm in the console): the person in "
                "charge must be at least {minimum} years old; this ID belongs to someone aged "
                "{age}. Choose a person in charge who meets this minimum age."),
                {"region": region_label(region), "as_of": rule.as_of, "minimum": rule.minimum,
                 "age": _age(born, today)}))
            break
    return problems


def _leaders(order: FilingOrder) -> Iterable[Person]:
    yield order.entity.leader
    for site in order.websites:
        if site.leader is not None:
            yield site.leader


def _address(order: FilingOrder) -> list[Problem]:
    address = order.entity.address
    if address and not HOUSE_NUMBER.search(address):
        return [("address", N_(
            "The address has no house number; reviewers reject addresses that are not "
            "detailed down to the house number (…号). If the place has none, explain it in the "
            "remarks."), {})]
    return []


def _distinct_phones(order: FilingOrder) -> list[Problem]:
    emergency = order.details.get("emergency_phone", "")
    leaders = {person.mobile for person in _leaders(order) if person.mobile}
    if emergency and emergency in leaders:
        return [("emergency_phone", N_(
            "The emergency number must differ from the mobile numbers of the people in charge; "
            "give another person's number."), {})]
    return []


def _domain_suffixes(order: FilingOrder, region: Region) -> list[Problem]:
    entity = order.entity
    problems: list[Problem] = []
    for site in order.websites:
        domain = site.domain
        if entity.entity_type is EntityType.GOVERNMENT and not domain.endswith(
                (".gov.cn", ".政务")):
            problems.append(("domain", N_(
                "{domain}: government bodies must use a .gov.cn or .政务 domain (Provisions on "
                "the Security of Internet Government Applications, 2024)."), {"domain": domain}))
        if entity.entity_type is EntityType.PUBLIC_INSTITUTION and not domain.endswith(
                (".cn", ".公益")):
            problems.append(("domain", N_(
                "{domain}: public institutions must use a .cn or .公益 domain (Provisions on "
                "the Security of Internet Government Applications, 2024)."), {"domain": domain}))
        if domain.endswith(".org"):
            problems += _org_suffix(order, region, domain)
    return problems


def _org_suffix(order: FilingOrder, region: Region, domain: str) -> list[Problem]:
    params = {"region": region_label(region), "domain": domain}
    if region.code == "CN-CQ" and order.entity.entity_type is EntityType.INDIVIDUAL:
        return [("domain", N_(
            "Rule of {region} (as of 2020, confirm in the console): individuals cannot file a "
            ".org domain such as {domain}. Use another suffix, e.g. .cn or .com."), params)]
    if region.code == "CN-NX" and order.order_type is OrderType.NEW_ACCESS:
        return [("domain", N_(
            "Rule of {region} (as of 2025, confirm in the console): .org domains such as "
            "{domain} cannot be transferred in with an access filing."), params)]
    return []


def _domain_holder(order: FilingOrder, region: Region) -> list[Problem]:
    holder = order.details.get("domain_holder", "")
    domains = order.details.get("domains_not_held", "")
    if holder == "other":
        return [("domain_holder", N_(
            "{domains}: the domain's real-name holder must be the filing entity itself (same "
            "name, certificate type and number). Transfer the domain to the entity or update "
            "its real-name verification at the registrar first, then wait 2–3 days until MIIT "
            "has the data."), {"domains": domains})]
    if holder == "leader" and region.code in HOLDER_MUST_BE_ORGANISATION:
        return [("domain_holder", N_(
            "Rule of {region} (as of {as_of}, confirm in the console): {domains} must be "
            "registered to the organisation itself, not to its legal representative. Transfer "
            "the domain to the organisation at the registrar first."),
            {"region": region_label(region), "domains": domains,
             "as_of": HOLDER_MUST_BE_ORGANISATION[region.code]})]
    return []


def _filing_number_prefix(order: FilingOrder, region: Region) -> list[Problem]:
    numbers = [("entity_filing_number", order.entity.filing_number)]
    numbers += [("filing_number", site.filing_number) for site in order.websites]
    for field, number in numbers:
        if number and number[0] not in region.icp_prefixes:
            return [(field, N_(
                "{number} was issued in another province than {region}: choose the province "
                "whose abbreviation starts the number."),
                {"number": number, "region": region_label(region)})]
    return []
