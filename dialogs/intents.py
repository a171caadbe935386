"""What free text means at the main menu (outside a form): a small table of phrases per
intent, in both languages. Questions go to the knowledge base; these are the rest."""

from __future__ import annotations

import re

# Checked in this order; the first whose pattern is found in the normalised text wins.
# Patterns are short on purpose: at the menu a message is one short request, and anything
# longer that reads as a question goes to the knowledge base instead.
INTENTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("status", re.compile(
        r"^(status|my orders?|order status|progress|where is my (order|filing))$|"
        r"进度|进展|我的订单|订单状态|审核到哪|审到哪|审核结果|到哪一步|查(询)?(一下)?(订单|状态|进度)")),
    ("drafts", re.compile(r"^(drafts?|my drafts?|continue|resume)$|草稿|继续(填|备案)?$")),
    ("file", re.compile(
        r"^(i )?(want|need|would like|'d like) to (file|register|do an? icp|start)|"
        r"^(file|new filing|start( a)? filing|icp filing|register my (web)?site)|"
        r"^(我)?(要|想|需要|准备)(办理|做|申请|去|给.{0,8})?(icp)?备案|^(新|开始|办理|申请)(icp)?备案|"
        r"^(icp)?备案$")),
    ("greeting", re.compile(
        r"^(hi|hello|hey|good (morning|afternoon|evening)|yo)\b|"
        r"^(你好|您好|嗨|哈喽|在吗|在不在|早上好|下午好|晚上好)")),
    ("thanks", re.compile(r"^(thanks|thank you|thx|ok thanks)\b|^(谢谢|多谢|感谢|辛苦了)")),
    ("help", re.compile(r"^(help|menu|commands?|what can you do)$|"
                        r"^(帮助|菜单|你能做什么|能干什么)")),
    ("language", re.compile(r"^(english|中文|简体中文|language|语言|切换语言)$")),
)

_NOISE = re.compile(r"[\s,.!?，。！？~～…]+")


def normalise(text: str) -> str:
    return _NOISE.sub(" ", text.casefold()).strip()


def intent_of(text: str) -> str | None:
    """The intent a short message at the menu expresses, or None."""
    cleaned = normalise(text)
    compact = cleaned.replace(" ", "") if re.search(r"[\u4e00-\u9fff]", cleaned) else cleaned
    for name, pattern in INTENTS:
        if pattern.search(compact):
            return name
    return None
