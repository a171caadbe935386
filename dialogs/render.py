"""Rendering of prompts, summaries and orders in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dialogs.i18n import Translator
from dialogs.labels import (
    ACTIONS,
    CERTIFICATES,
    ENTITY_TYPES,
    ORDER_TYPES,
    PRE_APPROVALS,
    STATUSES,
    WEBSITE_LANGUAGES,
)
from dialogs.steps import Answers, Flow, Step
from filing.masking import mask_id, mask_name, mask_phone
from filing.model import OrderSummary, Website
from knowledge.regions import region_by_code


def region_name(code: str, lang: str) -> str:
    """A region's name in the reader's language (the code itself if it is unknown)."""
    try:
        region = region_by_code(code)
    except KeyError:
        return code
    return region.short_zh if lang == "zh" else region.name_en


def message(t: Translator, msgid: str, params: Mapping[str, Any], lang: str) -> str:
    """A message id from the core, translated, with its parameters in the same language:
    region codes become region names, status and action codes their labels."""
    shown = dict(params)
    for key, value in params.items():
        if key in ("region", "home") and isinstance(value, str) and value.startswith("CN-"):
            shown[key] = region_name(value, lang)
        elif key == "status" and value in STATUSES:
            shown[key] = t.gettext(STATUSES[value])
        elif key == "action" and value in ACTIONS:
            shown[key] = t.gettext(ACTIONS[value])
        elif key == "category" and value in PRE_APPROVALS:
            shown[key] = t.gettext(PRE_APPROVALS[value])
        elif key == "kind" and value in ENTITY_TYPES:
            shown[key] = t.gettext(ENTITY_TYPES[value])
    return t.gettext(msgid).format(**shown)


def show_value(step: Step, value: Any, t: Translator, answers: Answers | None = None,
               lang: str = "en") -> str:
    if value in (None, ""):
        return t.gettext("—")
    if step.display is not None:
        return step.display(value, t)
    if step.file_kind is not None or isinstance(value, dict | list):
        return "✓"  # a received file is acknowledged, never shown as data
    if step.choices is not None and not step.translate_choices:
        # Data labels (region names) exist per language: show the user's own.
        labels = dict(step.choice_items(answers or {}, lang))
        if value in labels:
            return labels[value]
    return str(value)


def summary_lines(flow: Flow, answers: Answers, t: Translator,
                  lang: str = "en") -> list[str]:
    lines = []
    for step in flow.applicable(answers):
        if step.loop_to:
            continue  # the "one more?" question is no answer worth showing
        value = show_value(step, answers.get(step.field), t, answers, lang)
        lines.append(t.gettext("• {label}: {value}").format(label=t.gettext(step.label),
                                                            value=value))
    return lines


def order_line(order: OrderSummary, t: Translator) -> str:
    """One order in a list: id, operation, domains, status (and its number once issued)."""
    kind = t.gettext(ORDER_TYPES.get(order.order_type, order.order_type))
    status = t.gettext(STATUSES.get(order.status, order.status))
    line = t.gettext("{order_id} · {kind} · {domains}: {status}").format(
        order_id=order.id, kind=kind, domains=", ".join(order.domains) or "—", status=status)
    if order.icp_number:
        line += "\n  " + t.gettext("Filing number: {number}").format(number=order.icp_number)
    return line


def reviewer_lines(order: OrderSummary, t: Translator, lang: str) -> list[str]:
    """An order as a reviewer's card starts: who and what, personal data masked."""
    return [t.gettext("Order {order_id} · {kind} · {region}").format(
                order_id=order.id, kind=t.gettext(ORDER_TYPES[order.order_type]),
                region=region_name(order.region, lang)),
            t.gettext("Status: {status}").format(status=t.gettext(STATUSES[order.status])),
            t.gettext("Entity: {name}").format(name=mask_name(order.entity_name)),
            t.gettext("Domains: {domains}").format(domains=", ".join(order.domains) or "—")]


def website_details(site: Website, t: Translator) -> list[str]:
    """A website's administrator, languages and pre-approval for a reviewer, masked."""
    lines = []
    admin = site.leader
    if admin is not None:
        lines.append("  " + t.gettext("Administrator: {name} ({certificate} {number}), "
                                      "{mobile}").format(
            name=mask_name(admin.name), certificate=t.gettext(
                CERTIFICATES.get(admin.certificate_type, "—")),
            number=mask_id(admin.certificate_number), mobile=mask_phone(admin.mobile)))
    if site.languages:
        lines.append("  " + t.gettext("Languages: {languages}").format(languages=", ".join(
            t.gettext(WEBSITE_LANGUAGES[code]) for code in site.languages
            if code in WEBSITE_LANGUAGES)))
    if site.pre_approval is not None:
        lines.append("  " + t.gettext("Pre-approval: {category}, No. {number}").format(
            category=t.gettext(PRE_APPROVALS.get(site.pre_approval.category, "—")),
            number=site.pre_approval.number))
    return lines
