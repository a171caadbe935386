"""The order page shows a reviewer every filed field, unmasked and in words, and nothing
internal (no key, path, repr, code, topic tag, storage key or hash): an order of every type,
with every field filled, rejected once and corrected, read in both languages."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from aiohttp.test_utils import TestClient

from bot.bootstrap import App
from bot.i18n import translator
from filing.types import OrderType
from tests.order_words import CODE_WORDS, CODES, TOPIC_TAGS, expected_values, internal_data
from tests.web.desk_support import PASSWORD, accounts, log_in
from tests.web.full_orders import (
    SHA256,
    STORAGE_KEY,
    full_order,
    store_rejected_and_corrected,
)


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
