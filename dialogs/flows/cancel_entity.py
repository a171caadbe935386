"""Cancel the entity: its number and every website under it are deleted (§2.2)."""

from __future__ import annotations

from dialogs.flows.common import ENTITY_FILING_NUMBER, ENTITY_ID_STEPS, REMARKS, entity_from
from dialogs.steps import Answers, Flow
from filing.model import FilingOrder
from filing.text import N_
from filing.types import OrderType


def build_cancel_entity(answers: Answers, applicant: str) -> FilingOrder:
    return FilingOrder("", OrderType.CANCEL_ENTITY, applicant, entity_from(answers),
                       remarks=answers.get("remarks", ""))


CANCEL_ENTITY = Flow(
    OrderType.CANCEL_ENTITY.value,
    N_("Cancel the entity"),
    (ENTITY_FILING_NUMBER, *ENTITY_ID_STEPS, REMARKS),
    build_cancel_entity,
    intro=N_("Let's cancel the entity's filing. This deletes the entity's number and the "
             "numbers of all its websites."),
    warning=N_("This cannot be undone: the entity's filing number and every website filed "
               "under it are deleted for good. To drop only one website, cancel that website "
               "instead."),
)
