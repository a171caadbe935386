"""The order page shows a reviewer every filed field, unmasked and in words, and nothing
internal (no key, path, repr, code, topic tag, storage key or hash): an order of every type,
with every field filled, rejected once and corrected, read in both languages."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from aiohttp.test_utils import TestClient

from bot.bootstrap import App
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
from filing.types import OrderType
from knowledge import KnowledgeBase
from tests.web.desk_support import PASSWORD, accounts, log_in
from tests.web.full_orders import (
    ADMIN,
    DETAILS_SHOWN,
    LEADER,
    SHA256,
    STORAGE_KEY,
    full_order,
    store_rejected_and_corrected,
)


def expected_values(order: FilingOrder, locale: str) -> list[str]:
    """Every non-empty filed value, as a reviewer in ``locale`` must read it."""
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
    values += ["请按营业执照上的名称填写。", "alice", t("Entity certificate")]
    return values


class VisibleText(HTMLParser):
    """The text a person sees: no tags, attributes, scripts or styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.hidden += tag in ("script", "style", "head")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("script", "style", "head")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


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


def topic_tags(text: str) -> list[str]:
    return [tag for tag in TOPIC_TAGS
            if re.search(rf"(?<![\w-]){re.escape(tag)}(?![\w-])", text)]


def data_column(html: str) -> str:
    """The order's data and the decision's actions: what is made of the order's own values
    and codes (the reasons, rules and problems around them are prose)."""
    data = html[html.index('<div class="data">'):html.index("<aside>")]
    form = re.search(r"<legend>.*?<fieldset class=\"reasons\">", html, re.S)
    actions = form.group(0) if form else ""  # some types are not decided at this status
    return visible_text(data + actions)


@pytest.fixture
async def reviewers(app: App) -> dict[str, str]:
    from bot.web.passwords import hash_password

    accounts(app).add("zoe", hash_password(PASSWORD), locale="zh_Hans")
    return {"en": "alice", "zh_Hans": "zoe"}


@pytest.mark.parametrize("locale", ["en", "zh_Hans"])
@pytest.mark.parametrize("order_type", list(OrderType), ids=str)
async def test_the_order_page_shows_every_field_in_words_and_nothing_internal(
        app: App, client: TestClient,  # type: ignore[type-arg]
        reviewers: dict[str, str], order_type: OrderType, locale: str) -> None:
    order = store_rejected_and_corrected(app, full_order(order_type))
    await log_in(client, reviewers[locale])
    html = await (await client.get(f"/orders/{order.id}")).text()
    text = visible_text(html)
    t = translator(locale).gettext

    missing = [value for value in expected_values(order, locale) if value not in text]
    assert missing == [], missing
    # The resubmission diff names the field as the page does, with both values.
    diff = visible_text(html[html.index('<section class="diff">'):])
    assert f"{t('Website {number}').format(number=1)} · {t('Website name')}" in diff
    assert "云栖产品展示网" in diff and "美食分享日记" in diff

    leaks = internal_data(text)
    assert leaks == [], leaks
    data = data_column(html)
    titles = visible_text("".join(re.findall(r"<summary>.*?</summary>", html, re.S)))
    codes = [word for word in CODE_WORDS.findall(data) if word in CODES]
    assert codes + topic_tags(data + titles) == [], codes
    if locale == "zh_Hans":  # every label translated: no English word (acronyms such as IP
        # are Chinese usage too) in a Chinese heading or label
        labels = visible_text(" | ".join(re.findall(
            r"<(?:dt|th|h2|h3|legend|summary)\b[^>]*>.*?</(?:dt|th|h2|h3|legend|summary)>",
            html, re.S)))
        assert re.findall(r"[A-Za-z]*[a-z][A-Za-z]*", labels) == [], labels
    assert STORAGE_KEY not in html and SHA256 not in html and "entity_certificate" not in html
