"""What a person must read of a fully filled order (tests/web/full_orders.py), in either
language, and what they must never read: keys, paths, reprs, hashes, the core's codes. The desk's
order page and the applicant's PDF are checked against the same words."""

from __future__ import annotations

import re
from datetime import date

from bot.i18n import format_date, translator
from dialogs.flows import all_flows
from dialogs.labels import (
    ACTIONS,
    CERTIFICATES,
    ENTITY_TYPES,
    ORDER_TYPES,
    PRE_APPROVALS,
    STATUSES,
    WEBSITE_CONTENT,
    WEBSITE_LANGUAGES,
)
from dialogs.render import region_name
from filing.model import FilingOrder
from filing.reasons import REASONS, reason_by_code
from knowledge import KnowledgeBase
from tests.web.full_orders import ADMIN, DETAILS_SHOWN, LEADER


def expected_values(order: FilingOrder, locale: str, *, reviewer: bool = True) -> list[str]:
    """Every non-empty filed value, as a reviewer (or the applicant) in ``locale`` must read
    it; a reviewer reads who rejected the order too."""
    t = translator(locale).gettext
    lang = "zh" if locale == "zh_Hans" else "en"

    def day(value: str) -> str:
        return t("Long-term") if value == "long-term" else format_date(
            date.fromisoformat(value), locale)

    entity = order.entity
    values = [entity.name, entity.certificate_number, entity.address, entity.mailing_address,
              entity.investor, entity.landline, entity.filing_number,
              region_name(entity.region, lang), t(ENTITY_TYPES[entity.entity_type]),
              t(CERTIFICATES[entity.certificate_type]),
              t("Yes" if entity.leader_is_legal_representative else "No"), order.remarks]
    for person in (LEADER, ADMIN):
        values += [person.name, person.certificate_number, person.mobile, person.email,
                   person.emergency_phone, day(person.certificate_valid_until),
                   t(CERTIFICATES[person.certificate_type])]
    for site in order.websites:
        assert site.pre_approval is not None and order.access is not None
        values += [site.name, site.domain, site.filing_number, t(WEBSITE_CONTENT[site.content]),
                   *(t(WEBSITE_LANGUAGES[code]) for code in site.languages),
                   t(PRE_APPROVALS[site.pre_approval.category]), site.pre_approval.number,
                   t("The legal representative"), day(site.domain_expires)]
    assert order.access is not None
    values += [order.access.service_code, t("Mainland China"),
               t("Subscription, at least 3 months bought in total")]
    values += [day(value) if key == "filed_on" else t(DETAILS_SHOWN[key])
               for key, value in order.details.items() if key != "instance_billing"]
    values += [t(reason_by_code(code).problem) for code in ("website_name", "materials_unclear")]
    values += ["请按营业执照上的名称填写。", t("Entity certificate")]
    if reviewer:
        values.append("alice")
    return values


SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
INDEX_PATH = re.compile(r"\w\[\d+\]|\[\d+\]\.")
REPR = re.compile(r"[{\[]'|'[:,] '|\bNone\b|\bTrue\b|\bFalse\b|\w\(\w+=|<\w+(\.\w+)* object")
HEX = re.compile(r"\b[0-9a-f]{16,}\b")
TOPIC_TAGS = {entry.topic for entry in KnowledgeBase.load().entries if "-" in entry.topic}
# Codes of the core's vocabularies; words that are also plain English are checked only
# where the order's data and the decision form are (the rules and problems are prose).
VOCABULARIES = (STATUSES, ORDER_TYPES, ENTITY_TYPES, CERTIFICATES, WEBSITE_CONTENT,
                WEBSITE_LANGUAGES, PRE_APPROVALS)
# (A code that is also a word of some label, such as "games", cannot be told from it.)
LABELS = [*(label for vocabulary in VOCABULARIES for label in vocabulary.values()),
          *(step.label for flow in all_flows().values() for step in flow.steps)]
LABEL_WORDS = {word for label in LABELS for word in re.findall(r"[\w-]+", label)}
CODES = {str(code) for vocabulary in (*VOCABULARIES, ACTIONS) for code in vocabulary} | {
    reason.code for reason in REASONS} | {"mainland", "subscription", "long-term"}
CODES -= LABEL_WORDS
CODE_WORDS = re.compile(r"[A-Za-z0-9][\w-]*")


def internal_data(text: str) -> list[str]:
    found = [*SNAKE_CASE.findall(text), *INDEX_PATH.findall(text), *HEX.findall(text)]
    found += [match.group(0) for match in REPR.finditer(text)]
    return found


