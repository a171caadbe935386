"""The decision form: what a reviewer chose, read from the request and checked before the
confirmation step (the core checks again when it decides)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from multidict import MultiDictProxy

from filing.errors import DomainError
from filing.lifecycle import REJECTIONS, Action, decisions
from filing.model import FilingOrder
from filing.reasons import is_known_reason
from filing.services import ReviewDecision
from filing.text import N_

# The actions as the desk's buttons name them (the bot's names are lower-case phrases for
# sentences, and an English one would read as the action's code).
ACTION_NAMES: dict[str, str] = {
    Action.SUBMIT: N_("Submit"),
    Action.APPROVE: N_("Approve"),
    Action.REJECT: N_("Reject and return to the applicant"),
    Action.SMS_SENT: N_("Record the SMS as sent"),
    Action.SMS_VERIFIED: N_("Record the SMS as verified"),
    Action.SMS_EXPIRED: N_("Record the SMS window as missed"),
    Action.ADMINISTRATION_APPROVE: N_("Record the administration's approval"),
    Action.ADMINISTRATION_REJECT: N_("Record the administration's rejection"),
    Action.WITHDRAW: N_("Withdraw"),
    Action.EXPIRE: N_("Expire"),
}


def reviewer_actions(order: FilingOrder) -> list[Action]:
    """The decisions this order's type allows at its status (``filing.lifecycle``)."""
    return list(decisions(order.order_type, order.status))


NOTE_LIMIT = 2000


@dataclass(frozen=True)
class DecisionForm:
    action: str
    reasons: tuple[str, ...]
    note: str
    icp_number: str
    version: int

    @classmethod
    def blank(cls) -> DecisionForm:
        return cls("", (), "", "", -1)

    @classmethod
    def read(cls, form: MultiDictProxy[Any]) -> DecisionForm:
        version = str(form.get("version", ""))
        return cls(str(form.get("action", "")),
                   tuple(dict.fromkeys(str(code) for code in form.getall("reason", []))),
                   str(form.get("note", "")).strip()[:NOTE_LIMIT],
                   str(form.get("icp_number", "")).strip()[:64],
                   int(version) if version.isdigit() else -1)

    def decision(self, order_id: str, actor: str) -> ReviewDecision:
        return ReviewDecision(order_id, Action(self.action), actor, self.reasons,
                              self.note or None, self.icp_number or None,
                              expected_version=self.version)


def check(form: DecisionForm, order: FilingOrder) -> DomainError | None:
    """What is wrong with the form before asking for confirmation, if anything."""
    if form.action not in reviewer_actions(order):
        return DomainError(N_("Choose one of the actions offered for this order."))
    if Action(form.action) in REJECTIONS:
        if not form.reasons or not all(is_known_reason(code) for code in form.reasons):
            return DomainError(N_("A rejection needs at least one reason."))
        if "other" in form.reasons and not form.note:
            return DomainError(N_("Explain “other” in the note: the applicant reads it."))
    return None
