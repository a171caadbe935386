"""Whole-order validation on submit: the core re-checks everything, trusting no dialogue."""

from __future__ import annotations

from datetime import date

from filing import validation as v
from filing.checks import INDIVIDUAL_FIELDS, LEADER_FIELDS, check, person_problems
from filing.data.entities import CERTIFICATES_BY_ENTITY
from filing.errors import OrderInvalid
from filing.material_rules import material_problems
from filing.model import FilingOrder
from filing.regional_rules import Problem, regional_notes, regional_problems
from filing.site_rules import access_problems, website_problems
from filing.text import N_
from filing.types import EntityType, OrderType
from knowledge.regions import region_by_code

# Order types that bring a new website to MIIT and so need full website data and an instance.
NEW_SITE_TYPES = frozenset({OrderType.FIRST_FILING, OrderType.NEW_WEBSITE})
# Order types that act on something already filed and so need its filing number.
ON_FILED_WEBSITE = frozenset({
    OrderType.NEW_ACCESS, OrderType.MODIFY_WEBSITE, OrderType.MODIFY_ACCESS,
    OrderType.CANCEL_WEBSITE, OrderType.CANCEL_ACCESS,
})
ON_FILED_ENTITY = frozenset({
    OrderType.NEW_WEBSITE, OrderType.MODIFY_ENTITY, OrderType.CANCEL_ENTITY,
})
NEEDS_ACCESS = frozenset({OrderType.FIRST_FILING, OrderType.NEW_WEBSITE, OrderType.NEW_ACCESS})
IMPORT_WINDOW = (date(2010, 6, 1), date(2017, 1, 31))


def _leader_problems(order: FilingOrder, problems: list[Problem], today: date | None) -> None:
    individual = order.entity.entity_type is EntityType.INDIVIDUAL
    person_problems(INDIVIDUAL_FIELDS if individual else LEADER_FIELDS, order.entity.leader,
                    problems, today)


def order_problems(order: FilingOrder, today: date | None = None) -> list[Problem]:
    """Every problem that keeps ``order`` from being submitted, as (field, msgid, params).

    The regional pre-check (``filing.regional_rules``) is part of it, so the summary and the
    core's submit refuse the same things.
    """
    problems: list[Problem] = []
    entity = order.entity
    try:
        region_by_code(entity.region)
    except KeyError:
        problems.append(("region", N_("Choose the province where the entity is domiciled."), {}))
    if entity.certificate_type not in CERTIFICATES_BY_ENTITY[entity.entity_type]:
        problems.append(("certificate_type",
                         N_("This certificate type cannot be used by this kind of entity."), {}))
    check(problems, "certificate_number", v.certificate_number,
          entity.certificate_type, entity.certificate_number)
    if entity.entity_type is not EntityType.INDIVIDUAL and entity.name:
        check(problems, "entity_name", v.organization_name, entity.name)
    if order.order_type is OrderType.FIRST_FILING:
        check(problems, "address", v.address, entity.address)
    if order.order_type in NEW_SITE_TYPES:
        _leader_problems(order, problems, today)
        problems.extend(_entity_contact_problems(order))
        problems.extend(material_problems(order))
    if order.order_type is OrderType.MODIFY_ENTITY:
        problems.extend(_modify_entity_problems(order))
    if order.order_type in ON_FILED_ENTITY:
        if not entity.filing_number:
            problems.append(("entity_filing_number", N_("Give the entity's filing number."), {}))
        else:
            check(problems, "entity_filing_number", v.icp_number, entity.filing_number)
    if order.order_type in NEW_SITE_TYPES | ON_FILED_WEBSITE | {OrderType.CLAIM}:
        if not order.websites:
            problems.append(("websites", N_("The order needs at least one website."), {}))
        domains = [site.domain for site in order.websites]
        if len(set(domains)) != len(domains):
            problems.append(("domain", N_("Each website has its own, different domain."), {}))
    for site in order.websites:
        check(problems, "domain", v.domain, site.domain)
        if order.order_type in NEW_SITE_TYPES:
            problems.extend(website_problems(order, site, today))
        if order.order_type in ON_FILED_WEBSITE | {OrderType.CLAIM}:
            if not site.filing_number:
                problems.append(("filing_number", N_("Give the website's filing number."), {}))
            else:
                check(problems, "filing_number", v.icp_number, site.filing_number)
    if order.order_type in NEEDS_ACCESS:
        problems.extend(access_problems(order))
    if (order.order_type is OrderType.MODIFY_ACCESS
            and order.details.get("access_change") == "instance"):
        if order.access is None:
            problems.append(("service_code", N_("The order needs the instance's service code."),
                             {}))
        else:
            check(problems, "service_code", v.service_code, order.access.service_code)
    if order.order_type is OrderType.IMPORT:
        problems.extend(_import_problems(order))
    if order.order_type is OrderType.CLAIM:
        problems.extend(_claim_problems(order))
    if order.order_type is OrderType.CANCEL_ACCESS and order.details.get(
            "new_access_done") == "no":
        problems.append(("new_access_done", N_(
            "First file “new access” at the new provider and wait until it is approved; cancel "
            "access here only then, or the filing may become an empty shell and be cancelled. "
            "If you are closing the website for good, cancel the website instead."), {}))
    problems.extend(regional_problems(order, today))
    return problems


def _entity_contact_problems(order: FilingOrder) -> list[Problem]:
    """通信地址 in the filing province; 投资人或主管单位 for organisations (ref §3.2)."""
    entity = order.entity
    problems: list[Problem] = []
    if entity.mailing_address:
        check(problems, "mailing_address", v.mailing_address, entity.mailing_address,
              entity.region)
    elif order.order_type is OrderType.FIRST_FILING:
        problems.append(("mailing_address", N_("Give the entity's mailing address."), {}))
    if (order.order_type is OrderType.FIRST_FILING
            and entity.entity_type is not EntityType.INDIVIDUAL and not entity.investor):
        problems.append(("investor", N_("Give the investor or the superior unit."), {}))
    return problems


def order_notes(order: FilingOrder, today: date | None = None) -> list[Problem]:
    """Remarks that do not stop the submission: older provincial rules and reminders."""
    notes: list[Problem] = []
    found = v.certificate_note(order.entity.certificate_type, order.entity.certificate_number)
    if found is not None:
        notes.append(("certificate_number", *found))
    return notes + regional_notes(order, today)


def _modify_entity_problems(order: FilingOrder) -> list[Problem]:
    problems: list[Problem] = []
    entity, change = order.entity, order.details.get("entity_change", "")
    if change == "name":
        check(problems, "new_entity_name", v.organization_name,
              order.details.get("new_entity_name", ""))
        if "change_certificate" not in {material.kind for material in order.materials}:
            problems.append(("change_certificate", N_(
                "A name change needs the change certificate from the registration authority."),
                {}))
    elif change == "address":
        check(problems, "address", v.address, entity.address)
    elif change in ("leader", "contact"):
        _leader_problems(order, problems, None)
    else:
        problems.append(("entity_change", N_("Choose what changes."), {}))
    return problems


# Each precondition of a claim (§2.2) and the answer it needs.
CLAIM_CONDITIONS = (("claim_hichina", "yes"), ("claim_before_2010", "yes"),
                    ("claim_other_provider", "no"), ("claim_imported", "no"))


def _claim_problems(order: FilingOrder) -> list[Problem]:
    for field, needed in CLAIM_CONDITIONS:
        if order.details.get(field) != needed:
            return [(field, N_("Only filings obtained through HiChina before June 2010, with "
                               "no other provider added and not imported yet, can be "
                               "claimed."), {})]
    return []


def _import_problems(order: FilingOrder) -> list[Problem]:
    try:
        filed_on = date.fromisoformat(order.details.get("filed_on", ""))
    except ValueError:
        return [("filed_on", N_("Give the date the filing was submitted."), {})]
    start, end = IMPORT_WINDOW
    if not start <= filed_on <= end:
        return [("filed_on", N_("Only filings submitted between 2010-06-01 and 2017-01-31 can "
                                "be imported."), {})]
    return []


def ensure_submittable(order: FilingOrder) -> None:
    problems = order_problems(order)
    if problems:
        raise OrderInvalid(N_("The order cannot be submitted yet."), problems)
