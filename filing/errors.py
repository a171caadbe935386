"""Errors the core raises; each carries a message id and parameters, never rendered text."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule of the filing domain was broken; ``msgid`` is shown to the user translated."""

    def __init__(self, msgid: str, **params: Any) -> None:
        super().__init__(msgid.format(**params) if params else msgid)
        self.msgid = msgid
        self.params = params


class ForbiddenTransition(DomainError):
    """The order's status does not allow the requested review step."""


class OrderNotFound(DomainError):
    """No order with that id is visible to the caller."""


class ConcurrentUpdate(DomainError):
    """Someone else changed the order since it was read (another reviewer, another worker):
    nothing was written; the caller may reload and decide again."""


class ReplayedEvent(DomainError):
    """A back-office event id that was already applied: nothing is done twice."""


class OrderInvalid(DomainError):
    """A submitted order failed whole-order validation; ``problems`` lists every finding."""

    def __init__(self, msgid: str, problems: list[tuple[str, str, dict[str, Any]]]) -> None:
        super().__init__(msgid)
        self.problems = problems  # (field, msgid, params)


class NumberTaken(Exception):
    """A number or serial was taken by another approval at the same moment (a unique
    constraint refused it): nothing was written; the decision is tried again."""


class StorageUnavailable(Exception):
    """The database cannot be reached right now; nothing was saved."""
