"""What happens to an order after it is submitted, per order type, as data.

Each order type has an ``OperationPath``: the review steps it passes in order, whose phone
MIIT texts, who does a face check and what the approval produces. ``table(order_type)``
turns a path into that type's transition table (status, action → status); one static
``transitions`` machine per order type fires it. Orders are never added to a machine (it
would keep them alive); each action fires the machine's event on the order directly, as the
transitions FAQ suggests for many models. ``docs/lifecycles.md`` is rendered from these
tables (``python -m filing.lifecycle_docs``).

Sources: ../shared/domain/icp-filing.md §2.2, §2.3, §5 and filing-details.md §6–§7.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from functools import cache
from typing import Any, NamedTuple

from transitions import Machine, MachineError

from filing.types import OrderType


class Status(StrEnum):
    DRAFT = "draft"
    PROVIDER_REVIEW = "provider_review"
    PROVIDER_REJECTED = "provider_rejected"
    SMS_VERIFICATION = "sms_verification"
    # A cancellation whose SMS window passed: it never went through the provider, so it
    # comes back to the applicant, who submits it again for a new SMS.
    SMS_MISSED = "sms_missed"
    ADMINISTRATION_REVIEW = "administration_review"
    ADMINISTRATION_REJECTED = "administration_rejected"
    APPROVED = "approved"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class Action(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"  # the provider's review passed
    REJECT = "reject"
    SMS_SENT = "sms_sent"
    SMS_VERIFIED = "sms_verified"
    SMS_EXPIRED = "sms_expired"
    ADMINISTRATION_APPROVE = "administration_approve"
    ADMINISTRATION_REJECT = "administration_reject"
    WITHDRAW = "withdraw"
    EXPIRE = "expire"


class SmsTo(StrEnum):
    """Whose mobile MIIT's 12381 SMS goes to (icp-filing.md §5.2)."""

    NOBODY = "nobody"
    ENTITY_LEADER = "entity_leader"
    WEBSITE_LEADER = "website_leader"
    BOTH_LEADERS = "both_leaders"


class FaceCheck(StrEnum):
    """Who verifies their face in the provider's app (filing-details.md §7.1)."""

    NONE = "none"
    PERSONS_IN_CHARGE = "persons_in_charge"
    CHANGED_PERSONS = "changed_persons"


class Outcome(StrEnum):
    """What an approval does to the ICP numbers (filing-details.md §6)."""

    NEW_ENTITY = "new_entity"  # an entity number once, its websites -1, -2, …
    NEW_WEBSITES = "new_websites"  # the next free serials on the existing entity number
    NUMBERS_KEPT = "numbers_kept"  # changes and new access
    WEBSITE_CANCELLED = "website_cancelled"  # that serial is retired, never reused
    ENTITY_CANCELLED = "entity_cancelled"  # the entity number and all its serials retired
    ACCESS_REMOVED = "access_removed"  # this provider leaves; the numbers stay
    IN_ACCOUNT = "in_account"  # an existing filing appears in the applicant's account


S, A = Status, Action
REVIEWS = (S.PROVIDER_REVIEW, S.SMS_VERIFICATION, S.ADMINISTRATION_REVIEW)
FULL_REVIEW = REVIEWS  # provider, MIIT SMS, Communications Administration


@dataclass(frozen=True)
class OperationPath:
    order_type: OrderType
    steps: tuple[Status, ...]  # the review steps after submission, in order
    sms_to: SmsTo
    face_check: FaceCheck
    outcome: Outcome
    why: str  # the sources and the choices made where they disagree (for the docs)
    # Statuses besides the draft, the provider's review and the returned ones from which
    # the applicant may still withdraw.
    also_withdrawable: tuple[Status, ...] = ()

    @property
    def has_sms(self) -> bool:
        return S.SMS_VERIFICATION in self.steps

    @property
    def returned(self) -> tuple[Status, ...]:
        """Where rejections return the order: the applicant corrects and submits again."""
        found = []
        if S.PROVIDER_REVIEW in self.steps:
            found.append(S.PROVIDER_REJECTED)
        elif self.has_sms:
            found.append(S.SMS_MISSED)
        if S.ADMINISTRATION_REVIEW in self.steps:
            found.append(S.ADMINISTRATION_REJECTED)
        return tuple(found)

    @property
    def issues_website_numbers(self) -> bool:
        return self.outcome in (Outcome.NEW_ENTITY, Outcome.NEW_WEBSITES)


P = OperationPath  # short, for the table below
PATHS: dict[OrderType, OperationPath] = {path.order_type: path for path in (
    P(OrderType.FIRST_FILING, FULL_REVIEW, SmsTo.BOTH_LEADERS, FaceCheck.PERSONS_IN_CHARGE,
         Outcome.NEW_ENTITY, "icp-filing.md §5.1–§5.2; numbers §5.6."),
    P(OrderType.NEW_WEBSITE, FULL_REVIEW, SmsTo.WEBSITE_LEADER, FaceCheck.PERSONS_IN_CHARGE,
         Outcome.NEW_WEBSITES, "icp-filing.md §5.2 (SMS to the website leader); "
         "filing-details.md §6: a new serial under the existing entity number."),
    P(OrderType.NEW_ACCESS, FULL_REVIEW, SmsTo.WEBSITE_LEADER, FaceCheck.PERSONS_IN_CHARGE,
         Outcome.NUMBERS_KEPT, "icp-filing.md §5.2 (SMS to the filed website leader); "
         "filing-details.md §6: the number is unchanged [HW-KB-MIGRATE]."),
    P(OrderType.MODIFY_ENTITY, FULL_REVIEW, SmsTo.ENTITY_LEADER, FaceCheck.CHANGED_PERSONS,
         Outcome.NUMBERS_KEPT, "icp-filing.md §5.2: an entity change texts the entity leader; "
         "numbers unchanged (filing-details.md §6, derived)."),
    P(OrderType.MODIFY_WEBSITE, FULL_REVIEW, SmsTo.WEBSITE_LEADER, FaceCheck.CHANGED_PERSONS,
         Outcome.NUMBERS_KEPT, "icp-filing.md §5.2: a website change texts the website "
         "leader; numbers unchanged."),
    P(OrderType.MODIFY_ACCESS, FULL_REVIEW, SmsTo.WEBSITE_LEADER, FaceCheck.NONE,
         Outcome.NUMBERS_KEPT, "Access data belong to the website: since 2020-08-17 every "
         "type but cancel access is SMS-verified [HW-kb-sms], so the website leader is texted "
         "(derived; no source names the phone for an access change)."),
    # Conflict: the 2017 table (icp-filing.md §5.2) verifies no cancellation by SMS; Huawei
    # 2025 and Alibaba's own pages (filing-details.md §7.1, [ALI-CANCEL]) say cancellations
    # go straight to the CA for SMS and review. The current pages win: no provider review.
    P(OrderType.CANCEL_WEBSITE, (S.SMS_VERIFICATION, S.ADMINISTRATION_REVIEW),
         SmsTo.WEBSITE_LEADER, FaceCheck.NONE, Outcome.WEBSITE_CANCELLED,
         "filing-details.md §7.1–§7.2: straight to the CA, SMS to the website leader "
         "[ALI-CANCEL][HW-KB-CANCEL]; the serial is deleted for good.",
         also_withdrawable=(S.SMS_VERIFICATION,)),
    P(OrderType.CANCEL_ENTITY, (S.SMS_VERIFICATION, S.ADMINISTRATION_REVIEW),
         SmsTo.ENTITY_LEADER, FaceCheck.NONE, Outcome.ENTITY_CANCELLED,
         "filing-details.md §7.1–§7.2: straight to the CA, SMS to the entity leader (it "
         "replaced the filing password on 2020-08-17); the entity number and every serial "
         "are deleted.", also_withdrawable=(S.SMS_VERIFICATION,)),
    # Whether the CA reviews a cancel access is unknown (filing-details.md §8 q4); we keep
    # the CA step because the change is recorded in MIIT's system, where it can be refused.
    P(OrderType.CANCEL_ACCESS, (S.PROVIDER_REVIEW, S.ADMINISTRATION_REVIEW), SmsTo.NOBODY,
         FaceCheck.NONE, Outcome.ACCESS_REMOVED,
         "icp-filing.md §2.2, §5.2: the one type exempt from the MIIT SMS [HW-kb-sms]; the "
         "number survives (filing-details.md §6)."),
    # Claim and import are account operations at the provider: nothing at MIIT changes, so
    # no SMS and no CA review (filing-details.md §7.1: none found; derived).
    P(OrderType.CLAIM, (S.PROVIDER_REVIEW,), SmsTo.NOBODY, FaceCheck.NONE,
         Outcome.IN_ACCOUNT, "seed; filing-details.md §7.3: the provider checks the ID "
         "images; the filing then appears in the applicant's account."),
    P(OrderType.IMPORT, (S.PROVIDER_REVIEW,), SmsTo.NOBODY, FaceCheck.NONE,
         Outcome.IN_ACCOUNT, "seed; filing-details.md §7.3: the provider decides on the "
         "ownership proof (never the old platform's password); the filing then appears in "
         "the applicant's account."),
)}

REJECTIONS = frozenset({A.REJECT, A.ADMINISTRATION_REJECT})  # need reason codes
# Every status an order returns to for correction, whatever its type.
CORRECTABLE = (S.PROVIDER_REJECTED, S.SMS_MISSED, S.ADMINISTRATION_REJECTED)
FINAL = frozenset({S.APPROVED, S.WITHDRAWN, S.EXPIRED})
OPEN = frozenset(Status) - FINAL
# Orders waiting for the provider or for news from MIIT: the review queue, oldest first.
WAITING = REVIEWS
# Actions that are not a reviewer's (or back office's) decision: the applicant submits and
# withdraws, the bot's clock expires.
NOT_DECISIONS = frozenset({A.SUBMIT, A.WITHDRAW, A.EXPIRE})
ISSUES_WEBSITE_NUMBERS = frozenset(t for t, path in PATHS.items()
                                   if path.issues_website_numbers)

# Alibaba deletes orders not updated for 45 days, reminding at about 30 and 40 days
# (icp-filing.md §2.3 [ALI-cleanup]); here: returned orders not submitted again.
UNFINISHED_EXPIRES_AFTER = timedelta(days=45)
EXPIRY_REMINDERS_AFTER = (timedelta(days=30), timedelta(days=40))


class Transition(NamedTuple):
    source: Status
    action: Action
    dest: Status


def _review_rows(path: OperationPath) -> list[Transition]:
    rows: list[Transition] = []
    for index, step in enumerate(path.steps):
        after = path.steps[index + 1] if index + 1 < len(path.steps) else S.APPROVED
        if step is S.PROVIDER_REVIEW:
            rows += [Transition(step, A.APPROVE, after),
                     Transition(step, A.REJECT, S.PROVIDER_REJECTED)]
        elif step is S.SMS_VERIFICATION:
            # A missed 24-hour window returns the order to the provider, who submits it
            # again (§5.2); without a provider step it returns to the applicant.
            missed = S.PROVIDER_REVIEW if S.PROVIDER_REVIEW in path.steps else S.SMS_MISSED
            rows += [Transition(step, A.SMS_SENT, step),
                     Transition(step, A.SMS_VERIFIED, after),
                     Transition(step, A.SMS_EXPIRED, missed)]
        elif step is S.ADMINISTRATION_REVIEW:
            rows += [Transition(step, A.ADMINISTRATION_APPROVE, after),
                     Transition(step, A.ADMINISTRATION_REJECT, S.ADMINISTRATION_REJECTED)]
    return rows


@cache
def table(order_type: OrderType) -> tuple[Transition, ...]:
    """Every move an order of ``order_type`` can make, in the order of its path."""
    path = PATHS[order_type]
    reopen = (S.DRAFT, *path.returned)
    # Once at the administration an order can no longer be withdrawn or changed (§2.2).
    withdrawable = (S.DRAFT, *(s for s in path.steps if s is S.PROVIDER_REVIEW),
                    *path.also_withdrawable, *path.returned)
    return (*(Transition(source, A.SUBMIT, path.steps[0]) for source in reopen),
            *_review_rows(path),
            *(Transition(source, A.WITHDRAW, S.WITHDRAWN) for source in withdrawable),
            *(Transition(source, A.EXPIRE, S.EXPIRED) for source in reopen))


def next_status(order_type: OrderType, status: Status, action: Action) -> Status | None:
    """Where ``action`` takes an order of ``order_type`` at ``status``; None if it may not."""
    for row in table(order_type):
        if row.source is status and row.action is action:
            return row.dest
    return None


def decisions(order_type: OrderType, status: Status) -> tuple[Action, ...]:
    """The reviewer's (or back office's) decisions on such an order at ``status``: the one
    list the chat cards, the CLI desk, the web desk and the signed callback offer."""
    return tuple(row.action for row in table(order_type)
                 if row.source is status and row.action not in NOT_DECISIONS)


def first_step(order_type: OrderType) -> Status:
    return PATHS[order_type].steps[0]


@cache
def lifecycle_machine(order_type: OrderType) -> Machine:
    transitions: list[dict[str, Any]] = [
        {"trigger": row.action, "source": row.source,
         "dest": None if row.dest is row.source else row.dest}
        for row in table(order_type)]
    return Machine(model=None, states=Status, transitions=transitions, initial=S.DRAFT,
                   model_attribute="status", auto_transitions=False, send_event=True)


def fire(model: Any, action: Action) -> Status:
    """Move ``model.status`` by ``action`` on its order type's machine; raises MachineError
    when the type's table does not allow it."""
    machine = lifecycle_machine(OrderType(model.order_type))
    if action not in machine.events:
        raise MachineError(f"{model.order_type} knows no action {action}")
    machine.events[action].trigger(model)
    return Status(model.status)
