"""The same complete filing in both languages: no English in the Chinese conversation,
no Chinese in the English one (apart from names, domains, codes and official names)."""

from __future__ import annotations

import re

from bench.autopilot import Autopilot
from dialogs.messages import Ask, Command
from tests.conftest import FakeWorld

# What may stay Latin in Chinese text: URLs, domains, e-mail, codes and format names.
ALLOWED_LATIN = re.compile(
    r"https?://\S+|\S+@[\w.-]+|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|\b[\w-]+(?:\.[\w-]+)+\b|/[a-z_]+|"
    r"\b(?:ICP|MIIT|ID|PDF|JPEG|PNG|JPG|X|CN-[A-Z]{2}|[A-Z0-9-]{6,}|[a-z]+\.jpg)\b",
)
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def complete_filing(locale: str) -> list[str]:
    world = FakeWorld()
    pilot = Autopilot(world.engine, world.store, world.engine._flows, 7)
    pilot.engine.set_locale(pilot.chat, locale)
    texts: list[str] = []

    def record(replies: list) -> None:  # type: ignore[type-arg]
        for message in replies:
            texts.append(message.text)
            if isinstance(message, Ask):
                texts.extend(option.label for option in message.options)

    record(pilot.send(Command("start")))
    record(pilot.send(Command("new")))
    pilot.start()
    record(pilot.last)
    for _ in range(60):
        incoming = pilot.next_input()
        if incoming is None:
            break
        record(pilot.send(incoming))
    assert world.orders.rows, "the filing was not submitted"
    record(pilot.send(Command("status")))
    return texts


def test_chinese_applicant_never_sees_english() -> None:
    leaks = []
    for text in complete_filing("zh_Hans"):
        cleaned = ALLOWED_LATIN.sub(" ", text)
        # The language button says "Language" in both languages on purpose: it is how a
        # user who cannot read the current language finds the way out. "www" and "IP" are
        # the words Chinese applicants use too.
        words = [w for w in ENGLISH_WORD.findall(cleaned)
                 if w not in ("English", "Language", "www", "IP")]
        if words:
            leaks.append((words, text[:80]))
    assert leaks == []


def test_english_applicant_never_sees_chinese_except_official_names() -> None:
    leaks = []
    for text in complete_filing("en"):
        # Official names come with their translation, e.g. "浙江 Zhejiang", "ICP备案", "中文".
        # The applicant's own answers (names, addresses) stay as typed, masked where personal.
        # An official term the Chinese-only console uses stands in brackets after its English
        # name, e.g. "mailing address (通信地址)", or is a document title in 《》.
        cleaned = re.sub(r"[\u4e00-\u9fff]\*+|[\u4e00-\u9fff]+…|ICP备案|中文|语言|主体负责人|"
                         r"张三|美食分享日记|浙江省杭州市西湖区文三路100号|\w+省示例区人民路100号|浙ICP备\S+|"
                         r"\([\w\u4e00-\u9fff“”]+\)|《[^》]+》", " ", text)
        if CHINESE.search(cleaned):
            leaks.append(text[:80])
    assert leaks == []


def test_a_refused_review_step_is_explained_with_labels_not_codes() -> None:
    from bot.i18n import translator
    from dialogs.render import message
    from filing.errors import ForbiddenTransition

    error = ForbiddenTransition("Order {order_id} is {status}; “{action}” is not possible now.",
                                order_id="O1", status="provider_rejected",
                                action="sms_verified")
    text = message(translator("zh_Hans"), error.msgid, error.params, "zh")
    assert "provider_rejected" not in text and "sms_verified" not in text
    assert "驳回" in text
