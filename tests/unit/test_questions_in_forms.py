"""A question is never stored as an answer: transcripts in both languages, with the real
knowledge base (its answers are not what is checked here, only that one is given)."""

from __future__ import annotations

import pytest

from bot.bootstrap import LazyKnowledge
from dialogs.messages import Ask
from tests.conftest import FakeWorld
from tests.harness import Conversation


@pytest.fixture(scope="module")
def knowledge() -> LazyKnowledge:
    return LazyKnowledge()


def at_entity_name(knowledge: LazyKnowledge, locale: str) -> tuple[FakeWorld, Conversation]:
    world = FakeWorld(knowledge=knowledge)
    chat = world.conversation(locale=locale)
    chat.command("start")
    chat.press("flow:first_filing")
    chat.press("ans:CN-GD")
    chat.press("ans:individual")
    return world, chat


def at_website_name(knowledge: LazyKnowledge, locale: str) -> tuple[FakeWorld, Conversation]:
    world, chat = at_entity_name(knowledge, locale)
    # A Guangdong ID in Guangdong: nothing asked beyond the usual.
    for answer in ("张三", "ans:resident_id", "440106199001011235", "长期",
                   "广东省广州市天河区天河路100号", "ans:same", "13812345678",
                   "zhang@example.com", "13912345678"):
        if answer.startswith("ans:"):
            chat.press(answer)
        else:
            chat.say(answer)
    assert "Website name" in chat.text or "网站名称" in chat.text, chat.text
    return world, chat


def draft_answers(world: FakeWorld) -> dict[str, object]:
    [draft] = world.store.drafts.values()
    return draft.answers


# (locale, what the applicant types at the entity-name step, the re-asked step's label)
QUESTIONS = [
    ("zh_Hans", "广东备案要多久", "主办单位名称"),
    ("zh_Hans", "个人可以备案吗", "主办单位名称"),
    ("zh_Hans", "广东需要居住证吗？", "主办单位名称"),
    ("en", "How long does filing take in Guangdong", "Entity name"),
    ("en", "can I file as an individual?", "Entity name"),
]


@pytest.mark.parametrize(("locale", "text", "label"), QUESTIONS)
def test_question_at_a_text_step_is_answered_and_the_step_asked_again(
        knowledge: LazyKnowledge, locale: str, text: str, label: str) -> None:
    world, chat = at_entity_name(knowledge, locale)
    chat.say(text)
    assert "entity_name" not in draft_answers(world)
    assert len(chat.replies) == 2 and label in chat.replies[-1].text


def test_a_valid_stored_answer_is_never_overwritten_by_a_question(
        knowledge: LazyKnowledge) -> None:
    world, chat = at_entity_name(knowledge, "zh_Hans")
    chat.say("张三")
    chat.press("nav:back")  # back at the name, which is kept
    chat.say("广东备案要多久？")
    assert draft_answers(world)["entity_name"] == "张三"


def test_text_that_is_both_a_valid_answer_and_a_question_is_asked_about(
        knowledge: LazyKnowledge) -> None:
    world, chat = at_website_name(knowledge, "zh_Hans")
    chat.say("如何学编程")  # a fine website name, and a question in form
    ask = chat.last_ask
    assert ask is not None and "如何学编程" in ask.text
    assert [o.value for o in ask.options] == ["pend:answer", "pend:ask"]
    chat.press("pend:answer")
    assert draft_answers(world)["website_name"] == "如何学编程"


def test_saying_it_was_a_question_answers_it_and_asks_the_step_again(
        knowledge: LazyKnowledge) -> None:
    world, chat = at_website_name(knowledge, "en")
    chat.say("如何学编程")
    chat.press("pend:ask")
    assert "website_name" not in draft_answers(world)
    assert isinstance(chat.replies[-1], Ask) and "Website name" in chat.replies[-1].text


def typed_at_entity_type(knowledge: LazyKnowledge, locale: str, typed: str) -> dict[str, object]:
    """The draft's answers after ``typed`` is sent at the entity-type question."""
    world = FakeWorld(knowledge=knowledge)
    chat = world.conversation(locale=locale)
    chat.command("start")
    chat.press("flow:first_filing")
    chat.press("ans:CN-GD")
    chat.say(typed)
    return draft_answers(world)


@pytest.mark.parametrize(("locale", "typed"), [("en", "individual"), ("en", "Individual"),
                                               ("zh_Hans", "个人")])
def test_an_option_can_be_typed_instead_of_tapped(knowledge: LazyKnowledge, locale: str,
                                                  typed: str) -> None:
    assert typed_at_entity_type(knowledge, locale, typed)["entity_type"] == "individual"


@pytest.mark.parametrize(("locale", "typed", "expected"), [
    ("zh_Hans", "个体", "individual_business"),  # the start of one option's label
    ("en", "sole proprietor", "individual_business"),
    ("en", "government", "government"),
    ("en", "government agency", "government"),
    ("en", "individual sole", "individual_business"),  # every word starts a word of the label
    ("zh_Hans", "单位", None),  # in two labels: which one is not guessed
    ("en", "non", None),  # too short to stand for a label
])
def test_part_of_one_options_label_chooses_it_and_an_unclear_part_does_not(
        knowledge: LazyKnowledge, locale: str, typed: str, expected: str | None) -> None:
    assert typed_at_entity_type(knowledge, locale, typed).get("entity_type") == expected


# (locale, free text at the main menu, what the reply must contain)
AT_THE_MENU = [
    ("zh_Hans", "我要备案", "您想办理什么业务"),
    ("en", "I want to file my website", "What do you want to do?"),
    ("zh_Hans", "你好", "您好"),
    ("en", "hello", "Hello!"),
    ("en", "status?", "You have not submitted any orders yet."),
    ("zh_Hans", "我的订单", "您还没有提交过备案订单"),
    ("zh_Hans", "广东备案要多久", "广东"),
    ("en", "asdfgh", "I'm not sure what you mean"),
    ("zh_Hans", "x", "我没太明白"),  # a lone letter is no question
    ("en", "ok", "I'm not sure what you mean"),
]


@pytest.mark.parametrize(("locale", "text", "expected"), AT_THE_MENU)
def test_free_text_at_the_main_menu_is_understood(knowledge: LazyKnowledge, locale: str,
                                                  text: str, expected: str) -> None:
    chat = FakeWorld(knowledge=knowledge).conversation(locale=locale)
    chat.command("start")
    chat.say(text)
    assert expected in chat.text
    assert chat.last_ask is not None  # and there is always something to tap next


@pytest.mark.parametrize(("locale", "first", "follow_up", "expected"), [
    ("zh_Hans", "上海个人备案需要居住证吗", "那北京呢", "北京"),
    ("en", "Do individuals in Shanghai need a residence permit?", "and in Beijing?",
     "Beijing"),
])
def test_a_follow_up_question_keeps_the_topic_of_the_last_one(
        knowledge: LazyKnowledge, locale: str, first: str, follow_up: str,
        expected: str) -> None:
    world = FakeWorld(knowledge=knowledge)
    chat = world.conversation(locale=locale)
    chat.command("start")
    chat.command("ask", first)
    first_topic = world.store.profiles["test:1"].last_question
    assert first_topic and first_topic.startswith("CN-SH|")
    chat.command("ask", follow_up)
    assert expected in chat.text
    assert world.store.profiles["test:1"].last_question == "CN-BJ|" + first_topic.split("|")[1]


@pytest.mark.parametrize(("locale", "after"), [("zh_Hans", "好的"), ("zh_Hans", "?"),
                                               ("en", "ok"), ("en", "thanks")])
def test_a_thank_you_after_an_answer_is_not_answered_again(
        knowledge: LazyKnowledge, locale: str, after: str) -> None:
    chat = FakeWorld(knowledge=knowledge).conversation(locale=locale)
    chat.command("start")
    chat.say("身份证号码的格式是什么")
    assert "MOD 11-2" in chat.text
    chat.say(after)
    assert "MOD 11-2" not in chat.text


def test_a_number_typed_after_an_answer_is_never_answered_in_english_in_a_chinese_chat(
        knowledge: LazyKnowledge) -> None:
    """'身份证' at the certificate-type step gets an answer; the ID number typed next has no
    words of either language, and whatever follows is in the reader's language."""
    _world, chat = at_entity_name(knowledge, "zh_Hans")
    chat.say("张三")
    chat.say("身份证")
    before = len(chat.text)
    chat.say("440106199001011235")
    after = chat.text[before:]
    assert "Known rules" not in after and "Sources" not in after, after
