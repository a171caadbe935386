"""The dashboard: where people would rather look than read. Every chart is drawn on the
server from grouped queries (storage.desk_stats), in the reviewer's language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import partial

from aiohttp import web

from bot.web.charts import Bar, Chart, Segment, bar_chart
from bot.web.context import Desk, desk_of, run
from bot.web.pages import locale_of, render
from dialogs.i18n import lang_of
from dialogs.labels import ORDER_TYPES, STATUSES
from dialogs.machine import DONE, SUMMARY
from dialogs.render import region_name
from dialogs.steps import Flow
from filing.reasons import REASONS
from storage.desk_stats import DraftPosition

PERIOD = timedelta(days=90)  # review times and rejection reasons: the last quarter
ABANDONED_AFTER = timedelta(days=3)  # an untouched draft counts as abandoned after this
FINISHED = ("submitted", "done")


async def show(request: web.Request) -> web.StreamResponse:
    desk = desk_of(request)
    locale = locale_of(request)
    t = desk.translator(locale)
    charts = await run(partial(_charts, desk, t.gettext, lang_of(locale)))
    return render(request, "dashboard.html", charts=charts[:5], funnels=charts[5:],
                  period_days=PERIOD.days, abandoned_days=ABANDONED_AFTER.days)


def _charts(desk: Desk, _: Callable[[str], str], lang: str) -> list[Chart]:
    stats, now = desk.stats, desk.now()
    by_status = stats.orders_by("status")
    by_type = stats.orders_by("order_type")
    charts = [
        _counts(_("Orders per status"), [(_(STATUSES[s]), by_status.get(s, 0))
                                         for s in STATUSES if s in by_status]),
        _counts(_("Orders per type"), [(_(ORDER_TYPES[k]), by_type.get(k, 0))
                                       for k in ORDER_TYPES if k in by_type]),
        bar_chart(_("Provider review time per region (hours, p50 dark, p90 light)"), [
            Bar(region_name(time.region, lang),
                [Segment(time.p90_hours, "bar-light"), Segment(time.p50_hours, "bar")],
                _("p50 {p50} h · p90 {p90} h · {n} orders").format(
                    p50=round(time.p50_hours, 1), p90=round(time.p90_hours, 1), n=time.count))
            for time in stats.review_times(now - PERIOD)], overlay=True),
        _queues(stats.sms_deadlines(now), stats.expiry(now), _),
        _counts(_("Top rejection reasons"), [
            (_(_reason_problem(code)), count)
            for code, count in stats.rejection_reasons(now - PERIOD)]),
    ]
    positions = stats.draft_positions(now, ABANDONED_AFTER)
    for name, flow in desk.flows.items():
        mine = [p for p in positions if p.flow == name]
        if mine:
            charts.append(funnel(flow, mine, _))
    return charts


def _reason_problem(code: str) -> str:
    return next((reason.problem for reason in REASONS if reason.code == code), code)


def _counts(title: str, pairs: list[tuple[str, int]]) -> Chart:
    return bar_chart(title, [Bar(label, [Segment(count, "bar")], str(count))
                             for label, count in pairs])


def _queues(sms: dict[str, int], expiry: dict[str, int], _: Callable[[str], str]) -> Chart:
    rows = [
        (_("SMS check overdue"), sms.get("overdue", 0), "bar-alarm"),
        (_("SMS check due within 6 h"), sms.get("under_6h", 0), "bar-warn"),
        (_("SMS check due within 12 h"), sms.get("under_12h", 0), "bar"),
        (_("SMS check due within 24 h"), sms.get("under_24h", 0), "bar-light"),
        (_("Past the 45-day clean-up"), expiry.get("expired", 0), "bar-alarm"),
        (_("45-day clean-up within 5 days"), expiry.get("under_5d", 0), "bar-warn"),
        (_("45-day clean-up within 15 days"), expiry.get("under_15d", 0), "bar"),
    ]
    return bar_chart(_("Deadlines: SMS check and 45-day clean-up"),
                     [Bar(label, [Segment(count, css)], str(count))
                      for label, count, css in rows])


def funnel(flow: Flow, positions: list[DraftPosition], _: Callable[[str], str]) -> Chart:
    """Per step: how many drafts reached it (went on, dark) and how many stopped there
    (discarded, or untouched for days: red)."""
    order = [step.field for step in flow.steps] + [SUMMARY, DONE]
    where = {state: index for index, state in enumerate(order)}
    reached = [0] * len(order)
    dropped = [0] * len(order)
    for position in positions:
        last = len(order) - 1 if position.status in FINISHED else where.get(position.state)
        if last is None:
            continue
        for index in range(last + 1):
            reached[index] += position.count
        if position.status == "discarded" or (position.status == "active" and position.stale):
            dropped[last] += position.count
    labels = {step.field: _(step.label) for step in flow.steps}
    labels.update({SUMMARY: _("Summary"), DONE: _("Order submitted")})
    return bar_chart(_(flow.title), [
        Bar(labels[state], [Segment(reached[i] - dropped[i], "bar"),
                            Segment(dropped[i], "bar-alarm")],
            _("{reached} reached · {dropped} stopped").format(reached=reached[i],
                                                              dropped=dropped[i]))
        for i, state in enumerate(order) if reached[i]])
