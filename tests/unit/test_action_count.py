"""How many things an applicant does to file (issue #13): every message, tap and upload counts.

The goal: an error-free first filing (an individual, one website) in at most 22 actions, and
one with the five most common mistakes in at most 30. README quotes the counts measured here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from bench.autopilot import photo
from tests.conftest import FakeWorld
from tests.harness import Conversation
from tests.unit.test_regional_rules import resident_id

ID_NUMBER = resident_id("33", "19900101")
SERVICE_CODE = "32a43232-a888-88e8-b9ec-00888be81234"


@dataclass
class Applicant:
    """Sends what a person sends, counting each action, and checks the bot's reaction."""

    chat: Conversation
    actions: int = 0
    refused: list[str] = field(default_factory=list)

    def _count(self) -> None:
        self.actions += 1
        if self.chat.text.startswith("⚠️"):
            self.refused.append(self.chat.text.split("\n")[0])

    def say(self, text: str) -> None:
        self.chat.say(text)
        self._count()

    def tap(self, value: str) -> None:
        assert value in self.chat.button_values(), (value, self.chat.text)
        self.chat.press(value)
        self._count()

    def send_photo(self, tag: str) -> None:
        self.chat.upload(f"{tag}.jpg", "image/jpeg", photo(tag=tag))
        self._count()


def open_first_filing(person: Applicant) -> None:
    person.chat.command("start")
    person.actions += 1
    person.tap("flow:first_filing")  # the main menu's shortcut


def individual_in_zhejiang(person: Applicant, mistakes: bool = False) -> None:
    """Zhang Wei files his food blog: every answer of an individual with one website."""
    open_first_filing(person)
    person.tap("ans:CN-ZJ")
    person.tap("ans:individual")
    person.say("张伟")
    person.tap("ans:resident_id")
    if mistakes:  # 1. a digit swapped in the ID number (its check digit catches it)
        person.say(ID_NUMBER[:10] + ID_NUMBER[11] + ID_NUMBER[10] + ID_NUMBER[12:])
    person.say(ID_NUMBER)
    person.say("长期")
    person.say("浙江省杭州市西湖区文三路100号")
    if mistakes:  # 2. a mobile number missing a digit
        person.say("1381234567")
    person.say("13812345678")
    person.say("zhangwei@example.com")
    if mistakes:  # 3. a question in the middle of the form
        person.say("个人备案需要多久？")
    person.say("13912345678")
    if mistakes:  # 4. the owner's name in a personal website's name
        person.say("张伟的美食日记")
    person.say("美食分享日记")
    if mistakes:  # 5. the address bar's URL instead of the domain: one tap takes the fix
        person.say("https://www.zhangwei-food.cn/")
        person.tap("ans:zhangwei-food.cn")
    else:
        person.say("zhangwei-food.cn")
    person.tap("ans:entity")
    person.say("2030-12-31")
    person.tap("ans:personal")
    person.send_photo("front")
    person.send_photo("back")
    person.tap("ans:mainland")
    person.say(SERVICE_CODE)
    person.tap("nav:confirm")


@pytest.mark.parametrize("locale", ["en", "zh_Hans"])
def test_error_free_first_filing_takes_at_most_22_actions(world: FakeWorld, locale: str) -> None:
    person = Applicant(world.conversation(locale=locale))
    individual_in_zhejiang(person)
    [order] = world.orders.rows.values()
    assert order.websites[0].domain == "zhangwei-food.cn" and person.refused == []
    assert person.actions == 22


@pytest.mark.parametrize("locale", ["en", "zh_Hans"])
def test_first_filing_with_five_common_mistakes_takes_at_most_30_actions(
        world: FakeWorld, locale: str) -> None:
    person = Applicant(world.conversation(locale=locale))
    individual_in_zhejiang(person, mistakes=True)
    [order] = world.orders.rows.values()
    assert order.entity.certificate_number == ID_NUMBER
    assert order.entity.leader.mobile == "13812345678"
    assert order.websites[0].name == "美食分享日记"
    assert order.websites[0].domain == "zhangwei-food.cn"
    assert len(person.refused) == 4  # the question is answered, not refused
    assert person.actions == 27
