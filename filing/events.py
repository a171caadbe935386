"""Events: facts about what happened to an order, rendered for people only at the edge."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

REVIEWERS = "reviewers"  # the outbox recipient that stands for every reviewer


@dataclass(frozen=True)
class Event:
    order_id: str
    applicant: str  # "channel:id" of the chat that owns the order

    @property
    def name(self) -> str:
        return type(self).__name__

    @property
    def recipient(self) -> str:
        """Who is told: the applicant, unless the event is for the reviewers."""
        return self.applicant

    def payload(self) -> dict[str, Any]:
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, datetime):
                data[key] = value.isoformat()
        return data


@dataclass(frozen=True)
class OrderSubmitted(Event):
    order_type: str
    region: str
    round: int
    entity: str = ""  # masked: reviewers see who, not the personal data itself
    domains: tuple[str, ...] = ()

    @property
    def recipient(self) -> str:
        return REVIEWERS


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


@dataclass(frozen=True)
class ReminderDue(Event):
    """A scheduled reminder (SMS deadline, public-security filing) came due."""

    kind: str
    deadline: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)
