"""The service layer of the core: submit orders and record review results.

Every status change goes through ``_move``: the lifecycle machine decides, the history records
who, when and why, and an event is raised for the unit of work to put in the outbox.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from filing.errors import (
    ConcurrentUpdate,
    DomainError,
    ForbiddenTransition,
    NumberTaken,
    OrderInvalid,
    OrderNotFound,
)
from filing.events import OrderApproved, OrderStatusChanged, OrderSubmitted
from filing.lifecycle import (
    CORRECTABLE,
    PATHS,
    REJECTIONS,
    UNFINISHED_EXPIRES_AFTER,
    WAITING,
    Action,
    Status,
    fire,
    next_status,
)
from filing.masking import mask_name
from filing.model import FilingOrder, OrderSummary, StatusChange
from filing.numbering import NumberChanges, filed_problems, record_approval
from filing.order_rules import ensure_submittable
from filing.ports import Clock, UnitOfWork
from filing.reasons import NOTE_REQUIRED, applies_to, is_known_reason
from filing.registry import FiledEntity
from filing.retention import Forgotten, anonymise, is_anonymised, under_review
from filing.text import N_

SMS_WINDOW = timedelta(hours=24)
NUMBER_ATTEMPTS = 5  # approvals racing for one entity's next serial: each waits its turn
SYSTEM = "system"  # the actor of what the bot's clock does (expiry)


@dataclass(frozen=True)
class ReviewDecision:
    """RecordReviewResult: a reviewer's (or back office's) decision on one order."""

    order_id: str
    action: Action
    actor: str
    reasons: tuple[str, ...] = ()
    note: str | None = None
    icp_number: str | None = None
    # The order's version the reviewer looked at: a decision on an order that changed since
    # (another reviewer decided first) is refused instead of applied on top.
    expected_version: int | None = None
    # The back office's event id: recorded with the decision, so a replay is refused and a
    # failed attempt can be retried.
    event_id: str | None = None


def _check_reasons(order: FilingOrder, decision: ReviewDecision) -> None:
    """Several catalogued reasons that fit the order's type; "other" only with a note."""
    if not decision.reasons:
        raise DomainError(N_("A rejection needs at least one reason code."))
    unknown = [code for code in decision.reasons if not is_known_reason(code)]
    if unknown:
        raise DomainError(N_("Unknown reason code: {code}."), code=unknown[0])
    misplaced = [code for code in decision.reasons if not applies_to(code, order.order_type)]
    if misplaced:
        raise DomainError(N_("The reason {code} does not apply to this kind of order."),
                          code=misplaced[0])
    if NOTE_REQUIRED in decision.reasons and not (decision.note or "").strip():
        raise DomainError(N_("The reason “other” needs a note that tells the applicant what "
                             "to fix."))


def _status_event(order: FilingOrder, old: Status, new: Status, now: datetime,
                  reasons: tuple[str, ...], note: str | None,
                  changes: NumberChanges | None) -> OrderStatusChanged:
    path = PATHS[order.order_type]
    common = (order.id, order.applicant, old.value, new.value, now, reasons, note,
              order.icp_number if new is Status.APPROVED else None, order.sms_deadline,
              order.order_type, order.region,
              path.sms_to.value if new is Status.SMS_VERIFICATION else "")
    if new is Status.APPROVED and changes is not None:
        return OrderApproved(*common, changes.entity_number, changes.issued, changes.kept,
                             changes.retired, changes.access_removed, changes.in_account)
    return OrderStatusChanged(*common)


def new_order_id() -> str:
    return "O" + secrets.token_hex(4).upper()


class FilingService:
    def __init__(self, uow_factory: Callable[[], UnitOfWork], clock: Clock) -> None:
        self._uow_factory = uow_factory
        self._clock = clock

    def submit(self, order: FilingOrder, actor: str, *, new: bool = False) -> FilingOrder:
        """Validate the whole order and send it to the first review step of its type.

        ``new``: the order's id was made for it (from its draft), so a stored order of that
        id is this one, filed when the same confirmation was handled before (a crash before
        the draft was saved, a redelivery to another worker): it is returned as it stands,
        not submitted again. One transaction looks it up and files it."""
        if not new:
            ensure_submittable(order)
        with self._uow_factory() as uow:
            if new:
                filed = uow.orders.get(order.id)
                if filed is not None:
                    if filed.applicant != order.applicant:
                        raise OrderNotFound(N_("No order {order_id} was found."),
                                            order_id=order.id)
                    return filed
                ensure_submittable(order)
            problems = filed_problems(order, uow.registry)
            if problems:
                raise OrderInvalid(N_("The order cannot be submitted yet."), problems)
            stored = uow.orders.get(order.id) if order.id and not new else None
            if stored is not None and stored.applicant != order.applicant:
                raise OrderNotFound(N_("No order {order_id} was found."), order_id=order.id)
            now = self._clock.now()
            if stored is None:
                order.id = order.id or new_order_id()
                order.created_at = now
            else:
                order.history = stored.history
                order.round = stored.round
                order.status = stored.status
                order.version = stored.version
                order.created_at = stored.created_at
            order.round += 1
            self._move(order, Action.SUBMIT, actor, now)
            order.events.append(OrderSubmitted(
                order.id, order.applicant, order.order_type, order.region, order.round,
                mask_name(order.entity.name), tuple(site.domain for site in order.websites)))
            uow.orders.add(order)
            uow.commit()
        return order

    def decide(self, decision: ReviewDecision) -> FilingOrder:
        """Apply a reviewer's or the back office's decision; an approval that finds its
        number taken by a concurrent one (a unique constraint) is tried again."""
        for _ in range(NUMBER_ATTEMPTS):
            try:
                return self._decide_once(decision)
            except NumberTaken:
                continue
        # Still taken after every attempt: nothing was written; the caller may try again.
        raise ConcurrentUpdate(N_("Order {order_id} was changed meanwhile (another decision "
                                  "came first); look at it again."), order_id=decision.order_id)

    def _decide_once(self, decision: ReviewDecision) -> FilingOrder:
        with self._uow_factory() as uow:
            if decision.event_id is not None:
                uow.claim_event(decision.event_id, decision.order_id)
            order = uow.orders.get(decision.order_id)
            if order is None:
                raise OrderNotFound(N_("No order {order_id} was found."),
                                    order_id=decision.order_id)
            if (decision.expected_version is not None
                    and decision.expected_version != order.version):
                raise ConcurrentUpdate(N_("Order {order_id} changed while you were looking at it "
                                          "(it is now {status}); nothing was recorded."),
                                       order_id=order.id, status=order.status.value)
            target = self._target(order, decision.action, deciding=True)
            if decision.action in REJECTIONS:
                _check_reasons(order, decision)
            now = self._clock.now()
            changes = None
            if target is Status.APPROVED:
                changes = record_approval(order, uow.registry, now, decision.icp_number)
            self._move(order, decision.action, decision.actor, now,
                       decision.reasons, decision.note, changes)
            if order.forget_requested and not under_review(order):
                anonymise(order)  # the review ended: the applicant's /forget applies now
            uow.orders.add(order)
            uow.commit()
        return order

    def forget(self, applicant: str) -> Forgotten:
        """/forget for the applicant's orders (filing.retention)."""
        kept: list[str] = []
        anonymised: list[str] = []
        files: set[str] = set()
        for summary in self.list(applicant=applicant):
            for _attempt in range(3):  # a reviewer deciding at the same moment: read again
                try:
                    outcome = self._forget_order(summary.id)
                except ConcurrentUpdate:
                    continue
                break
            else:
                raise ConcurrentUpdate(N_("Order {order_id} was changed meanwhile (another "
                                          "decision came first); look at it again."),
                                       order_id=summary.id)
            if outcome is not None:
                still_reviewed, needed = outcome
                (kept if still_reviewed else anonymised).append(summary.id)
                files |= needed
        return Forgotten(tuple(kept), tuple(anonymised), frozenset(files))

    def _forget_order(self, order_id: str) -> tuple[bool, set[str]] | None:
        """(True, the files it needs) for an order under review (marked), (False, none) for
        one anonymised now, None when there was nothing left to forget."""
        with self._uow_factory() as uow:
            order = uow.orders.get(order_id)
            if order is None or (is_anonymised(order) and not under_review(order)):
                return None
            still_reviewed = under_review(order)
            needed = {material.storage_key for material in order.materials}
            if still_reviewed:
                order.forget_requested = True
            else:
                anonymise(order)
                needed = set()
            uow.orders.add(order)
            uow.commit()
        return still_reviewed, needed

    @staticmethod
    def _target(order: FilingOrder, action: Action, deciding: bool = False) -> Status:
        """Where ``action`` takes the order; a decision never submits (only ``submit``,
        which validates the whole order, does)."""
        target = next_status(order.order_type, Status(order.status), action)
        if target is None or (deciding and action is Action.SUBMIT):
            raise ForbiddenTransition(
                N_("Order {order_id} is {status}; “{action}” is not possible now."),
                order_id=order.id, status=str(order.status), action=action.value)
        return target

    def _move(self, order: FilingOrder, action: Action, actor: str, now: datetime,
              reasons: tuple[str, ...] = (), note: str | None = None,
              changes: NumberChanges | None = None) -> None:
        old = Status(order.status)
        self._target(order, action)
        new = fire(order, action)
        if new is Status.SMS_VERIFICATION and (old is not new or action is Action.SMS_SENT):
            order.sms_deadline = now + SMS_WINDOW  # MIIT texts as the order reaches it
        elif new is not Status.SMS_VERIFICATION:
            order.sms_deadline = None
        order.updated_at = now
        order.history.append(StatusChange(old, new, actor, now, reasons, note))
        order.events.append(_status_event(order, old, new, now, reasons, note, changes))

    def get(self, order_id: str, applicant: str | None = None) -> FilingOrder:
        """One order; when ``applicant`` is given, only if it is theirs."""
        with self._uow_factory() as uow:
            order = uow.orders.get(order_id)
        if order is None or (applicant is not None and order.applicant != applicant):
            raise OrderNotFound(N_("No order {order_id} was found."), order_id=order_id)
        return order

    def list_waiting(self) -> list[OrderSummary]:
        """Orders waiting for the provider or for news from MIIT, oldest first."""
        with self._uow_factory() as uow:
            return uow.orders.list(statuses=WAITING)

    def orders_of(self, applicant: str, latest: int = 10) -> list[FilingOrder]:
        """The applicant's latest orders in full (with their histories), oldest first."""
        summaries = self.list(applicant=applicant)[-latest:]
        with self._uow_factory() as uow:
            found = [uow.orders.get(summary.id) for summary in summaries]
        return [order for order in found if order is not None]

    def filed_entities(self, applicant: str) -> list[FiledEntity]:
        """The filed entities in the applicant's account, with every website and number."""
        with self._uow_factory() as uow:
            return uow.registry.of_applicant(applicant)

    def expire_unfinished(self) -> int:
        """Expire returned orders not submitted again within 45 days (icp-filing.md §2.3);
        returns how many expired."""
        cutoff = self._clock.now() - UNFINISHED_EXPIRES_AFTER
        expired = 0
        for summary in self.list_returned():
            if summary.updated_at is None or summary.updated_at > cutoff:
                continue
            try:
                self.decide(ReviewDecision(summary.id, Action.EXPIRE, SYSTEM,
                                           expected_version=summary.version))
            except (ConcurrentUpdate, ForbiddenTransition):  # resubmitted meanwhile
                continue
            expired += 1
        return expired

    def list_returned(self) -> list[OrderSummary]:
        with self._uow_factory() as uow:
            return uow.orders.list(statuses=CORRECTABLE)

    # Last: below it, ``list`` in annotations would mean this method.
    def list(self, *, status: Status | None = None,
             applicant: str | None = None) -> list[OrderSummary]:
        with self._uow_factory() as uow:
            return uow.orders.list(status=status, applicant=applicant)
