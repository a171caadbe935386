"""One order in full: every field unmasked (so each view is audited), materials inline, the
problems the core finds, the region's rules, and what changed since the last submission."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from aiohttp import web

from bot.web.context import desk_of, run
from bot.web.decision_form import DecisionForm, reviewer_actions
from bot.web.diff import Change, changes
from bot.web.pages import error_message, locale_of, render
from dialogs.i18n import lang_of
from dialogs.labels import STATUSES
from dialogs.order_fields import OrderReader
from dialogs.render import message
from filing.errors import DomainError, OrderNotFound
from filing.model import FilingOrder
from filing.order_rules import order_problems
from filing.reasons import REASONS


@dataclass(frozen=True)
class Resubmission:
    previous_round: int
    changes: list[Change]


async def load_order(request: web.Request) -> FilingOrder:
    """The order named in the path, or 404: ids are looked up, never trusted."""
    desk = desk_of(request)
    try:
        return await run(partial(desk.filing.get, request.match_info["order_id"][:32]))
    except OrderNotFound:
        raise web.HTTPNotFound(text="No such order.") from None


async def show(request: web.Request) -> web.StreamResponse:
    order = await load_order(request)
    await desk_of(request).record(request, "view_order", order.id)
    return await order_view(request, order)


async def order_view(request: web.Request, order: FilingOrder, *, status: int = 200,
                     error: DomainError | None = None,
                     form: DecisionForm | None = None) -> web.Response:
    desk = desk_of(request)
    locale = locale_of(request)
    reader = desk.reader(locale)
    submissions = await run(partial(desk.submissions.latest, order.id))
    resubmission = None
    if len(submissions) == 2:
        resubmission = Resubmission(submissions[1].round,
                                    changes(reader, submissions[1].data, submissions[0].data))
    return render(
        request, "order.html", status=status, order=order, parts=reader.parts(order),
        problems=problems(request, order, reader), rules=desk.rules(order.region),
        resubmission=resubmission, actions=reviewer_actions(order), reasons=REASONS,
        form=form or DecisionForm.blank(), error=error_message(request, error) if error else "",
        done=request.query.get("done", "") if request.query.get("done") in STATUSES else "")


def problems(request: web.Request, order: FilingOrder,
             reader: OrderReader) -> list[tuple[str, str]]:
    """What the core's whole-order check finds today, in the reviewer's language: each under
    the label of the field it is about (none where the whole order is)."""
    locale = locale_of(request)
    t = desk_of(request).translator(locale)
    return [(reader.label_of(field), message(t, msgid, params, lang_of(locale)))
            for field, msgid, params in order_problems(order)]
