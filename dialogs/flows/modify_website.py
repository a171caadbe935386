"""Modify website information of a filing obtained through this provider (§2.2)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from dialogs import parsers as p
from dialogs.flows.common import (
    DOMAIN,
    ENTITY_ID_STEPS,
    LEADER_EMAIL,
    LEADER_MOBILE,
    REMARKS,
    WEBSITE_CONTENT_STEP,
    WEBSITE_FILING_NUMBER,
    WEBSITE_NAME,
    details_from,
    entity_from,
    gated,
    only_if,
    refusal,
    websites_from,
)
from dialogs.flows.website_steps import ADMIN_STEPS
from dialogs.steps import Answers, Flow, Step
from filing.model import FilingOrder
from filing.text import N_
from filing.types import OrderType


def _changes(answers: Answers, lang: str) -> Sequence[tuple[str, str]]:
    changes = [("name", N_("The website's name")), ("content", N_("What the website offers")),
               ("contact", N_("The website's mobile number or e-mail"))]
    if p.is_organisation(answers):  # an individual administers their own website (§3.3)
        changes.append(("admin", N_("The website administrator")))
    return [*changes, ("domain", N_("The domain"))]


WEBSITE_CHANGE = Step("website_change", N_("What changes?"), N_("Change"), "change",
                      choices=_changes)
FILED_DOMAIN = replace(DOMAIN, prompt=N_("The website's domain as filed, e.g. example.com."))
NO_DOMAIN_CHANGE = refusal("domain_change_refused", N_(
    "Since 2019-04-22 a website has exactly one domain, and that domain cannot be changed. "
    "Instead, cancel this website, then file the new domain as a new website (keep the new "
    "domain offline until it is approved)."), only_if("website_change", "domain"))


def _route(answers: Answers) -> str | None:
    return "cancel_website" if answers.get("website_change") == "domain" else None


def build_modify_website(answers: Answers, applicant: str) -> FilingOrder:
    entity = entity_from(answers)
    return FilingOrder("", OrderType.MODIFY_WEBSITE, applicant, entity,
                       websites_from(answers, entity.leader), remarks=answers.get("remarks", ""),
                       details=details_from(answers, "website_change"))


MODIFY_WEBSITE = Flow(
    OrderType.MODIFY_WEBSITE.value,
    N_("Modify website information"),
    (WEBSITE_FILING_NUMBER, *ENTITY_ID_STEPS, FILED_DOMAIN, WEBSITE_CHANGE, NO_DOMAIN_CHANGE,
     *gated(only_if("website_change", "name"), WEBSITE_NAME),
     *gated(only_if("website_change", "content"), WEBSITE_CONTENT_STEP),
     *gated(only_if("website_change", "contact"), LEADER_MOBILE, LEADER_EMAIL),
     *gated(only_if("website_change", "admin"), *ADMIN_STEPS),
     *gated(only_if("website_change", "name", "content", "contact", "admin"), REMARKS)),
    build_modify_website,
    intro=N_("Let's change a website filed through this provider. Enter the website and its "
             "entity as filed now; then tell me what changes. The website may stay online."),
    route=_route,
)
