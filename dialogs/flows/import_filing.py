"""Import a filing submitted between 2010-06-01 and 2017-01-31 into this account (§2.2)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from dialogs import parsers as p
from dialogs.flows.common import (
    ENTITY_FILING_NUMBER,
    ENTITY_ID_STEPS,
    REMARKS,
    details_from,
    entity_from,
    gated,
    refusal,
)
from dialogs.steps import Answers, Flow, Step
from filing.model import FilingOrder
from filing.order_rules import IMPORT_WINDOW
from filing.text import N_
from filing.types import OrderType

START, END = IMPORT_WINDOW


def _filed(test: Callable[[date], bool]) -> Callable[[Answers], bool]:
    def check(answers: Answers) -> bool:
        filed_on = answers.get("filed_on")
        return bool(filed_on) and test(date.fromisoformat(str(filed_on)))

    return check


TOO_EARLY = _filed(lambda day: day < START)
TOO_LATE = _filed(lambda day: day > END)
IN_WINDOW = _filed(lambda day: START <= day <= END)

FILED_ON = Step("filed_on", N_("On which date was the filing submitted? (year-month-day, e.g. "
                               "2012-03-15)"), N_("Submitted on"), "check", parse=p.filing_date)
REFUSALS = (
    (refusal("import_too_early", N_(
        "Filings submitted before 2010-06-01 are not imported: a HiChina filing from before "
        "June 2010 is claimed instead."), TOO_EARLY), "claim"),
    (refusal("import_too_late", N_(
        "Filings submitted after 2017-01-31 need no import: they are already in the new "
        "system. If the website is filed through another provider, add this provider with a "
        "“new access” filing."), TOO_LATE), "new_access"),
)


def _route(answers: Answers) -> str | None:
    for step, target in REFUSALS:
        if step.applies(answers):
            return target
    return None


def build_import(answers: Answers, applicant: str) -> FilingOrder:
    return FilingOrder("", OrderType.IMPORT, applicant, entity_from(answers),
                       remarks=answers.get("remarks", ""),
                       details=details_from(answers, "filed_on"))


IMPORT = Flow(
    OrderType.IMPORT.value,
    N_("Import a filing"),
    (FILED_ON, *(step for step, _ in REFUSALS),
     *gated(IN_WINDOW, ENTITY_FILING_NUMBER, *ENTITY_ID_STEPS, REMARKS)),
    build_import,
    intro=N_("Let's import a filing made on the old HiChina platform into your account. "
             "Only filings submitted between 2010-06-01 and 2017-01-31 are imported."),
    route=_route,
)
