"""Whole-order validation on submit: the core re-checks everything, trusting no dialogue."""

from __future__ import annotations

from datetime import date
from typing import Any

from filing import validation as v
from filing.errors import OrderInvalid
from filing.model import FilingOrder, Person
from filing.regional_rules import Problem, regional_problems
from filing.text import N_
from filing.types import CERTIFICATES_BY_ENTITY, OrderType
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


def _check(problems: list[Problem], field: str, func: Any, *args: Any) -> None:
    try:
        func(*args)
    except v.Invalid as invalid:
        problems.append((field, invalid.msgid, invalid.params))


def _person_problems(prefix: str, person: Person, problems: list[Problem]) -> None:
    _check(problems, f"{prefix}_name", v.person_name, person.name)
    _check(problems, f"{prefix}_id_number", v.certificate_number,
           person.certificate_type, person.certificate_number)
    _check(problems, f"{prefix}_mobile", v.mobile, person.mobile)
    if person.email:
        _check(problems, f"{prefix}_email", v.email, person.email)


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
    _check(problems, "certificate_number", v.certificate_number,
           entity.certificate_type, entity.certificate_number)
    if order.order_type is OrderType.FIRST_FILING:
        _check(problems, "address", v.address, entity.address)
    if order.order_type in NEW_SITE_TYPES:
        _person_problems("leader", entity.leader, problems)
    if order.order_type is OrderType.MODIFY_ENTITY:
        problems.extend(_modify_entity_problems(order))
    if order.order_type in ON_FILED_ENTITY:
        if not entity.filing_number:
            problems.append(("entity_filing_number", N_("Give the entity's filing number."), {}))
        else:
            _check(problems, "entity_filing_number", v.icp_number, entity.filing_number)
    if order.order_type in NEW_SITE_TYPES | ON_FILED_WEBSITE | {OrderType.CLAIM}:
        if not order.websites:
            problems.append(("websites", N_("The order needs at least one website."), {}))
        domains = [site.domain for site in order.websites]
        if len(set(domains)) != len(domains):
            problems.append(("domain", N_("Each website has its own, different domain."), {}))
    for site in order.websites:
        _check(problems, "domain", v.domain, site.domain)
        if order.order_type in NEW_SITE_TYPES:
            _check(problems, "website_name", v.website_name, site.name, entity.entity_type)
            if not site.content:
                problems.append(("website_content", N_("Choose what the website offers."), {}))
        if order.order_type in ON_FILED_WEBSITE | {OrderType.CLAIM}:
            if not site.filing_number:
                problems.append(("filing_number", N_("Give the website's filing number."), {}))
            else:
                _check(problems, "filing_number", v.icp_number, site.filing_number)
    if order.order_type in NEEDS_ACCESS:
        if order.access is None:
            problems.append(("service_code", N_("The order needs the instance's service code."),
                             {}))
        else:
            _check(problems, "service_code", v.service_code, order.access.service_code)
    if (order.order_type is OrderType.MODIFY_ACCESS
            and order.details.get("access_change") == "instance"):
        if order.access is None:
            problems.append(("service_code", N_("The order needs the instance's service code."),
                             {}))
        else:
            _check(problems, "service_code", v.service_code, order.access.service_code)
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


def _modify_entity_problems(order: FilingOrder) -> list[Problem]:
    problems: list[Problem] = []
    entity, change = order.entity, order.details.get("entity_change", "")
    if change == "name":
        _check(problems, "new_entity_name", v.organization_name,
               order.details.get("new_entity_name", ""))
        if "change_certificate" not in {material.kind for material in order.materials}:
            problems.append(("change_certificate", N_(
                "A name change needs the change certificate from the registration authority."),
                {}))
    elif change == "address":
        _check(problems, "address", v.address, entity.address)
    elif change in ("leader", "contact"):
        _person_problems("leader", entity.leader, problems)
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
