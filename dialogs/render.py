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
from dialogs.messages import code
from dialogs.steps import Answers, Step
from filing.domains import for_reviewers
from filing.masking import mask_id, mask_name, mask_phone
from filing.model import OrderSummary, Website
from filing.text import N_
from knowledge.regions import region_by_code

COPYABLE_FIELDS = frozenset({"service_code", "entity_filing_number", "website_filing_number"})


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


# The parts of a form, as its steps name them (Step.section).
SECTIONS: dict[str, str] = {
    "entity": N_("Entity"),
    "website": N_("Website"),
    "materials": N_("Materials"),
    "access": N_("Server"),
    "change": N_("Change"),
    "check": N_("Eligibility"),
    "goal": N_("Your goal"),
}


def show_value(step: Step, value: Any, t: Translator, answers: Answers | None = None,
               lang: str = "en", *, owner: bool = False) -> str:
    """An answer as a person reads it: options by their label, files by their kind, in the
    reader's language. Personal data is masked unless ``owner`` (it is the reader's own)."""
    if value in (None, ""):
        return t.gettext("—")
    if step.file_kind is not None:
        # TRANSLATORS: a document the applicant sent, e.g. "ID card, front: ✓ received".
        return t.gettext("✓ received")
    if step.display is not None and not (owner and step.sensitive):
        return step.display(value, t)
    if isinstance(value, dict | list):
        return "✓"  # structured data (e.g. a pre-approval) is shown by its own step's display
    if step.choices is not None:
        labels = dict(step.choice_items(answers or {}, lang))
        if value in labels:
            return t.gettext(labels[value]) if step.translate_choices else labels[value]
    # Identifiers the reader may copy (a channel that can makes them copyable with a tap).
    return code(value) if step.field in COPYABLE_FIELDS else str(value)


def reviewer_lines(order: OrderSummary, t: Translator, lang: str) -> list[str]:
    """An order as a reviewer's card starts: who and what, personal data masked."""
    return [t.gettext("Order {order_id} · {kind} · {region}").format(
                order_id=code(order.id), kind=t.gettext(ORDER_TYPES[order.order_type]),
                region=region_name(order.region, lang)),
            t.gettext("Status: {status}").format(status=t.gettext(STATUSES[order.status])),
            t.gettext("Entity: {name}").format(name=mask_name(order.entity_name)),
            t.gettext("Domains: {domains}").format(
                domains=", ".join(map(for_reviewers, order.domains)) or "—")]


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
            t.gettext(WEBSITE_LANGUAGES[language]) for language in site.languages
            if language in WEBSITE_LANGUAGES)))
    if site.pre_approval is not None:
        lines.append("  " + t.gettext("Pre-approval: {category}, No. {number}").format(
            category=t.gettext(PRE_APPROVALS.get(site.pre_approval.category, "—")),
            number=site.pre_approval.number))
    return lines
