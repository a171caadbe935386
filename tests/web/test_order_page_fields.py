"""The order page shows a reviewer every filed field, unmasked and in words, and nothing
internal (no key, path, repr, code, topic tag, storage key or hash): an order of every type,
with every field filled, rejected once and corrected, read in both languages."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, date, datetime, timedelta
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
from filing.lifecycle import Status
from filing.model import Access, FilingOrder, Material, Person, PreApproval, StatusChange
from filing.reasons import REASONS, reason_by_code
from filing.services import new_order_id
from filing.types import CertificateType, EntityType, OrderType
from knowledge import KnowledgeBase
from storage.db import make_engine, session_factory
from storage.uow import uow_factory
from tests.orders_by_type import DETAILS, order_of
from tests.web.desk_support import PASSWORD, accounts, log_in

S = Status
T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
STORAGE_KEY = "orders/o1/3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c"
SHA256 = "9b74c9897bac770ffc029102a200c5de" * 2
LEADER = Person("张三", CertificateType.RESIDENT_ID, "11010519491231002X", "13812345678",
                "zhang@example.com", "13900001111", "2031-05-20")
ADMIN = Person("李四", CertificateType.PASSPORT, "E12345678", "13700002222", "li@example.com",
               "13600003333", "long-term")
# What each type's own answers read as (``tests.orders_by_type.DETAILS``), in English.
DETAILS_SHOWN = {"entity_change": "The mobile number or e-mail",
                 "website_change": "The website's name",
                 "access_change": "The server's public IP address changed",
                 "new_ip": "47.96.1.2", "new_access_done": "Yes", "claim_hichina": "Yes",
                 "claim_before_2010": "Yes", "claim_other_provider": "No",
                 "claim_imported": "No"}


def full_order(order_type: OrderType) -> FilingOrder:
    """``order_type``'s sample with every field of the order model filled: an enterprise whose
    leader is not its legal representative, two websites (one run by another person)."""
    order = order_of(order_type, applicant="telegram:5550001",
                     domains=("example.com", "example.net"))
    order.id = new_order_id()
    entity = order.entity
    entity.entity_type, entity.certificate_type = (EntityType.ENTERPRISE,
                                                   CertificateType.BUSINESS_LICENSE)
    entity.name, entity.certificate_number = "杭州云栖科技有限公司", "91330106MA2B0XK27Q"
    entity.mailing_address = "浙江省杭州市余杭区文一西路969号"
    entity.investor, entity.landline = "杭州云栖控股有限公司", "0571-88886666"
    entity.filing_number = entity.filing_number or "浙ICP备2025000007号"
    entity.leader, entity.leader_is_legal_representative = LEADER, False
    if not order.websites:  # an operation on the entity: its websites are still filed data
        order.websites = order_of(OrderType.NEW_ACCESS, domains=("example.com",)).websites
    for number, site in enumerate(order.websites, 1):
        site.filing_number = site.filing_number or f"浙ICP备2025000007号-{number}"
        site.leader = ADMIN if number == 1 else LEADER
        site.content, site.languages = "company", ("zh-Hans", "en", "ug")
        site.pre_approval = PreApproval("publishing", "浙新出审〔2024〕12号")
        site.domain_holder, site.domain_expires = "leader", "2029-08-31"
    order.access = Access("32a43232-a888-88e8-b9ec-00888be81234", "mainland")
    order.details = {**DETAILS.get(order_type, {}), "instance_billing": "subscription"}
    order.remarks = "网站用于展示公司产品，请审核。"
    order.materials = [Material("entity_certificate", "entity_certificate.pdf",
                                "application/pdf", 2048, STORAGE_KEY, SHA256)]
    order.created_at = order.updated_at = T0
    order.status, order.round, order.forget_requested = S.PROVIDER_REVIEW, 1, True
    order.history = [StatusChange(S.DRAFT, S.PROVIDER_REVIEW, order.applicant, T0)]
    return order


def store_rejected_and_corrected(app: App, order: FilingOrder) -> FilingOrder:
    """Filed, rejected for its website's name and sent again renamed: two sealed rounds."""
    uows = uow_factory(session_factory(make_engine(app.database_url)), app.cipher)
    with uows() as uow:
        uow.orders.add(order)
        uow.commit()
    with uows() as uow:
        stored = uow.orders.get(order.id)
        assert stored is not None
        stored.websites[0] = dataclasses.replace(stored.websites[0], name="云栖产品展示网")
        stored.history += [
            StatusChange(S.PROVIDER_REVIEW, S.PROVIDER_REJECTED, "alice",
                         T0 + timedelta(hours=2), ("website_name", "materials_unclear"),
                         "请按营业执照上的名称填写。"),
            StatusChange(S.PROVIDER_REJECTED, S.PROVIDER_REVIEW, stored.applicant,
                         T0 + timedelta(days=1))]
        stored.round, stored.status = 2, S.PROVIDER_REVIEW
        uow.orders.add(stored)
        uow.commit()
    return stored


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
