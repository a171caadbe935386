"""The service layer of the core: submit orders and record review results.

Every status change goes through ``_move``: the lifecycle machine decides, the history records
who, when and why, and an event is raised for the unit of work to put in the outbox.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from transitions import MachineError

from filing.errors import ConcurrentUpdate, DomainError, ForbiddenTransition, OrderNotFound
from filing.events import OrderStatusChanged, OrderSubmitted
from filing.icp_numbers import format_icp_number
from filing.lifecycle import REJECTIONS, WAITING, Action, Status, fire
from filing.masking import mask_name
from filing.model import FilingOrder, OrderSummary, StatusChange
from filing.order_rules import ensure_submittable
from filing.ports import Clock, UnitOfWork
from filing.reasons import is_known_reason
from filing.retention import Forgotten, anonymise, is_anonymised, under_review
from filing.text import N_
from filing.validation import Invalid, icp_number

SMS_WINDOW = timedelta(hours=24)


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


def new_order_id() -> str:
    return "O" + secrets.token_hex(4).upper()


class FilingService:
    def __init__(self, uow_factory: Callable[[], UnitOfWork], clock: Clock) -> None:
        self._uow_factory = uow_factory
        self._clock = clock

    def submit(self, order: FilingOrder, actor: str) -> FilingOrder:
        """Validate the whole order and put it in the provider's review queue."""
        ensure_submittable(order)
        with self._uow_factory() as uow:
            stored = uow.orders.get(order.id) if order.id else None
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
        if decision.action in REJECTIONS:
            if not decision.reasons:
                raise DomainError(N_("A rejection needs at least one reason code."))
            unknown = [code for code in decision.reasons if not is_known_reason(code)]
            if unknown:
                raise DomainError(N_("Unknown reason code: {code}."), code=unknown[0])
        with self._uow_factory() as uow:
            if decision.event_id is not None:
                uow.claim_event(decision.event_id, decision.order_id)
            order = uow.orders.get(decision.order_id)
            if order is None:
                raise OrderNotFound(N_("No order {order_id} was found."),
                                    order_id=decision.order_id)
            if (decision.expected_version is not None
                    and decision.expected_version != order.version):
                raise ConcurrentUpdate(N_("Order {order_id} was changed meanwhile (another "
                                          "decision came first); look at it again."),
                                       order_id=order.id)
            now = self._clock.now()
            if decision.action is Action.ADMINISTRATION_APPROVE:
                order.icp_number = self._icp_number(uow, order, decision.icp_number, now)
            self._move(order, decision.action, decision.actor, now,
                       decision.reasons, decision.note)
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

    def _icp_number(self, uow: UnitOfWork, order: FilingOrder, given: str | None,
                    now: datetime) -> str:
        if given:
            try:
                return icp_number(given)
            except Invalid as invalid:
                raise DomainError(invalid.msgid, **invalid.params) from None
        serial = uow.orders.next_icp_serial(order.region, now.year)
        return format_icp_number(order.region, now.year, serial)

    def _move(self, order: FilingOrder, action: Action, actor: str, now: datetime,
              reasons: tuple[str, ...] = (), note: str | None = None) -> None:
        old = Status(order.status)
        try:
            new = fire(order, action)
        except MachineError:
            raise ForbiddenTransition(
                N_("Order {order_id} is {status}; “{action}” is not possible now."),
                order_id=order.id, status=old.value, action=action.value,
            ) from None
        if action in (Action.APPROVE, Action.SMS_SENT) and new is Status.SMS_VERIFICATION:
            order.sms_deadline = now + SMS_WINDOW
        elif new is not Status.SMS_VERIFICATION:
            order.sms_deadline = None
        order.updated_at = now
        order.history.append(StatusChange(old, new, actor, now, reasons, note))
        order.events.append(OrderStatusChanged(
            order.id, order.applicant, old.value, new.value, now, reasons, note,
            order.icp_number if new is Status.APPROVED else None, order.sms_deadline,
            order.order_type, order.region,
        ))

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

    def list(self, *, status: Status | None = None,
             applicant: str | None = None) -> list[OrderSummary]:
        with self._uow_factory() as uow:
            return uow.orders.list(status=status, applicant=applicant)
