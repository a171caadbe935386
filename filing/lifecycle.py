"""The review lifecycle of an order as one static ``transitions`` machine shared by all orders.

Orders are never added to the machine (it would keep them alive); each action fires the
machine's event on the order directly, as the transitions FAQ suggests for many models.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Any

from transitions import EventData, Machine, MachineError


class Status(StrEnum):
    DRAFT = "draft"
    PROVIDER_REVIEW = "provider_review"
    PROVIDER_REJECTED = "provider_rejected"
    SMS_VERIFICATION = "sms_verification"
    ADMINISTRATION_REVIEW = "administration_review"
    ADMINISTRATION_REJECTED = "administration_rejected"
    APPROVED = "approved"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class Action(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"  # provider's initial review passed; the order goes to MIIT
    REJECT = "reject"
    SMS_SENT = "sms_sent"
    SMS_VERIFIED = "sms_verified"
    SMS_EXPIRED = "sms_expired"
    ADMINISTRATION_APPROVE = "administration_approve"
    ADMINISTRATION_REJECT = "administration_reject"
    WITHDRAW = "withdraw"
    EXPIRE = "expire"


S = Status
REJECTIONS = frozenset({Action.REJECT, Action.ADMINISTRATION_REJECT})  # need reason codes
CORRECTABLE = (S.PROVIDER_REJECTED, S.ADMINISTRATION_REJECTED)
FINAL = frozenset({S.APPROVED, S.WITHDRAWN, S.EXPIRED})
OPEN = frozenset(Status) - FINAL
# Orders waiting for the provider or for news from MIIT: the review queue, oldest first.
WAITING = (S.PROVIDER_REVIEW, S.SMS_VERIFICATION, S.ADMINISTRATION_REVIEW)


def _needs_sms(event: EventData) -> bool:
    # Cancelling access is the one order type MIIT does not verify by SMS (§5.2).
    return str(getattr(event.model, "order_type", "")) != "cancel_access"


TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": Action.SUBMIT, "source": [S.DRAFT, *CORRECTABLE], "dest": S.PROVIDER_REVIEW},
    {"trigger": Action.APPROVE, "source": S.PROVIDER_REVIEW, "dest": S.SMS_VERIFICATION,
     "conditions": [_needs_sms]},
    {"trigger": Action.APPROVE, "source": S.PROVIDER_REVIEW, "dest": S.ADMINISTRATION_REVIEW},
    {"trigger": Action.REJECT, "source": S.PROVIDER_REVIEW, "dest": S.PROVIDER_REJECTED},
    {"trigger": Action.SMS_SENT, "source": S.SMS_VERIFICATION, "dest": None},
    {"trigger": Action.SMS_VERIFIED, "source": S.SMS_VERIFICATION,
     "dest": S.ADMINISTRATION_REVIEW},
    # A missed 24-hour window returns the order to the provider, who submits it again (§5.2).
    {"trigger": Action.SMS_EXPIRED, "source": S.SMS_VERIFICATION, "dest": S.PROVIDER_REVIEW},
    {"trigger": Action.ADMINISTRATION_APPROVE, "source": S.ADMINISTRATION_REVIEW,
     "dest": S.APPROVED},
    {"trigger": Action.ADMINISTRATION_REJECT, "source": S.ADMINISTRATION_REVIEW,
     "dest": S.ADMINISTRATION_REJECTED},
    # Once at the administration an order can no longer be withdrawn or changed (§2.2).
    {"trigger": Action.WITHDRAW, "source": [S.DRAFT, S.PROVIDER_REVIEW, *CORRECTABLE],
     "dest": S.WITHDRAWN},
    {"trigger": Action.EXPIRE, "source": [S.DRAFT, *CORRECTABLE], "dest": S.EXPIRED},
]


@cache
def lifecycle_machine() -> Machine:
    return Machine(
        model=None,
        states=Status,
        transitions=TRANSITIONS,
        initial=S.DRAFT,
        model_attribute="status",
        auto_transitions=False,
        send_event=True,
    )


def allowed_actions(status: Status, order_type: str = "") -> list[Action]:
    """What may be done to an order of ``order_type`` at ``status`` (the review desk's
    buttons); every type shares one path until the per-operation lifecycles."""
    return [Action(name) for name in lifecycle_machine().get_triggers(status)]


def fire(model: Any, action: Action) -> Status:
    """Move ``model.status`` by ``action``; raises MachineError when not allowed."""
    machine = lifecycle_machine()
    if action not in machine.events:
        raise MachineError(f"unknown action {action}")
    machine.events[action].trigger(model)
    return Status(model.status)
