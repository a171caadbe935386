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


class OrderChanged(DomainError):
    """The order changed since the caller saw it (another reviewer decided first)."""


class OrderNotFound(DomainError):
    """No order with that id is visible to the caller."""


class OrderInvalid(DomainError):
    """A submitted order failed whole-order validation; ``problems`` lists every finding."""

    def __init__(self, msgid: str, problems: list[tuple[str, str, dict[str, Any]]]) -> None:
        super().__init__(msgid)
        self.problems = problems  # (field, msgid, params)
