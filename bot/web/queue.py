"""The queue: filters, counts per status, keyset pages. No personal data is shown here."""

from __future__ import annotations

from functools import partial

from aiohttp import web

from bot.web.context import desk_of, run
from bot.web.pages import render
from dialogs.labels import ORDER_TYPES, STATUSES
from filing.lifecycle import Status
from knowledge.regions import REGIONS
from storage.desk_queries import QueueFilter

AGES = (1, 3, 7, 30)
SLAS = ("sms", "expiry")
PAGE_SIZE = 50


def queue_filter(query: dict[str, str]) -> QueueFilter:
    """The filter a query string asks for; unknown values are ignored, never trusted."""
    status = query.get("status", Status.PROVIDER_REVIEW)
    age = query.get("age", "")
    return QueueFilter(
        status=status if status in STATUSES else "",
        order_type=query.get("type", "") if query.get("type") in ORDER_TYPES else "",
        region=query.get("region", "") if any(r.code == query.get("region") for r in REGIONS)
        else "",
        min_age_days=int(age) if age.isdigit() and int(age) in AGES else 0,
        sla=query.get("sla", "") if query.get("sla") in SLAS else "",
        search=query.get("q", "")[:200],
        after=query.get("after", "")[:100],
        before=query.get("before", "")[:100],
    )


async def show(request: web.Request) -> web.StreamResponse:
    desk = desk_of(request)
    where = queue_filter(dict(request.query))
    page = await run(partial(desk.queries.queue, where, desk.now(), PAGE_SIZE))
    kept = {key: value for key, value in request.query.items()
            if key not in ("after", "before")}
    return render(request, "queue.html", page=page, where=where, kept=kept, now=desk.now(),
                  statuses=list(STATUSES), order_types=list(ORDER_TYPES),
                  regions=[r.code for r in REGIONS], ages=AGES)
