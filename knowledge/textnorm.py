"""Normalising a question before anything reads it.

Applicants write full-width letters (ＩＣＰ), traditional characters (上海個人備案), pinyin with
tone marks or tone numbers (Guǎngdōng, guang3dong1) and mixed case. Everything downstream
(region finding, retrieval, declines) reads the normalised text only, so each of those
variations is handled once, here.

Traditional → simplified uses OpenCC's own ``t2s`` table (the maintained converter, a C++
library with a ~10 ms start); it is created on first use and by :func:`warm_up`.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from typing import Any

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_TONE_NUMBERED = re.compile(r"\b(?:[a-z]{1,6}[1-5]){2,}[a-z]*\b")
# Tones are the only thing that tell Shaanxi (Shǎnxī) from Shanxi (Shānxī) in pinyin: read
# them before they are stripped.
_SHAANXI_TONED = re.compile(r"sh(?:ǎn|an3)\s*-?\s*x(?:ī|i1?)\b", re.IGNORECASE)
# Phones type ’ for the apostrophe (friend’s): the patterns and the English words expect '.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'"})
# Chinese numerals before a unit of age, time or count (十八岁, 二十个工作日, 三个月) are read as
# digits, so "未满十八岁" meets "18岁" in the examples and the answers.
_CN_NUMBER = re.compile(
    r"(?<!第)[零一二两三四五六七八九十百]+(?=周岁|岁|天|个月|个工作日|工作日|小时|次(?!性))"
)
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_converter: Any = None
_lock = threading.Lock()


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def _opencc() -> Any:
    global _converter
    if _converter is None:
        with _lock:
            if _converter is None:
                import opencc  # lazily: a Latin-only question never needs it

                _converter = opencc.OpenCC("t2s")
    return _converter


def to_simplified(text: str) -> str:
    """Traditional characters → simplified (identity on simplified or Latin text)."""
    if not has_cjk(text):
        return text
    return str(_opencc().convert(text))


def _strip_marks(text: str) -> str:
    """Removes diacritics from Latin letters only (pinyin tones: ǎ → a, ü → u)."""
    if text.isascii():
        return text
    out = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def _chinese_number(match: re.Match[str]) -> str:
    """一 … 九百九十九 as digits; anything else (a lone 百) unchanged."""
    numeral, total, digit = match.group(0), 0, 0
    for char in numeral:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        elif char == "十":
            total += (digit or 1) * 10
            digit = 0
        else:  # 百
            if not digit:
                return numeral
            total += digit * 100
            digit = 0
    return str(total + digit)


def normalize(text: str) -> str:
    """The form every reader of a question uses: NFKC, simplified, no tone marks, lower case.

    Chinese characters are untouched apart from the traditional → simplified step (NFD/NFC
    round trips leave them as they are); tone numbers are dropped only in runs of two or more
    numbered syllables (guang3dong1), so "B2" or "ipv6" keep their digits.
    """
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    text = _SHAANXI_TONED.sub("shaanxi", text)
    text = to_simplified(text)
    text = _CN_NUMBER.sub(_chinese_number, _strip_marks(text).lower())
    return _TONE_NUMBERED.sub(lambda m: re.sub(r"[1-5]", "", m.group(0)), text)


def warm_up() -> None:
    """Creates the OpenCC converter now (the bot calls this in a background thread)."""
    _opencc()
