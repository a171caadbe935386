"""What the core needs from the outside world, as protocols the adapters implement."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, Protocol, TypeVar

from filing.events import Event
from filing.lifecycle import Status
from filing.model import FilingOrder, OrderSummary
from filing.registry import FiledEntity


class OrderRepository(Protocol):
    def add(self, order: FilingOrder) -> None:
        """Write the order (only what changed since it was read), compare-and-set on its
        version: raises ConcurrentUpdate when someone else wrote it in between."""

    def get(self, order_id: str) -> FilingOrder | None: ...

    def list(self, *, status: Status | None = None, applicant: str | None = None,
             statuses: Sequence[Status] = ()) -> list[OrderSummary]: ...


class FilingRegistry(Protocol):
    """The filed entities and websites with their numbers (``filing.registry``)."""

    def entity(self, number: str) -> FiledEntity | None:
        """The entity with that number, locked for this transaction where the database can
        (two approvals on one entity take their serials one after the other)."""

    def of_applicant(self, applicant: str) -> list[FiledEntity]: ...

    def next_entity_serial(self, region: str, year: int) -> int:
        """The next serial for a new entity number of ``region`` in ``year``."""

    def save(self, entity: FiledEntity) -> None:
        """Insert or update the entity and its websites, compare-and-set on its version;
        raises NumberTaken when a number or serial is already someone else's."""


class UnitOfWork(Protocol):
    """One transaction: the orders touched and the events they raised are written together."""

    @property
    def orders(self) -> OrderRepository: ...

    @property
    def registry(self) -> FilingRegistry: ...

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(self, *exc: object) -> None: ...

    def commit(self) -> None: ...

    def seen(self) -> Iterable[FilingOrder]: ...

    def claim_event(self, event_id: str, order_id: str) -> None:
        """Record an outside event id in this transaction (ReplayedEvent if it was recorded
        before): it is consumed only if the change it brings is committed."""


class Clock(Protocol):
    def now(self) -> datetime: ...


@dataclass(frozen=True)
class Notification:
    """One event on its way to one recipient (an outbox row)."""

    id: int
    recipient: str  # "channel:id" of the chat to tell
    event: Event
    attempts: int = 0


Message_contra = TypeVar("Message_contra", contravariant=True)


class Notifier(Protocol, Generic[Message_contra]):
    """Sends rendered messages to one recipient; raises RecipientBlocked or RetryLater."""

    async def send(self, recipient: str, messages: Sequence[Message_contra]) -> None: ...


class RecipientBlocked(Exception):
    """The recipient blocked the bot (Telegram 403): stop sending to them."""


class RetryLater(Exception):
    """The channel asks to wait (Telegram 429, another channel's recipient)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}s")
        self.seconds = seconds
