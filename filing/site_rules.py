"""A new website's data and the instance it is hosted on, checked as the core checks an order.

Website: name (§3.3), content, administrator (网站负责人), languages, pre-approval (§3.3,
filing-details §3), domain holder and expiry (§4.2). Instance: what the provider checks before
it issues a service code — a mainland region and a subscription of at least 3 months (§4.3).
"""

from __future__ import annotations

from datetime import date

from filing import validation as v
from filing.checks import check, person_problems
from filing.data import pre_approvals
from filing.data.website_options import LANGUAGES, ORGANISATION_ONLY_CONTENT
from filing.model import FilingOrder, Website
from filing.regional_rules import Problem
from filing.text import N_
from filing.types import EntityType

ADMIN_FIELDS = {"name": "admin_name", "number": "admin_id_number", "mobile": "admin_mobile",
                "email": "admin_email", "valid_until": "admin_valid_until"}
MAINLAND = "mainland"
SUBSCRIPTION = "subscription"  # 包年包月, at least 3 months in total (renewals count)


def website_problems(order: FilingOrder, site: Website, today: date | None) -> list[Problem]:
    entity = order.entity
    problems: list[Problem] = []
    individual = entity.entity_type is EntityType.INDIVIDUAL
    check(problems, "website_name", v.website_name, site.name, entity.entity_type,
          entity.name if individual else "")
    problems += _content_problems(order, site)
    if site.leader is None:
        problems.append(("admin_same", N_("Give the website administrator."), {}))
    else:
        person_problems(ADMIN_FIELDS, site.leader, problems, today)
    if not site.languages or not set(site.languages) <= set(LANGUAGES):
        problems.append(("languages", N_("Choose the languages the website is in."), {}))
    problems += _pre_approval_problems(order, site)
    if not (site.domain_holder or order.details.get("domain_holder")):
        problems.append(("domain_holder", N_("Tell me who holds the domain's real name."), {}))
    if site.domain_expires:
        check(problems, "domain_expiry", v.domain_expiry, site.domain_expires, today)
    return problems


def _content_problems(order: FilingOrder, site: Website) -> list[Problem]:
    if not site.content:
        return [("website_content", N_("Choose what the website offers."), {})]
    individual = order.entity.entity_type is EntityType.INDIVIDUAL
    if individual and site.content in ORGANISATION_ONLY_CONTENT:
        return [("website_content", N_("Individuals can file only personal, non-commercial "
                                       "websites; this content needs an organisation."), {})]
    if site.content == "other" and not order.remarks:
        return [("remarks", N_("You chose “something else” as the website's content: describe "
                               "it in the remarks."), {})]
    return []


def _pre_approval_problems(order: FilingOrder, site: Website) -> list[Problem]:
    entity = order.entity
    problems: list[Problem] = []
    approval = site.pre_approval
    if approval is not None:
        check(problems, "pre_approval", v.pre_approval_allowed, approval.category,
              entity.entity_type)
        check(problems, "pre_approval_number", v.approval_number, approval.number)
        if "pre_approval_document" not in {m.kind for m in order.materials}:
            problems.append(("pre_approval_document", N_(
                "Send the approval document's scan."), {}))
    if entity.entity_type is EntityType.INDIVIDUAL:
        sector = sector_in_personal_name(site.name, entity.region)
        if sector is not None:
            problems.append(("website_name", *sector))
        return problems
    missing = approval_missing_for_name(site.name, approval.category if approval else "",
                                        entity.region)
    if missing is not None:
        problems.append(("pre_approval", *missing))
    return problems


def sector_in_personal_name(name: str, region: str) -> v.Note | None:
    """A personal website named after a regulated sector (§3.3): individuals cannot hold the
    approval, so the name has to go (reviewers turn such names back)."""
    missing = approval_missing_for_name(name, "", region)
    if missing is None:
        return None
    return (N_("The website's name contains “{word}”, which points to “{category}” content: "
               "that needs a sector approval, which individuals cannot hold. Name the website "
               "after what it is about instead."), missing[1])


def approval_missing_for_name(name: str, chosen: str, region: str) -> v.Note | None:
    """The name says a regulated sector but no approval of that sector is given (§3.3).

    Categories that the province no longer requires (education, health care outside the
    provinces that kept them; BBS everywhere) are not asked for.
    """
    found = pre_approvals.category_in_name(name)
    if found is None:
        return None
    category, word = found
    if category.key == chosen or category.abolished or (
            category.kept_in and region not in category.kept_in):
        return None
    return (N_("The website's name contains “{word}”, which points to “{category}” content: "
               "that needs its approval before filing. Choose that approval, or change the "
               "website's name."), {"word": word, "category": category.key})


def access_problems(order: FilingOrder) -> list[Problem]:
    access = order.access
    if access is None:
        return [("service_code", N_("The order needs the instance's service code."), {})]
    problems: list[Problem] = []
    check(problems, "service_code", v.service_code, access.service_code)
    if access.instance_region and access.instance_region != MAINLAND:
        problems.append(("instance_region", N_(
            "Only an instance in a mainland China region can be filed; Hong Kong and overseas "
            "regions need no filing and cannot generate a service code."), {}))
    billing = order.details.get("instance_billing")
    if billing and billing != SUBSCRIPTION:
        problems.append(("instance_billing", N_(
            "The provider issues a service code only for a subscription (包年包月) instance "
            "with at least 3 months bought in total; renew or convert it first."), {}))
    return problems
