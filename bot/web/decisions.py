"""Deciding an order: the form, a confirmation step, then FilingService.decide with the
version the reviewer saw, so of two reviewers deciding at once one wins and the other is told.
The applicant's notification is the one the CLI and Telegram produce (the outbox event)."""

from __future__ import annotations

from functools import partial

from aiohttp import web

from bot.web.context import desk_of, reviewer_of, run
from bot.web.decision_form import DecisionForm, check
from bot.web.order_page import load_order, order_view
from bot.web.pages import render, url
from filing.errors import ConcurrentUpdate, DomainError
from filing.text import N_


async def ask(request: web.Request) -> web.StreamResponse:
    order = await load_order(request)
    form = DecisionForm.read(await request.post())
    problem = check(form, order)
    if problem is not None:
        return await order_view(request, order, status=400, error=problem, form=form)
    return render(request, "confirm.html", order=order, form=form)


async def confirm(request: web.Request) -> web.StreamResponse:
    desk = desk_of(request)
    order = await load_order(request)
    form = DecisionForm.read(await request.post())
    if form.version != order.version:  # decided by someone else since this form was shown
        return await _overtaken(request)
    problem = check(form, order)
    if problem is not None:
        return await order_view(request, order, status=400, error=problem, form=form)
    try:
        decided = await run(partial(desk.filing.decide,
                                    form.decision(order.id, reviewer_of(request).name)))
    except ConcurrentUpdate:  # ... or in the same instant
        return await _overtaken(request)
    except DomainError as error:
        return await order_view(request, order, status=400, error=error, form=form)
    await desk.record(request, "decide", order.id,
                      f"{form.action} {' '.join(form.reasons)}".strip())
    raise web.HTTPSeeOther(url(request, "order", {"done": decided.status.value},
                               order_id=order.id))


async def _overtaken(request: web.Request) -> web.Response:
    fresh = await load_order(request)
    told = ConcurrentUpdate(N_("Another reviewer decided order {order_id} first (it is now "
                           "{status}); nothing was recorded."),
                        order_id=fresh.id, status=fresh.status.value)
    return await order_view(request, fresh, status=409, error=told)
