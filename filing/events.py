"""Events: facts about what happened to an order, rendered for people only at the edge.

Each event type is a frozen dataclass registered in ``EVENT_TYPES`` by its name; the outbox
stores ``(name, to_payload(event))`` and gets the same typed event back with ``from_payload``.
Who hears of an event is decided once, by ``audience``: the applicant, or every reviewer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, get_type_hints


@dataclass(frozen=True)
class Event:
    order_id: str
    applicant: str  # "channel:id" of the chat that owns the order
    for_reviewers: ClassVar[bool] = False  # told to every reviewer instead of the applicant

    @property
    def name(self) -> str:
        return type(self).__name__


@dataclass(frozen=True)
class OrderSubmitted(Event):
    order_type: str
    region: str
    round: int
    entity: str = ""  # masked: reviewers see who, not the personal data itself
    domains: tuple[str, ...] = ()
    for_reviewers: ClassVar[bool] = True


@dataclass(frozen=True)
class OrderStatusChanged(Event):
    old_status: str
    new_status: str
    at: datetime
    reasons: tuple[str, ...] = ()
    note: str | None = None
    icp_number: str | None = None
    deadline: datetime | None = None
    order_type: str = ""
    region: str = ""
    sms_to: str = ""  # whose mobile MIIT texts (filing.lifecycle.SmsTo), in SMS verification


@dataclass(frozen=True)
class OrderApproved(OrderStatusChanged):
    """The final approval, with what it did to the numbers (filing.numbering)."""

    entity_number: str = ""
    issued: tuple[str, ...] = ()  # new website numbers: the public-security filing is due
    kept: tuple[str, ...] = ()
    retired: tuple[str, ...] = ()  # cancelled for good, never issued again
    access_removed: tuple[str, ...] = ()
    in_account: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReminderDue(Event):
    """A scheduled reminder came due: ``kind`` is sms_deadline, psb_filing, order_expiring
    or draft_abandoned (then ``order_id`` is empty and the draft is named)."""

    kind: str
    deadline: datetime | None = None
    icp_number: str | None = None
    draft_id: str | None = None
    flow: str | None = None


EVENT_TYPES: dict[str, type[Event]] = {
    cls.__name__: cls for cls in (OrderSubmitted, OrderStatusChanged, OrderApproved,
                                   ReminderDue)
}


def to_payload(event: Event) -> dict[str, Any]:
    """The event's fields as JSON-ready values (datetimes as ISO 8601, tuples as lists)."""
    data = dataclasses.asdict(event)
    for key, value in data.items():
        if isinstance(value, datetime):
            data[key] = value.isoformat()
        elif isinstance(value, tuple):
            data[key] = list(value)
    return data


def from_payload(name: str, payload: dict[str, Any]) -> Event:
    """The typed event back from the outbox; KeyError for a name that is not registered."""
    cls = EVENT_TYPES[name]
    hints = _hints(cls)
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        if field.name not in payload:
            continue
        value = payload[field.name]
        hint = str(hints[field.name])
        if value is not None and "datetime" in hint:
            value = datetime.fromisoformat(value)
        elif value is not None and "tuple" in hint:
            value = tuple(value)
        values[field.name] = value
    return cls(**values)


_HINTS: dict[str, dict[str, Any]] = {}


def _hints(cls: type[Event]) -> dict[str, Any]:
    hints = _HINTS.get(cls.__name__)
    if hints is None:
        hints = _HINTS[cls.__name__] = get_type_hints(cls)
    return hints


Audience = Callable[[Event], tuple[str, ...]]


def audience(reviewers: Iterable[str]) -> Audience:
    """Who is told of an event: its applicant, or each reviewer's chat (one outbox row per
    recipient, so that one unreachable reviewer delays or repeats nobody else's notice)."""
    reviewer_chats = tuple(sorted(set(reviewers)))

    def recipients(event: Event) -> tuple[str, ...]:
        return reviewer_chats if event.for_reviewers else (event.applicant,)

    return recipients
