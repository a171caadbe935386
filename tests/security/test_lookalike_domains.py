"""Attack 11: look-alike domains (аpple.com with a Cyrillic а, gооgle.com with Cyrillic о's).
Mixed-script labels and labels that only imitate Latin letters are refused with the reason;
reviewers always see the Punycode beside a Unicode domain, and a warning on a look-alike
filed before this check existed."""

from __future__ import annotations

import pytest

from bot.i18n import translator
from dialogs.cards import order_card
from dialogs.notifications import render
from filing.events import OrderSubmitted
from filing.validation import Invalid, domain
from tests.conftest import FakeWorld
from tests.samples import photo
from tests.unit.test_lifecycle import sample_order

LOOK_ALIKES = ["аpple.com", "gооgle.com", "аррӏе.com", "ｇооｇｌｅ.com", "xn--pple-43d.com",
               "shop.аpple.cn", "ροο.com"]
GENUINE = {"中文.com": "xn--fiq228c.com", "例子abc.cn": "xn--abc-nd4ds56f.cn",
           "münchen.com": "xn--mnchen-3ya.com", "example.com": "example.com"}


@pytest.mark.parametrize("given", LOOK_ALIKES)
def test_a_look_alike_domain_is_refused_with_the_reason(given: str) -> None:
    with pytest.raises(Invalid) as refused:
        domain(given)
    assert "mixes letters of different scripts" in refused.value.msgid
    assert refused.value.params["ascii"].startswith(("xn--", "shop.xn--"))


@pytest.mark.parametrize("given, ascii_form", GENUINE.items())
def test_genuine_domains_pass(given: str, ascii_form: str) -> None:
    assert domain(given) == given


def test_a_look_alike_is_refused_in_the_conversation(world: FakeWorld) -> None:
    from tests.unit.test_first_filing_flow import start_first_filing

    chat = world.conversation()
    start_first_filing(chat)
    for value in ("CN-ZJ", "individual"):
        chat.press(f"ans:{value}")
    for answer in ("张三",):
        chat.say(answer)
    chat.press("ans:resident_id")
    for answer in ("11010519491231002X", "长期", "浙江省杭州市西湖区文三路100号"):
        chat.say(answer)
    chat.upload("permit.jpg", "image/jpeg", photo(tag="permit"))  # a Beijing ID in Zhejiang
    chat.press("ans:same")
    for answer in ("13812345678", "zhang@example.com", "13912345678", "美食分享日记"):
        chat.say(answer)
    chat.say("аpple.com")
    assert "mixes letters of different scripts" in chat.text and "xn--pple-43d.com" in chat.text


def test_reviewers_see_the_punycode_beside_unicode_and_a_warning_on_a_look_alike() -> None:
    t = translator("en")
    order = sample_order()
    order.id = "O1"
    order.websites[0].domain = "中文.com"
    card = order_card(order.summary(), t, "en").text
    assert "中文.com (xn--fiq228c.com)" in card
    legacy = OrderSubmitted("O2", "test:1", "first_filing", "CN-ZJ", 1, "张*", ("аpple.com",))
    [notice] = render(legacy, t, "en", lambda moment, locale: str(moment))
    assert "аpple.com (xn--pple-43d.com) ⚠" in notice.text
