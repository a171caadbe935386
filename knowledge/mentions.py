"""Finding the regions a question names, and the one it is about.

Reads normalised text (:func:`knowledge.textnorm.normalize`): simplified characters, lower
case, no tone marks. Chinese names match longest-first (so 鄂尔多斯 is Inner Mongolia, not 鄂);
Latin names match as one to three adjacent words (``shaan xi``, ``xi'an``), and a word that is
no known English word may be one typo away from a name (``shenzen``, ``guangdon``,
``tianjing``). When a question names two regions, cues around each mention decide which one it
is about: "身份证是河南的，在上海备案" is about Shanghai, "my company is in Shenzhen" about
Guangdong.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from knowledge.aliases import (
    BLOCKERS_ZH,
    DISTINCT_ABBREVIATIONS,
    EXTRA_ZH,
    LATIN_NAMES,
    latin_key,
    places,
)
from knowledge.regions import REGIONS
from knowledge.textnorm import normalize

_WORD = re.compile(r"[a-z]+")
_CODE = re.compile(r"(?<![a-z])cn-([a-z]{2})(?![a-z])")
_FILING_MARK = re.compile(r"\s*(?:icp|公网安备|b2)")
# A whole number (浙ICP备12345678号-1, 浙B2-20080101), not just its prefix.
_WHOLE_NUMBER = re.compile(r"\s*(?:icp\s*[备证]?|公网安备|b2)\s*-?\s*(?:\d|x{3})")

# A place name that is also an ordinary word counts only next to one of these.
_PLACE_BEFORE = tuple("在去到来住于是从")
_PLACE_AFTER = (
    "市", "区", "县", "州", "的", "人", "地区", "那边", "这边", "本地", "当地", "备案", "管局",
    "户籍", "身份证", "公司", "企业", "个人", "省", "做", "办",
)

# English words one edit away from a place name (human ~ hunan, dating ~ datong); together
# with the knowledge base's own English vocabulary they are never read as typos.
ENGLISH_NEAR_NAMES = frozenset((
    "human", "humans", "dating", "change", "changed", "mining", "lining", "hanging", "china",
    "chinas", "raise", "anyway", "anything", "hence", "being", "seeing", "meaning",
    "something", "nothing", "thing", "things", "giving", "living", "having", "making",
    "taking", "using", "during",
))

# Cues around a mention. Origin and server cues mean "not the region the filing is for";
# company and filing cues mean it is.
_ORIGIN_BEFORE_ZH = ("来自", "户籍", "户口", "身份证是", "身份证在", "身份证地址", "老家", "籍贯",
                     "原来在", "以前在", "从", "我是", "出生在", "证件是")
_ORIGIN_AFTER_ZH = ("人", "身份证", "户口", "户籍", "籍", "的身份证", "老乡")
_SERVER_ZH = ("服务器在", "服务器放", "机房", "节点", "地域", "数据中心")
_SERVER_AFTER_ZH = ("节点", "机房", "地域", "服务器", "数据中心", "区域的服务器")
_TARGET_BEFORE_ZH = ("在", "去", "到", "于", "想在", "要在", "公司在", "注册在", "单位在")
_TARGET_AFTER_ZH = ("备案", "管局", "通信管理局", "的规定", "的要求", "的政策", "的公司", "公司",
                    "企业", "注册", "的单位", "居住证", "暂住证", "工作", "上班", "生活")
_ORIGIN_BEFORE_EN = ("from", "born in", "hukou", "native of", "originally", "moved from",
                     "id card from", "id from", "id is from", "issued in", "grew up in")
_ORIGIN_AFTER_EN = ("id card", "id", "hukou", "native", "resident id", "identity card", "-born")
_SERVER_BEFORE_EN = ("server in", "servers in", "hosted in", "hosting in", "data center in",
                     "datacenter in", "node in")
_SERVER_AFTER_EN = ("region", "data center", "datacenter", "node", "server", "zone")
# A phone number's home region (号码归属地) is where the number is from, not where the filing
# goes: "my number is registered in Gansu", "甘肃的手机号", "号码归属地是甘肃".
_PHONE_BEFORE_EN = re.compile(
    r"\b(?:phone|mobile|cell|number|sim)\b[^.?!,;]{0,25}\b(?:registered|issued|from|belongs? to|"
    r"based)\b(?: in| to)?\s*$"
)
_PHONE_BEFORE_ZH = ("号码是", "手机号是", "归属地是", "归属地在", "归属地为", "号码归属")
_PHONE_AFTER_ZH = ("号码", "的号码", "手机号", "的手机号", "的手机", "手机")
_COMPANY_BEFORE_EN = ("company in", "company is in", "company's in", "registered in",
                      "business in", "business is in", "based in", "office in", "firm in",
                      "company located in", "company is located in", "registered office in")
_TARGET_BEFORE_EN = ("file in", "filing in", "file with", "live in", "living in", "lives in",
                     "work in", "working in", "reside in", "located in", "for", "to",
                     *_COMPANY_BEFORE_EN)
_TARGET_AFTER_EN = ("communications administration", "ca ", "ca's", "rules", "rule",
                    "company", "business", "residence permit", "government", "requirements",
                    "filing", "province's", "'s")


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    code: str
    kind: str  # name | place | abbreviation | prefix | number | code | typo


@dataclass(frozen=True, slots=True)
class _Tables:
    zh: dict[str, tuple[str, bool]]  # name → (code, needs_context); blockers → ("", False)
    sizes_by_first: dict[str, tuple[int, ...]]  # first character → name lengths, longest first
    latin: dict[str, str]
    typo_index: dict[str, set[str]]  # one-deletion variants → keys
    typo_rank: dict[str, int]  # key → 0 province, 1 prefecture, 2 district (lower wins)
    abbreviations: dict[str, str]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))} | {word}


@cache
def _tables() -> _Tables:
    zh: dict[str, tuple[str, bool]] = {}
    latin: dict[str, str] = {}
    typo_keys: dict[str, int] = {}
    for word in BLOCKERS_ZH:
        zh[word] = ("", False)
    for region in REGIONS:
        for name in (region.name_zh, region.short_zh, *EXTRA_ZH.get(region.code, ())):
            zh[name] = (region.code, False)
        for name in (region.name_en, *LATIN_NAMES.get(region.code, ())):
            key = latin_key(name)
            latin[key] = region.code
            if len(key) >= 5:
                typo_keys[key] = 0
    for place in places():
        zh.setdefault(place.zh, (place.code, place.needs_context))
        for name in place.latin:
            key = latin_key(name)
            if key in latin:
                continue
            latin[key] = place.code
            if len(key) >= (6 if place.level == "prefecture" else 7):
                typo_keys[key] = 1 if place.level == "prefecture" else 2
    typo_index: dict[str, set[str]] = {}
    for key in typo_keys:
        for variant in _deletions(key):
            typo_index.setdefault(variant, set()).add(key)
    abbreviations = {p: r.code for r in REGIONS for p in r.icp_prefixes}
    sizes: dict[str, set[int]] = {}
    for name in zh:
        sizes.setdefault(name[0], set()).add(len(name))
    sizes_by_first = {c: tuple(sorted(v, reverse=True)) for c, v in sizes.items()}
    return _Tables(zh, sizes_by_first, latin, typo_index, typo_keys, abbreviations)


def warm_up() -> None:
    _tables()


def _has_place_context(text: str, start: int, end: int) -> bool:
    if start > 0 and text[start - 1] in _PLACE_BEFORE:
        return True
    return text.startswith(_PLACE_AFTER, end)


def _chinese_mentions(text: str, t: _Tables) -> Iterable[Mention]:
    i, n = 0, len(text)
    while i < n:
        for size in t.sizes_by_first.get(text[i], ()):
            if size < 2 or i + size > n:
                continue
            hit = t.zh.get(text[i : i + size])
            if hit is None:
                continue
            code, needs_context = hit
            if code:
                if not needs_context or _has_place_context(text, i, i + size):
                    yield Mention(i, i + size, code, "name")
                else:
                    continue
            i += size
            break
        else:
            char = text[i]
            abbreviated = t.abbreviations.get(char)
            if abbreviated is not None:
                if _WHOLE_NUMBER.match(text, i + 1):
                    yield Mention(i, i + 1, abbreviated, "number")
                elif _FILING_MARK.match(text, i + 1):
                    yield Mention(i, i + 1, abbreviated, "prefix")
                elif char in DISTINCT_ABBREVIATIONS:
                    yield Mention(i, i + 1, abbreviated, "abbreviation")
            i += 1


def _is_english(word: str, vocabulary: frozenset[str]) -> bool:
    return word in ENGLISH_NEAR_NAMES or word in vocabulary


def _typo_match(key: str, t: _Tables) -> str | None:
    candidates: set[str] = set()
    for variant in _deletions(key):
        candidates |= t.typo_index.get(variant, set())
    if not candidates:
        return None
    # A province beats a city one typo away (xinjang: Xinjiang, not Xinyang); among equals
    # only a single region counts.
    rank = min(t.typo_rank[c] for c in candidates)
    codes = {t.latin[c] for c in candidates if t.typo_rank[c] == rank}
    if codes == {"CN-SX", "CN-SN"} and len(key) > len("shanxi"):
        # Shannxi, Shaanxii: one letter too many for Shanxi, so a slip on Shaanxi, whose
        # doubled vowel is what people remember of it.
        return "CN-SN"
    return codes.pop() if len(codes) == 1 else None


def _latin_mentions(
    text: str, t: _Tables, vocabulary: frozenset[str]
) -> Iterable[Mention]:
    for match in _CODE.finditer(text):
        iso = "CN-" + match.group(1).upper()
        if any(r.code == iso for r in REGIONS):
            yield Mention(match.start(), match.end(), iso, "code")
    words = list(_WORD.finditer(text))
    i = 0
    while i < len(words):
        for size in (3, 2, 1):
            if i + size > len(words):
                continue
            group = words[i : i + size]
            # Words joined into one name must be adjacent (only spaces, hyphens, apostrophes).
            if any(not re.fullmatch(r"[\s\-'’]*", text[a.end() : b.start()])
                   for a, b in itertools.pairwise(group)):
                continue
            key = "".join(w.group(0) for w in group)
            code: str | None = t.latin.get(key)
            kind = "name"
            if code is None and size <= 2 and len(key) >= 5 and not any(
                _is_english(w.group(0), vocabulary) for w in group
            ):
                code = _typo_match(key, t)
                kind = "typo"
            if code is not None:
                yield Mention(group[0].start(), group[-1].end(), code, kind)
                i += size
                break
        else:
            i += 1


@lru_cache(maxsize=2048)
def find_mentions(text: str, vocabulary: frozenset[str] = frozenset()) -> list[Mention]:
    """Every region mention in normalised ``text``, in order of position (cached: a question
    is read for regions several times; do not modify the returned list).

    ``vocabulary``: English words known to the caller (never read as a misspelt place name).
    """
    t = _tables()
    found = list(_chinese_mentions(text, t))
    if re.search(r"[a-z]", text):
        found += _latin_mentions(text, t, vocabulary)
    return sorted(found, key=lambda m: m.start)


def _cue_score(text: str, m: Mention) -> float:
    before = text[max(0, m.start - 14) : m.start]
    after = text[m.end : m.end + 24]
    score = 0.0
    if before.endswith(_ORIGIN_BEFORE_ZH) or any(c in before[-6:] for c in ("来自", "户籍",
                                                                            "身份证", "老家")):
        score -= 2
    if after.startswith(_ORIGIN_AFTER_ZH):
        score -= 2
    if any(c in before[-6:] for c in _SERVER_ZH) or after.startswith(_SERVER_AFTER_ZH):
        score -= 1.5
    if before.endswith(_TARGET_BEFORE_ZH):
        score += 1
    if after.startswith(_TARGET_AFTER_ZH):
        score += 1
    if after.startswith(("的公司", "公司", "企业", "的单位", "注册")) or before.endswith(
        ("公司在", "注册在", "单位在")
    ):
        score += 1
    stripped = before.rstrip()
    if stripped.endswith(_ORIGIN_BEFORE_EN):
        score -= 2
    if after.lstrip(" -").startswith(_ORIGIN_AFTER_EN) and not after.lstrip().startswith(
        ("ideas",)
    ):
        score -= 2
    if stripped.endswith(_SERVER_BEFORE_EN) or after.lstrip().startswith(_SERVER_AFTER_EN):
        score -= 1.5
    if stripped.endswith(_TARGET_BEFORE_EN):
        score += 1
    if after.lstrip().startswith(_TARGET_AFTER_EN) or after.startswith("'s"):
        score += 1
    if stripped.endswith(_COMPANY_BEFORE_EN):
        score += 1
    if (_PHONE_BEFORE_EN.search(text[max(0, m.start - 45) : m.start])
            or before.endswith(_PHONE_BEFORE_ZH) or after.startswith(_PHONE_AFTER_ZH)):
        score -= 3
    return score


def _server_only(text: str, m: Mention) -> bool:
    """Whether a mention names only where a server is (阿里云上海节点, a server in Shanghai):
    the filing goes to the entity's province, not the server's."""
    before = text[max(0, m.start - 14) : m.start]
    after = text[m.end : m.end + 24]
    server = (any(c in before[-6:] for c in _SERVER_ZH) or after.startswith(_SERVER_AFTER_ZH)
              or before.rstrip().endswith(_SERVER_BEFORE_EN)
              or after.lstrip().startswith(_SERVER_AFTER_EN))
    return server and _cue_score(text, m) < 0


def region_about(
    text: str, vocabulary: frozenset[str] = frozenset(), *, filing: bool = False
) -> str | None:
    """The region normalised ``text`` is about, or None if it names none.

    With one region named, that one. With several, the one whose mentions carry the best cues
    (a filing or company there beats an ID card, a home town or a server there); on a tie the
    first named. ``filing``: the region whose rules a filing question is under — a place named
    only as a server's location does not count.
    """
    mentions = find_mentions(text, vocabulary)
    if filing:
        mentions = [m for m in mentions if not _server_only(text, m)]
    if not mentions:
        return None
    codes = list(dict.fromkeys(m.code for m in mentions))
    if len(codes) == 1:
        return codes[0]
    best: dict[str, float] = {}
    for m in mentions:
        best[m.code] = max(best.get(m.code, -99.0), _cue_score(text, m))
    return max(codes, key=lambda c: (best[c], -codes.index(c)))


def only_in_numbers(text: str, code: str, vocabulary: frozenset[str] = frozenset()) -> bool:
    """Whether ``code`` is named only as the prefix of whole numbers quoted in ``text``."""
    mentions = [m for m in find_mentions(text, vocabulary) if m.code == code]
    return bool(mentions) and all(m.kind == "number" for m in mentions)


def find_region_code(text: str, vocabulary: frozenset[str] = frozenset()) -> str | None:
    """The code of the region a raw text (a question, a reply, a name) is about, or None."""
    norm = normalize(text)
    stripped = norm.strip().strip("\"'“”‘’「」『』《》()（）[]【】").strip()
    t = _tables()
    if len(stripped) == 1:
        return t.abbreviations.get(stripped)
    if stripped.upper() in {r.code for r in REGIONS}:
        return stripped.upper()
    if len(stripped) == 2 and stripped[1] in "省市" and stripped[0] in t.abbreviations:
        return t.abbreviations[stripped[0]]
    return region_about(norm, vocabulary)
