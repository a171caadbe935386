"""What the desk's handlers share: the services they use and the page renderer."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, Protocol, TypeVar

from aiohttp import web
from jinja2 import Environment

from bot.i18n import formats
from dialogs.i18n import Translator
from dialogs.order_fields import OrderReader
from dialogs.steps import Flow
from filing.ports import Clock
from filing.services import FilingService
from storage.audit import SqlAuditLog
from storage.desk_queries import SqlDeskQueries
from storage.desk_stats import SqlDeskStats
from storage.reviewers import Reviewer, SqlReviewerAccounts
from storage.submissions import SqlSubmissions

T = TypeVar("T")


class MaterialReader(Protocol):
    def load(self, storage_key: str) -> bytes: ...


class RegionRules(Protocol):
    """The knowledge base entries of one region (national ones under ``"CN"``)."""

    def __call__(self, region: str) -> Sequence[Any]: ...


@dataclass(frozen=True)
class Desk:
    filing: FilingService
    queries: SqlDeskQueries
    stats: SqlDeskStats
    submissions: SqlSubmissions
    materials: MaterialReader
    audit: SqlAuditLog
    reviewers: SqlReviewerAccounts
    translator: Callable[[str], Translator]
    format_datetime: Callable[[datetime, str], str]
    rules: RegionRules
    flows: Mapping[str, Flow]
    clock: Clock
    templates: Environment
    cookie_key: bytes
    secure_cookies: bool

    def now(self) -> datetime:
        return self.clock.now()

    def reader(self, locale: str) -> OrderReader:
        """An order's rows in ``locale``'s words (the same rows as the applicant's PDF)."""
        return OrderReader(self.translator(locale), locale, self.flows, formats(locale))

    def record(self, request: web.Request, action: str, order_id: str | None = None,
               detail: str = "", actor: str | None = None) -> Any:
        """An audit entry for this request's reviewer (awaitable: the write runs in a thread)."""
        who = actor if actor is not None else reviewer_of(request).name
        return run(partial(self.audit.record, self.now(), who, action, order_id=order_id,
                           detail=detail, peer=request.remote or ""))


DESK: web.AppKey[Desk] = web.AppKey("desk", Desk)
REVIEWER: web.RequestKey[Reviewer] = web.RequestKey("reviewer", Reviewer)
CSRF: web.RequestKey[str] = web.RequestKey("csrf", str)


def desk_of(request: web.Request) -> Desk:
    return request.config_dict[DESK]


def reviewer_of(request: web.Request) -> Reviewer:
    return request[REVIEWER]


async def run(call: Callable[[], T]) -> T:
    """Database and file work off the event loop: the storage layer is synchronous."""
    return await asyncio.to_thread(call)
