"""Rules that can be checked before submitting: §8 rejection reasons and §6 regional rules.

Provincial rules change often and silently, so every provincial finding names the province
and the date of its source, and asks the user to confirm in the console. A finding *blocks*
(``regional_problems``) when it is a national rule or its source is dated 2022 or later
(``filing.data.province_rules``); otherwise it is a note (``regional_notes``) shown at the
summary without stopping the submission.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from filing import people_rules as people
from filing.data import province_rules as rules
from filing.data.province_rules import Dated
from filing.data.website_options import BLOG_REFUSED_FOR_INDIVIDUALS
from filing.model import FilingOrder, Person
from filing.text import N_
from filing.types import FOREIGNER_CERTIFICATES, CertificateType, EntityType, OrderType
from knowledge.regions import Region, region_by_code

Problem = tuple[str, str, dict[str, Any]]
Finding = tuple[str, str, dict[str, Any], bool]  # … and whether it blocks the submission

ADDS_DOMAINS = frozenset({OrderType.FIRST_FILING, OrderType.NEW_WEBSITE, OrderType.NEW_ACCESS,
                          OrderType.CLAIM})
NEW_ENTITY_DATA = frozenset({OrderType.FIRST_FILING, OrderType.NEW_WEBSITE})
SETS_LEADER = frozenset({OrderType.FIRST_FILING, OrderType.NEW_WEBSITE,
                         OrderType.MODIFY_ENTITY})
HOUSE_NUMBER = re.compile(r"[0-9号號]")


def region_label(region: Region) -> str:
    """The region's code: shown as its name in the reader's language where it is rendered."""
    return region.code


def dated(field: str, msgid: str, params: dict[str, Any], rule: Dated,
          region: Region) -> Finding:
    """A provincial finding: blocks only when its source is dated 2022 or later."""
    return (field, msgid, {**params, "region": region.code, "as_of": rule.as_of}, rule.blocks)


def national(field: str, msgid: str, params: dict[str, Any] | None = None) -> Finding:
    return (field, msgid, params or {}, True)


def note(field: str, msgid: str, params: dict[str, Any] | None = None) -> Finding:
    return (field, msgid, params or {}, False)


def is_organisation(order: FilingOrder) -> bool:
    return order.entity.entity_type is not EntityType.INDIVIDUAL


def is_non_local(order: FilingOrder) -> bool:
    """An individual whose resident ID or address is from another province."""
    entity = order.entity
    return (entity.entity_type is EntityType.INDIVIDUAL
            and people.is_non_local(entity.region, entity.certificate_type,
                                    entity.certificate_number, entity.address))


def needs_domain_certificate(region: str, domains: int) -> bool:
    return (region in rules.DOMAIN_CERTIFICATE_REGIONS
            or domains > rules.DOMAIN_CERTIFICATE_ABOVE.get(region, domains))


def same_person(one: Person, other: Person) -> bool:
    return (one.certificate_type, one.certificate_number) == (
        other.certificate_type, other.certificate_number)


def administrators(order: FilingOrder) -> list[Person]:
    return [site.leader for site in order.websites if site.leader is not None]


def _leaders(order: FilingOrder) -> Iterable[Person]:
    yield order.entity.leader
    yield from administrators(order)


def regional_findings(order: FilingOrder, today: date | None = None) -> list[Finding]:
    """Every finding of the pre-submission check for ``order``."""
    try:
        region = region_by_code(order.entity.region)
    except KeyError:
        return []  # order_rules reports the missing province
    checks: list[Callable[[FilingOrder, Region], list[Finding]]] = []
    kind = order.order_type
    if kind in NEW_ENTITY_DATA:
        checks += [_residence, _foreign_individual, _certificate_notes, _remarks, _blog,
                   _proposal, _reminders]
    if kind in SETS_LEADER:
        checks += [_address, _distinct_phones, _leader_rules, _admin_rules]
    if kind in ADDS_DOMAINS:
        checks += [_domain_suffixes, _domain_holder, _one_website]
    if kind is OrderType.NEW_ACCESS:
        checks.append(_access_notes)
    checks.append(_filing_number_prefix)
    findings = [finding for check in checks for finding in check(order, region)]
    if kind in SETS_LEADER:
        findings += _ages(order, region, today or date.today())
    return findings


def regional_problems(order: FilingOrder, today: date | None = None) -> list[Problem]:
    """The findings that keep ``order`` from being submitted."""
    return [(f, m, p) for f, m, p, blocks in regional_findings(order, today) if blocks]


def regional_notes(order: FilingOrder, today: date | None = None) -> list[Problem]:
    """The findings to confirm in the console: older rules and reminders."""
    return [(f, m, p) for f, m, p, blocks in regional_findings(order, today) if not blocks]


def _residence(order: FilingOrder, region: Region) -> list[Finding]:
    rule = rules.LOCAL_ID_ONLY.get(region.code)
    if rule is None or not is_non_local(order):
        return []
    entity = order.entity
    home = people.home_region(entity.certificate_type, entity.certificate_number,
                              entity.address)
    return [dated("certificate_number", N_(
        "Rule of {region} (as of {as_of}, confirm in the console): "
        "individuals file here only with a resident ID issued in {region}; yours "
        "is from {home}. File in {home} instead, or let an organisation domiciled in {region} "
        "file the website."), {"home": home or ""}, rule, region)]


def _foreign_individual(order: FilingOrder, region: Region) -> list[Finding]:
    rule = rules.FOREIGN_INDIVIDUALS_REFUSED.get(region.code)
    entity = order.entity
    if (rule is None or entity.entity_type is not EntityType.INDIVIDUAL
            or entity.certificate_type not in FOREIGNER_CERTIFICATES):
        return []
    return [dated("certificate_type", N_(
        "Rule of {region} (as of {as_of}, confirm in the console): foreigners cannot file as "
        "individuals."), {}, rule, region)]


def _certificate_notes(order: FilingOrder, region: Region) -> list[Finding]:
    entity = order.entity
    individual = entity.entity_type is EntityType.INDIVIDUAL
    found = people.certificate_notes(region.code, entity.leader.certificate_type, individual)
    return [] if found is None else [note("certificate_type", *found)]


def _birth_date(person: Person) -> date | None:
    number = person.certificate_number
    if person.certificate_type not in (CertificateType.RESIDENT_ID,
                                       CertificateType.RESIDENCE_PERMIT_HMT):
        return None
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _ages(order: FilingOrder, region: Region, today: date) -> list[Finding]:
    rule = rules.MIN_AGE.get(region.code)
    if rule is None:
        return []
    individual = order.entity.entity_type is EntityType.INDIVIDUAL
    if not (rule.individuals if individual else rule.organisations):
        return []
    field = "certificate_number" if individual else "leader_id_number"
    for person in _leaders(order):
        born = _birth_date(person)
        if born is not None and _age(born, today) < rule.minimum:
            return [dated(field, N_(
                "Rule of {region} (as of {as_of}, confirm in the console): "
                "the person in charge must be at least {minimum} years old; this "
                "ID belongs to someone aged {age}. Choose a person in charge who meets this "
                "minimum age."), {"minimum": rule.minimum, "age": _age(born, today)},
                rule.dated, region)]
    return []


def _address(order: FilingOrder, region: Region) -> list[Finding]:
    # ref §8 #21: reviewers want the house number; a place without one is explained in the
    # remarks, so this is a note, not a refusal.
    entity = order.entity
    found = []
    for field, address in (("address", entity.address),
                           ("mailing_address", entity.mailing_address)):
        if address and not HOUSE_NUMBER.search(address):
            found.append(note(field, N_(
                "The address has no house number; reviewers reject addresses that are not "
                "detailed down to the house number (…号). If the place has none, explain it in "
                "the remarks.")))
    return found


def _distinct_phones(order: FilingOrder, region: Region) -> list[Finding]:
    """ref §3.2, §7.4: emergency numbers differ from every mobile of the people in charge;
    two different people in charge do not share a mobile."""
    leader = order.entity.leader
    people_in_charge = list(_leaders(order))
    mobiles = {person.mobile for person in people_in_charge if person.mobile}
    emergencies = [(person, person.emergency_phone or order.details.get("emergency_phone", ""))
                   for person in people_in_charge]
    found = []
    if any(number and number in mobiles for _, number in emergencies):
        found.append(national("emergency_phone", N_(
            "The emergency number must differ from the mobile numbers of the people in charge; "
            "give another person's number.")))
    if any(not same_person(admin, leader) and admin.mobile == leader.mobile
           for admin in administrators(order)):
        found.append(national("admin_mobile", N_(
            "The website administrator is another person than the entity leader, so the two "
            "need different mobile numbers.")))
    return found


def _leader_rules(order: FilingOrder, region: Region) -> list[Finding]:
    if not is_organisation(order):
        return []
    entity, code = order.entity, region.code
    found = []
    rule = rules.LEADER_NEEDS_RESIDENT_ID.get(code)
    if rule is not None and entity.leader.certificate_type is not CertificateType.RESIDENT_ID:
        found.append(dated("leader_certificate_type", N_(
            "Rule of {region} (as of {as_of}, confirm in the console): "
            "a legal representative without a mainland resident ID authorises a "
            "holder of one, who files as the entity leader with a letter of authorisation."),
            {}, rule, region))
    if entity.leader_is_legal_representative:
        return found
    rule = rules.LEADER_MUST_BE_LEGAL_REP.get(code)
    if rule is not None:
        found.append(dated("leader_is_legal_rep", N_(
            "Rule of {region} (as of {as_of}, confirm in the console): "
            "the entity leader must be the legal representative. Enter the legal "
            "representative as the entity leader."), {}, rule, region))
    admins = administrators(order)
    rule = rules.NON_LEGAL_LEADER_IS_ADMIN.get(code)
    if rule is not None and any(not same_person(a, entity.leader) for a in admins):
        found.append(dated("admin_same", N_(
            "Rule of {region} (as of {as_of}, confirm in the console): "
            "an entity leader who is not the legal representative is also the "
            "website administrator of every website."), {}, rule, region))
    rule = rules.NON_LEGAL_LEADER_NOT_ADMIN.get(code)
    if rule is not None and any(same_person(a, entity.leader) for a in admins):
        found.append(dated("admin_same", N_(
            "Rule of {region} (as of {as_of}, confirm in the console): "
            "an entity leader who is not the legal representative cannot also be "
            "the website administrator."), {}, rule, region))
    return found


def _admin_rules(order: FilingOrder, region: Region) -> list[Finding]:
    if not is_organisation(order):
        return []
    leader, code = order.entity.leader, region.code
    others = [a for a in administrators(order) if not same_person(a, leader)]
    found = []
    rule = rules.ADMIN_MUST_BE_LEGAL_REP.get(code)
    if rule is not None and (others or not order.entity.leader_is_legal_representative):
        found.append(dated("admin_same", N_(
            "Rule of {region} (as of {as_of}, confirm in the console): "
            "the website administrator must be the legal representative, who is "
            "also the entity leader."), {}, rule, region))
    rule = rules.ADMIN_OTHER_THAN_LEADER.get(code)
    if rule is not None and len(others) < len(administrators(order)):
        found.append(dated("admin_same", N_(
            "Rule of {region} (as of {as_of}, confirm in the console): "
            "the website administrator is another person than the entity "
            "leader."), {}, rule, region))
    return found


def _domain_suffixes(order: FilingOrder, region: Region) -> list[Finding]:
    entity = order.entity
    found = []
    for site in order.websites:
        domain = site.domain
        if entity.entity_type is EntityType.GOVERNMENT and not domain.endswith(
                (".gov.cn", ".政务")):
            found.append(national("domain", N_(
                "{domain}: government bodies must use a .gov.cn or .政务 domain (Provisions on "
                "the Security of Internet Government Applications, 2024)."), {"domain": domain}))
        if entity.entity_type is EntityType.PUBLIC_INSTITUTION and not domain.endswith(
                (".cn", ".公益")):
            found.append(national("domain", N_(
                "{domain}: public institutions must use a .cn or .公益 domain (Provisions on "
                "the Security of Internet Government Applications, 2024)."), {"domain": domain}))
    return found


def _domain_holder(order: FilingOrder, region: Region) -> list[Finding]:
    held_elsewhere = [site.domain for site in order.websites if site.domain_holder == "other"]
    by_leader = [site.domain for site in order.websites if site.domain_holder == "leader"]
    holder = order.details.get("domain_holder", "")  # orders written before #19
    if holder == "other" and not held_elsewhere:
        held_elsewhere = [order.details.get("domains_not_held", "")]
    found = []
    if held_elsewhere:
        found.append(national("domain_holder", N_(
            "{domains}: the domain's real-name holder must be the filing entity itself (same "
            "name, certificate type and number). Transfer the domain to the entity or update "
            "its real-name verification at the registrar first, then wait 2–3 days until MIIT "
            "has the data."), {"domains": ", ".join(held_elsewhere)}))
    rule = rules.HOLDER_MUST_BE_ORGANISATION.get(region.code)
    if by_leader and rule is not None:
        found.append(dated("domain_holder", N_(
            "Rule of {region} (as of {as_of}, confirm in the console): "
            "{domains} must be registered to the organisation itself, not to its "
            "legal representative. Transfer the domain to the organisation at the registrar "
            "first."), {"domains": ", ".join(by_leader)}, rule, region))
    return found


def _one_website(order: FilingOrder, region: Region) -> list[Finding]:
    rule = rules.ONE_WEBSITE_PER_ORDER.get(region.code)
    if rule is None or not is_organisation(order) or len(order.websites) <= 1:
        return []
    return [dated("websites", N_("Rule of {region} (as of {as_of}, confirm in the console): "
                                 "organisations file one website per order. "
                                 "Remove the other websites and file them one after another."),
                  {}, rule, region)]


def _remarks(order: FilingOrder, region: Region) -> list[Finding]:
    rule = rules.REMARKS_FOR_INDIVIDUALS.get(region.code)
    if rule is None or is_organisation(order) or order.remarks:
        return []
    return [dated("remarks", N_("Rule of {region} (as of {as_of}, confirm in the console): "
                                "individuals describe in the remarks what the "
                                "website will contain, and that it is a personal, "
                                "non-commercial website."), {}, rule, region)]


def _blog(order: FilingOrder, region: Region) -> list[Finding]:
    as_of = BLOG_REFUSED_FOR_INDIVIDUALS.get(region.code)
    if as_of is None or is_organisation(order) or not any(
            site.content == "personal" for site in order.websites):
        return []
    return [note("website_content", N_(
        "Rule of {region} (as of {as_of}, confirm in the console): "
        "individuals could not choose blog or personal-space content. Describe "
        "the site's topic in the remarks and check the console's options."),
        {"region": region.code, "as_of": as_of})]


def _proposal(order: FilingOrder, region: Region) -> list[Finding]:
    rule = rules.CONSTRUCTION_PROPOSAL.get(region.code)
    if rule is None:
        return []
    limit = rule.organisations_above if is_organisation(order) else rule.individuals_above
    if limit is None or len(order.websites) <= limit:
        return []
    if "construction_proposal" in {m.kind for m in order.materials}:
        return []
    return [dated("construction_proposal", N_(
        "Rule of {region} (as of {as_of}, confirm in the console): "
        "with more than {limit} websites a website construction proposal "
        "(网站建设方案书) is needed."), {"limit": limit}, rule.dated, region)]


def _reminders(order: FilingOrder, region: Region) -> list[Finding]:
    """Rules that cannot be checked from the answers: said once at the summary."""
    code, entity = region.code, order.entity
    found = []
    if code in rules.NO_ELECTRONIC_LICENCE and is_organisation(order):
        found.append(note("entity_certificate", N_(
            "Rule of {region} (as of {as_of}, confirm in the console): "
            "an electronic business licence is not accepted; photograph or "
            "colour-scan the paper original."),
            {"region": code, "as_of": rules.NO_ELECTRONIC_LICENCE[code].as_of}))
    if code in rules.LANGUAGES_CHECKED:
        found.append(note("languages", N_(
            "Rule of {region} (as of {as_of}, confirm in the console): "
            "the Communications Administration checks that the ticked languages "
            "are the ones the website uses, and calls applicants at random: keep your phone "
            "reachable."), {"region": code, "as_of": rules.LANGUAGES_CHECKED[code].as_of}))
    if entity.entity_type is EntityType.INDIVIDUAL_BUSINESS:
        found += _sole_proprietor(code)
    return found


def _sole_proprietor(code: str) -> list[Finding]:
    if code in rules.SOLE_PROPRIETOR_AS_INDIVIDUAL:
        return [note("entity_type", N_(
            "Rule of {region} (as of {as_of}, confirm in the console): "
            "an individual business without a trade name files as an individual, "
            "with the business explained in the remarks."),
            {"region": code, "as_of": rules.SOLE_PROPRIETOR_AS_INDIVIDUAL[code].as_of})]
    if code in rules.SOLE_PROPRIETOR_NAMED:
        return [note("entity_name", N_(
            "Rule of {region} (as of {as_of}, confirm in the console): "
            "an individual business without a trade name files as an "
            "enterprise named after its owner, e.g. 张三（个体工商户）."),
            {"region": code, "as_of": rules.SOLE_PROPRIETOR_NAMED[code].as_of})]
    return []


def _access_notes(order: FilingOrder, region: Region) -> list[Finding]:
    rule = rules.ACCESS_SAME_CERTIFICATE.get(region.code)
    if rule is None:
        return []
    return [dated("certificate_number", N_(
        "Rule of {region} (as of {as_of}, confirm in the console): "
        "a transfer-in uses the same certificate as the original filing; a new "
        "business licence is changed at the original provider first."), {}, rule, region)]


def _filing_number_prefix(order: FilingOrder, region: Region) -> list[Finding]:
    numbers = [("entity_filing_number", order.entity.filing_number)]
    numbers += [("filing_number", site.filing_number) for site in order.websites]
    for field, number in numbers:
        if number and number[0] not in region.icp_prefixes:
            return [national(field, N_(
                "{number} was issued in another province than {region}: choose the province "
                "whose abbreviation starts the number."),
                {"number": number, "region": region_label(region)})]
    return []
