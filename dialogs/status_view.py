"""/status in the reader's language: the filed entities of the applicant with every website,
number and state, then each order with its websites and a dated timeline (China time)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from dialogs.i18n import Translator
from dialogs.labels import FILING_STATES, ORDER_TYPES, STATUSES
from dialogs.messages import code
from filing.model import FilingOrder
from filing.registry import FiledEntity

CHINA_TIME = ZoneInfo("Asia/Shanghai")


def filed_states(entities: list[FiledEntity]) -> dict[str, str]:
    """Every number of these entities → its state."""
    states = {filed.number: str(filed.standing) for filed in entities}
    for filed in entities:
        states.update({filed.site_number(site): str(site.standing) for site in filed.websites})
    return states


def entity_lines(filed: FiledEntity, t: Translator) -> list[str]:
    lines = [t.gettext("{number} · {name} · {state}").format(
        number=code(filed.number), name=filed.entity.name,  # the applicant's own: whole
        state=t.gettext(FILING_STATES[filed.standing]))]
    lines += [t.gettext("  • {domain}: {number} · {state}").format(
        domain=site.domain, number=code(filed.site_number(site)),
        state=t.gettext(FILING_STATES[site.standing])) for site in filed.websites]
    return lines


def order_lines(order: FilingOrder, states: dict[str, str], t: Translator) -> list[str]:
    kind = t.gettext(ORDER_TYPES.get(order.order_type, order.order_type))
    lines = [t.gettext("{order_id} · {kind}: {status}").format(
        order_id=code(order.id), kind=kind, status=t.gettext(STATUSES[order.status]))]
    for site in order.websites:
        if not site.filing_number:
            lines.append(t.gettext("  • {domain}: no number yet").format(domain=site.domain))
            continue
        state = states.get(site.filing_number)
        shown = t.gettext(FILING_STATES[state]) if state in FILING_STATES else ""
        lines.append(" · ".join(filter(None, [t.gettext("  • {domain}: {number}").format(
            domain=site.domain, number=code(site.filing_number)), shown])))
    lines += [f"    {change.at.astimezone(CHINA_TIME):%Y-%m-%d %H:%M} "
              + t.gettext(STATUSES[change.new_status]) for change in order.history]
    return lines


def status_text(orders: list[FilingOrder], entities: list[FiledEntity],
                t: Translator) -> str:
    states = filed_states(entities)
    parts: list[str] = []
    if entities:
        parts.append(t.gettext("Your filings:"))
        for filed in entities:
            parts += entity_lines(filed, t)
    if orders:
        parts.append(t.gettext("Your orders (times are China time):"))
        for order in reversed(orders):  # the latest first
            parts += order_lines(order, states, t)
    return "\n".join(parts)
