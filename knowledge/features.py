"""Turning normalised text into weighted features for retrieval.

Chinese: character bigrams of every run of Chinese characters (robust without a word
segmenter, and to words the lexicon lacks), the domain lexicon's longer words, and single
characters at a low weight (a typo still shares most characters). English: stemmed words
minus stop words, with synonyms folded (licence/license, cellphone/mobile) and adjacent word
pairs. Mixed questions get both.

Typos: once the vocabulary of the indexed texts is known (:meth:`Featurizer.freeze`), an
unknown English word is replaced by the known word one edit away (``verifcation``), and an
unknown Chinese bigram by the known bigram that sounds the same (备按 → 备案, 审合 → 审核).

Pinyin: a question typed in toneless pinyin ("fuwuqi zai xianggang hai xuyao beian ma") has
its words of two or more syllables read back as characters when they spell a known term
(服务器, 香港, 需要, 备案), joined or apart (bei an, bei'an); two such words at least, so an
English sentence is left alone.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

PINYIN_FILE = Path(__file__).resolve().parent / "data" / "pinyin.json"

_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_LATIN_RUN = re.compile(r"[a-z]{2,}")
_PINYIN_TOKEN = re.compile(r"[a-z']+|[^a-z'\s]+")
# Single syllables read back only in a sentence already found to be pinyin.
_PINYIN_PARTICLES = {
    "zai": "在", "de": "的", "ma": "吗", "shi": "是", "hai": "还", "le": "了", "ne": "呢",
    "you": "有", "yao": "要", "neng": "能", "hui": "会", "bu": "不", "dou": "都", "ye": "也",
    "jiu": "就", "sui": "岁", "ge": "个", "he": "和", "gei": "给", "ba": "吧", "hua": "话",
    "xiang": "想", "wo": "我", "ni": "你", "na": "那", "zhe": "这", "dei": "得", "qu": "去",
}
_LATIN = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*")
# Particles and pronouns: bigrams containing them carry no topic.
_PARTICLES = frozenset("的了吗呢吧啊呀嘛么哦哈啦我你您他她它们这那个就都也还很")

UNIGRAM_WEIGHT = 0.3
PAIR_WEIGHT = 0.5
LEXICON_WEIGHT = 1.0
GENERIC_WEIGHT = 0.3


def _stem(word: str) -> str:
    """A tiny English stemmer: folds plural, -ing, -ed and final -e (file/files/filing/filed)."""
    w = word
    if not w.isalpha() or len(w) <= 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ing") and len(w) > 5:
        w = w[:-3]
    elif w.endswith("ed") and len(w) > 4:
        w = w[:-2]
    else:
        if w.endswith("e") and len(w) > 3:
            w = w[:-1]
        return w
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
        w = w[:-1]
    return w


def stem(word: str) -> str:
    return _stem(word)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))} | {word}


class Featurizer:
    """Features of a text; typo correction against the indexed vocabulary once frozen."""

    def __init__(
        self,
        *,
        lexicon_zh: Iterable[str],
        stopwords_en: Iterable[str],
        synonyms_en: Mapping[str, str],
        synonyms_zh: Mapping[str, str],
        generic: Iterable[str] = (),
        fillers_zh: Iterable[str] = (),
        sound_targets: Iterable[str] = (),
    ) -> None:
        self.lexicon = frozenset(w for w in lexicon_zh if len(w) >= 3)
        self.longest = max((len(w) for w in self.lexicon), default=0)
        self.stop_en = frozenset(stopwords_en)
        self.synonyms_en = dict(synonyms_en)
        # Longest first, so 手机号码 is replaced before 手机号.
        self.synonyms_zh = sorted(synonyms_zh.items(), key=lambda kv: -len(kv[0]))
        self._words: dict[str, str] = {}  # known English word → itself (vocabulary)
        self._word_typos: dict[str, set[str]] = {}
        self._bigrams: frozenset[str] = frozenset()
        self._sounds: dict[str, str] = {}  # "bei an" → 备案
        self._reading: dict[str, str] = {}
        self._pinyin: dict[str, str] = {}  # "beian" → 备案 (see learn_pinyin)
        self.frozen = False
        # Filler phrases cut a run of characters in two (请问一下|网站备案): no pairs across.
        fillers = sorted({f for f in fillers_zh if f}, key=len, reverse=True)
        self._fillers = re.compile("|".join(re.escape(f) for f in fillers)) if fillers else None
        # Homophone corrections may only land on domain words (备案, 审核), not on any pair
        # seen somewhere in an answer (一下 must not become 以下).
        self._sound_targets = frozenset(sound_targets)
        # Words nearly every question uses (备案, filing): their features weigh a third.
        self.generic_zh = tuple(w for w in generic if not w.isascii())
        self.generic_en = frozenset("e:" + w for w in generic if w.isascii())

    # ------------------------------------------------------------------ vocabulary

    def freeze(self, texts: Iterable[str]) -> None:
        """Learns the vocabulary of the indexed texts; queries are corrected against it."""
        words: Counter[str] = Counter()
        bigrams: Counter[str] = Counter()
        for text in texts:
            for word in _LATIN.findall(text):
                if word.isalpha() and len(word) >= 4:
                    words[word] += 1
            for run in _CJK_RUN.findall(self._fold_zh(text)):
                bigrams.update(run[i : i + 2] for i in range(len(run) - 1))
        self._words = {w: w for w in words}
        self._word_typos = {}
        for word in words:
            for variant in _deletions(word):
                self._word_typos.setdefault(variant, set()).add(word)
        self._bigrams = frozenset(bigrams)
        self._reading = _load_readings()
        sounds: dict[str, list[str]] = {}
        targets = {w[i : i + 2] for w in self._sound_targets for i in range(len(w) - 1)}
        for bigram in bigrams:
            if targets and bigram not in targets:
                continue
            key = self._sound(bigram)
            if key:
                sounds.setdefault(key, []).append(bigram)
        # A sound shared by several known bigrams is ambiguous: the most frequent one wins.
        self._sounds = {k: max(v, key=lambda b: (bigrams[b], b)) for k, v in sounds.items()}
        self.frozen = True

    def known_english(self) -> frozenset[str]:
        return frozenset(self._words)

    def _sound(self, bigram: str) -> str | None:
        a, b = self._reading.get(bigram[0]), self._reading.get(bigram[1])
        return f"{a} {b}" if a and b else None

    def _correct_word(self, word: str) -> str:
        if not self.frozen or word in self._words or len(word) < 5 or not word.isalpha():
            return word
        candidates: set[str] = set()
        for variant in _deletions(word):
            candidates |= self._word_typos.get(variant, set())
        if len(candidates) == 1:
            return candidates.pop()
        return word

    def _correct_bigram(self, bigram: str) -> str:
        if not self.frozen or bigram in self._bigrams:
            return bigram
        key = self._sound(bigram)
        known = self._sounds.get(key) if key else None
        # Only a one-character slip (备按 → 备案), never a different word (你好 ≠ 拟号).
        if known and (known[0] == bigram[0] or known[1] == bigram[1]):
            return known
        return bigram

    # ------------------------------------------------------------------ features

    def _fold_zh(self, text: str) -> str:
        for variant, canonical in self.synonyms_zh:
            if variant in text:
                text = text.replace(variant, canonical)
        return text

    def learn_pinyin(self, terms: Iterable[str]) -> None:
        """Spellings in toneless pinyin of ``terms`` (Chinese words of 2–6 characters)."""
        reading = _load_readings()
        spelled: dict[str, str] = {}
        for term in terms:
            syllables = [reading.get(char) for char in term]
            if 2 <= len(term) <= 6 and all(syllables):
                spelled.setdefault("".join(s for s in syllables if s), term)
        self._pinyin = spelled

    def from_pinyin(self, text: str) -> str:
        """``text`` with the known terms it spells in pinyin written in characters."""
        if not self._pinyin or not _LATIN_RUN.search(text):
            return text
        tokens = _PINYIN_TOKEN.findall(text)
        found: list[tuple[int, str]] = []  # (token index, term) of each match's first token
        i = 0
        while i < len(tokens):
            for size in (4, 3, 2, 1):
                joined = "".join(t.replace("'", "") for t in tokens[i : i + size])
                term = self._pinyin.get(joined) if len(tokens[i : i + size]) == size else None
                if term:
                    found.append((i, term))
                    found.extend((j, "") for j in range(i + 1, i + size))
                    i += size
                    break
            else:
                i += 1
        if sum(1 for _, term in found if term) < 2:
            return text
        words = dict(found)
        out = ""
        for k, token in enumerate(tokens):
            word = words[k] if k in words else _PINYIN_PARTICLES.get(token, token)
            if not word:
                continue  # a later syllable of a word already written
            # Characters join their neighbours (bigrams across words count); Latin keeps a space.
            glued = bool(out) and bool(_CJK_RUN.match(word[0])) and bool(_CJK_RUN.match(out[-1]))
            out += word if glued or not out else " " + word
        return out.strip()

    def features(self, text: str) -> dict[str, float]:
        """Weighted features of normalised text (see the module docstring)."""
        out: dict[str, float] = defaultdict(float)
        text = self._fold_zh(text)
        if self._fillers is not None and _CJK_RUN.search(text):
            text = self._fillers.sub(" ", text)
        for run in _CJK_RUN.findall(text):
            bigrams = [self._correct_bigram(run[i : i + 2]) for i in range(len(run) - 1)]
            # The run with its homophone typos corrected, for the lexicon's longer words.
            fixed = bigrams[0] + "".join(b[1] for b in bigrams[1:]) if bigrams else run
            generic = self._generic_positions(fixed)
            for i, bigram in enumerate(bigrams):
                if not (_PARTICLES & set(bigram)):
                    weight = GENERIC_WEIGHT if i in generic and i + 1 in generic else 1.0
                    out["b:" + bigram] += weight
            for i, char in enumerate(fixed):
                if char not in _PARTICLES:
                    out["u:" + char] += UNIGRAM_WEIGHT * (GENERIC_WEIGHT if i in generic else 1)
            if self.lexicon:
                for i in range(len(fixed)):
                    for size in range(min(self.longest, len(fixed) - i), 2, -1):
                        word = fixed[i : i + size]
                        if word in self.lexicon:
                            only_generic = all(j in generic for j in range(i, i + size))
                            out["w:" + word] += GENERIC_WEIGHT if only_generic else LEXICON_WEIGHT
        previous = None
        for raw in _LATIN.findall(text):
            if raw in self.stop_en:
                previous = None
                continue
            word = self._correct_word(raw)
            s = self.synonyms_en.get(word) or self.synonyms_en.get(_stem(word)) or _stem(word)
            out["e:" + s] += 1.0
            if previous is not None:
                out["p:" + previous + "_" + s] += PAIR_WEIGHT
            previous = s
        for f in self.generic_en & out.keys():
            out[f] *= GENERIC_WEIGHT
        return dict(out)

    def _generic_positions(self, run: str) -> set[int]:
        """Positions of ``run`` covered by generic words (备案, 网站 ...)."""
        covered: set[int] = set()
        for word in self.generic_zh:
            start = run.find(word)
            while start >= 0:
                covered.update(range(start, start + len(word)))
                start = run.find(word, start + 1)
        return covered


def _load_readings() -> dict[str, str]:
    data = json.loads(PINYIN_FILE.read_text(encoding="utf-8"))
    return {char: syllable for syllable, chars in data["readings"].items() for char in chars}


def log_tf(weight: float) -> float:
    """Dampened term frequency: a word said three times is not three times the evidence."""
    return 1.0 + math.log(weight) if weight >= 1.0 else weight
