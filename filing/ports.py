"""What the core needs from the outside world, as protocols the adapters implement."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from filing.lifecycle import Status
from filing.model import FilingOrder


class OrderRepository(Protocol):
    def add(self, order: FilingOrder) -> None: ...

    def get(self, order_id: str) -> FilingOrder | None: ...

    def list(
        self, *, status: Status | None = None, applicant: str | None = None
    ) -> list[FilingOrder]: ...

    def next_icp_serial(self, region: str, year: int) -> int: ...


class UnitOfWork(Protocol):
    """One transaction: the orders touched and the events they raised are written together."""

    @property
    def orders(self) -> OrderRepository: ...

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(self, *exc: object) -> None: ...

    def commit(self) -> None: ...

    def seen(self) -> Iterable[FilingOrder]: ...


class Clock(Protocol):
    def now(self) -> datetime: ...
