"""The knowledge base: region-keyed entries, bilingual retrieval and honest answers.

Loading reads the JSON data files only. The search indexes are built on the first question in
each script: the English one needs nothing more, the Chinese one loads jieba then (never at
import time or in :meth:`KnowledgeBase.load`).
"""

from __future__ import annotations

import json
import logging
import math
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from knowledge.aliases import all_aliases
from knowledge.mentions import find_region_code
from knowledge.regions import REGIONS, Region, region_by_code

NATIONAL = "CN"
CONFIDENCE_LEVELS = ("current", "old", "uncertain")
OVERVIEW_TOPIC = "region-rules"
DEFAULT_DATA_DIR = Path(__file__).resolve().parent / "data"
META_FILE = "_meta.json"

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_TOKEN = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*")


def detect_lang(text: str) -> str:
    """``"zh"`` if the text contains Chinese characters, else ``"en"``."""
    return "zh" if _CJK.search(text) else "en"


def _norm_lang(lang: str | None) -> str | None:
    if lang is None:
        return None
    return "zh" if lang.lower().startswith("zh") else "en"


@dataclass(frozen=True, slots=True)
class Entry:
    """One rule or explanation for one region (``"CN"`` for national) and topic."""

    region: str
    topic: str
    zh: str
    en: str
    sources: tuple[str, ...]
    checked: str
    confidence: str
    title_zh: str = ""
    title_en: str = ""
    keywords_zh: tuple[str, ...] = ()
    keywords_en: tuple[str, ...] = ()

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en


@dataclass(frozen=True, slots=True)
class Answer:
    """What the knowledge base says about a question, with where it comes from and how sure."""

    region: str | None
    topic: str | None
    answer: str
    sources: list[str] = field(default_factory=list)
    checked: str | None = None
    confidence: str = "uncertain"
    unknown: bool = False
    lang: str = "en"
    messages: Mapping[str, Mapping[str, str]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def to_dict(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "topic": self.topic,
            "answer": self.answer,
            "sources": list(self.sources),
            "checked": self.checked,
            "confidence": self.confidence,
            "unknown": self.unknown,
            "lang": self.lang,
        }

    def _msg(self, key: str, **values: str) -> str:
        texts = self.messages.get(key, {})
        template = texts.get(self.lang) or texts.get("en") or ""
        return template.format(**values)

    def as_text(self) -> str:
        """Plain text: the answer, its sources, "as of <date>" and, if needed, a reminder."""
        parts = [self.answer]
        if self.unknown:
            return "\n\n".join(parts)
        lines = []
        if self.sources:
            sep = "；" if self.lang == "zh" else "; "
            lines.append(self._msg("sources", sources=sep.join(self.sources)))
        if self.checked:
            lines.append(self._msg("as_of", date=self.checked))
        if lines:
            parts.append("\n".join(lines))
        if self.confidence != "current" or (self.region not in (None, NATIONAL)):
            parts.append(self._msg("reminder"))
        return "\n\n".join(p for p in parts if p)


@dataclass(slots=True)
class _Index:
    """A small Okapi BM25 index over token lists."""

    docs: list[Counter[str]]
    lengths: list[int]
    idf: dict[str, float]
    avgdl: float
    k1: float = 1.5
    b: float = 0.75

    @classmethod
    def build(cls, token_lists: Sequence[list[str]], k1: float = 1.5, b: float = 0.75) -> _Index:
        docs = [Counter(tokens) for tokens in token_lists]
        lengths = [len(tokens) for tokens in token_lists]
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(doc.keys())
        n = len(docs)
        idf = {t: math.log((n - c + 0.5) / (c + 0.5) + 1.0) for t, c in df.items()}
        avgdl = (sum(lengths) / n) if n else 1.0
        return cls(docs, lengths, idf, avgdl or 1.0, k1, b)

    def scores(self, query: Iterable[str]) -> list[float]:
        terms = [t for t in dict.fromkeys(query) if t in self.idf]
        out = [0.0] * len(self.docs)
        for i, doc in enumerate(self.docs):
            norm = self.k1 * (1 - self.b + self.b * self.lengths[i] / self.avgdl)
            total = 0.0
            for term in terms:
                tf = doc.get(term)
                if tf:
                    total += self.idf[term] * tf * (self.k1 + 1) / (tf + norm)
            out[i] = total
        return out


class KnowledgeBase:
    """Region-keyed ICP filing knowledge with bilingual retrieval.

    Use :meth:`load`; then :meth:`ask` answers a question and :meth:`find_region` names the
    region a text mentions.
    """

    #: Minimum BM25 score of the best topic for an in-scope answer (tuned on tests/kb_eval.jsonl).
    MIN_SCORE: ClassVar[dict[str, float]] = {"en": 2.5, "zh": 2.5}
    #: BM25 parameters (tuned on tests/kb_eval.jsonl).
    BM25_K1 = 1.2
    BM25_B = 0.5
    #: Minimum score when the question has only weak domain vocabulary (phone, account, ...).
    WEAK_TERM_SCORE = 7.0
    #: Score multiplier for entries of the region the question is about.
    REGION_BOOST = 1.15

    def __init__(
        self,
        entries: Sequence[Entry],
        meta: Mapping[str, Any],
    ) -> None:
        self.entries: tuple[Entry, ...] = tuple(entries)
        self.meta = meta
        self.messages: dict[str, dict[str, str]] = dict(meta.get("messages", {}))
        self.source_refs: dict[str, str] = dict(meta.get("sources", {}))
        self._by_key: dict[tuple[str, str], Entry] = {(e.region, e.topic): e for e in entries}
        self._national: dict[str, Entry] = {e.topic: e for e in entries if e.region == NATIONAL}
        self._indexes: dict[str, _Index] = {}
        self._lock = threading.RLock()
        self._jieba: Any = None
        self._alias_words: frozenset[str] | None = None

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, data_dir: Path | None = None) -> KnowledgeBase:
        """Read every ``*.json`` data file (default: the packaged ``knowledge/data``)."""
        directory = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
        meta: dict[str, Any] = {}
        meta_path = directory / META_FILE
        if meta_path.exists():
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        entries: list[Entry] = []
        for path in sorted(directory.glob("CN*.json")):
            entries.extend(parse_region_file(json.loads(path.read_text(encoding="utf-8"))))
        if not entries:
            raise FileNotFoundError(f"no knowledge data files in {directory}")
        return cls(entries, meta)

    # ------------------------------------------------------------------ regions

    def find_region(self, text: str) -> Region | None:
        """The region a text names: Chinese/English/pinyin name, abbreviation, city, or code."""
        code = find_region_code(text)
        return region_by_code(code) if code else None

    def regions_with_entries(self) -> set[str]:
        return {e.region for e in self.entries}

    def entry(self, region: str, topic: str) -> Entry | None:
        return self._by_key.get((region, topic))

    def topics(self) -> list[str]:
        return sorted(self._national)

    # ------------------------------------------------------------------ answering

    def ask(
        self, question: str, *, lang: str | None = None, region: str | None = None
    ) -> Answer:
        """Answer ``question`` in ``lang`` (default: the question's language).

        The region named in the question wins; else ``region`` (the applicant's own region,
        a code like ``"CN-ZJ"`` or any name :meth:`find_region` understands); national rules
        come last.
        """
        out_lang = _norm_lang(lang) or detect_lang(question)
        script = detect_lang(question)
        named = self.find_region(question)
        target = named or self._resolve_hint(region)
        if not question.strip():
            return self._unknown(out_lang, target)
        topic, score = self._best_topic(question, script, target.code if target else None)
        if topic is None or score < self.MIN_SCORE[script]:
            return self._unknown(out_lang, target)
        if not self._in_domain(question, named is not None, score):
            return self._unknown(out_lang, target)
        return self._compose(topic, target, out_lang)

    def _resolve_hint(self, region: str | None) -> Region | None:
        if not region or region.upper() == NATIONAL:
            return None
        try:
            return region_by_code(region)
        except KeyError:
            return self.find_region(region)

    def _in_domain(self, question: str, names_region: bool, score: float) -> bool:
        """Whether the question is about ICP filing, judged by its vocabulary.

        A strong term (备案, ICP, domain, ...) suffices; a weak one (phone, account, file, ...)
        only with a clear retrieval score; a named region only with a word like "rules".
        """
        vocab = self.meta.get("domain_terms", {})
        if _mentions(question, vocab.get("strong", {}), stem=False):
            return True
        if score >= self.WEAK_TERM_SCORE and _mentions(question, vocab.get("weak", {})):
            return True
        return names_region and _mentions(question, self.meta.get("region_rule_terms", {}))

    def _best_topic(
        self, question: str, script: str, target: str | None
    ) -> tuple[str | None, float]:
        index = self._index(script)
        tokens = self._tokens(question, script, query=True)
        if not tokens:
            return None, 0.0
        best: dict[str, float] = {}
        for entry, score in zip(self.entries, index.scores(tokens), strict=True):
            if target is not None and entry.region == target:
                score *= self.REGION_BOOST
            if score > best.get(entry.topic, 0.0):
                best[entry.topic] = score
        if not best:
            return None, 0.0
        topic = max(best, key=lambda t: best[t])
        return topic, best[topic]

    def rank_topics(
        self, question: str, region: str | None = None
    ) -> list[tuple[str, float]]:
        """Topics by score for ``question`` (diagnostics, eval and bench)."""
        script = detect_lang(question)
        index = self._index(script)
        tokens = self._tokens(question, script, query=True)
        best: dict[str, float] = {}
        for entry, score in zip(self.entries, index.scores(tokens), strict=True):
            if region is not None and entry.region == region:
                score *= self.REGION_BOOST
            best[entry.topic] = max(best.get(entry.topic, 0.0), score)
        return sorted(best.items(), key=lambda kv: -kv[1])

    def _compose(self, topic: str, target: Region | None, lang: str) -> Answer:
        if target is not None and topic == OVERVIEW_TOPIC:
            overview = self._overview(target, lang)
            if overview is not None:
                return overview
        entry = self._by_key.get((target.code, topic)) if target is not None else None
        prefix = ""
        if entry is None:
            entry = self._national[topic]
            if target is not None:
                prefix = self._msg("no_region_rule", lang, region=target.name(lang)) + "\n"
        return Answer(
            region=entry.region,
            topic=topic,
            answer=prefix + entry.text(lang),
            sources=self._refs(entry.sources),
            checked=entry.checked,
            confidence=entry.confidence,
            unknown=False,
            lang=lang,
            messages=self.messages,
        )

    def _overview(self, target: Region, lang: str) -> Answer | None:
        items = [e for e in self.entries if e.region == target.code]
        if not items:
            return None
        head = self._msg("overview_head", lang, region=target.name(lang))
        bullets = []
        for e in items:
            title = self._national[e.topic].title(lang) if e.topic in self._national else e.topic
            colon = "：" if lang == "zh" else ": "
            bullets.append(f"• {title}{colon}{e.text(lang)}")
        sources: list[str] = []
        for e in items:
            sources += [s for s in self._refs(e.sources) if s not in sources]
        rank = {c: i for i, c in enumerate(CONFIDENCE_LEVELS)}
        worst = max((e.confidence for e in items), key=lambda c: rank.get(c, len(rank)))
        return Answer(
            region=target.code,
            topic=OVERVIEW_TOPIC,
            answer=head + "\n" + "\n".join(bullets),
            sources=sources,
            checked=min(e.checked for e in items),
            confidence=worst,
            unknown=False,
            lang=lang,
            messages=self.messages,
        )

    def _unknown(self, lang: str, target: Region | None) -> Answer:
        return Answer(
            region=None,
            topic=None,
            answer=self._msg("unknown", lang) + "\n" + self._msg("can_help", lang),
            sources=[],
            checked=None,
            confidence="none",
            unknown=True,
            lang=lang,
            messages=self.messages,
        )

    def _msg(self, key: str, lang: str, **values: str) -> str:
        texts = self.messages.get(key, {})
        return (texts.get(lang) or texts.get("en") or "").format(**values)

    def _refs(self, keys: Iterable[str]) -> list[str]:
        out = []
        for key in keys:
            ref = self.source_refs.get(key, key)
            out.append(ref if ref.startswith("http") else key)
        return out

    # ------------------------------------------------------------------ retrieval internals

    def _index(self, script: str) -> _Index:
        index = self._indexes.get(script)
        if index is not None:
            return index
        with self._lock:
            index = self._indexes.get(script)
            if index is None:
                docs = [self._doc_tokens(e, script) for e in self.entries]
                index = _Index.build(docs, self.BM25_K1, self.BM25_B)
                self._indexes[script] = index
        return index

    def _doc_tokens(self, entry: Entry, script: str) -> list[str]:
        # Regional entries are indexed on their own words only: the topic's keyword lists live
        # on the national entry, so their weight is not diluted across 31 copies.
        if script == "en":
            text = " ".join([entry.title_en, entry.title_en, *entry.keywords_en, entry.en])
            return self._tokens(text, "en")
        text = " ".join([entry.title_zh, entry.title_zh, *entry.keywords_zh, entry.zh])
        return self._tokens(text, "zh") + self._tokens(" ".join(entry.keywords_en), "en")

    def _stopwords(self, lang: str) -> frozenset[str]:
        words = self.meta.get("stopwords", {}).get(lang, ())
        return frozenset(w.lower() for w in words)

    def _aliases(self) -> frozenset[str]:
        if self._alias_words is None:
            words = set()
            for alias in all_aliases():
                words.add(alias.lower())
                words.update(w.lower() for w in re.split(r"[\s\-']+", alias) if len(w) > 2)
            for r in REGIONS:
                words.add(r.code.lower())
                words.add(r.code.lower().split("-")[1])
            self._alias_words = frozenset(words)
        return self._alias_words

    def _tokens(self, text: str, script: str, *, query: bool = False) -> list[str]:
        aliases = self._aliases()
        if script == "en":
            stop = self._stopwords("en")
            out = []
            for word in _LATIN_TOKEN.findall(text.lower()):
                if word in stop or word in aliases:
                    continue
                out.append(_stem(word))
            return out
        cut = self._cutter()
        stop = self._stopwords("zh") | self._stopwords("en")
        out = []
        for token in cut(text):
            token = token.strip().lower()
            if not token or token in stop or token in aliases:
                continue
            if _CJK.search(token):
                out.append(token)
            else:
                out.extend(_stem(w) for w in _LATIN_TOKEN.findall(token) if w not in stop)
        return out

    def _cutter(self) -> Callable[[str], list[str]]:
        if self._jieba is None:
            with self._lock:
                if self._jieba is None:
                    self._jieba = self._load_jieba()
        tokenizer = self._jieba
        return lambda text: tokenizer.lcut_for_search(text)

    def _load_jieba(self) -> Any:
        import jieba  # lazily: loading its dictionary takes ~0.5 s

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        words: set[str] = set(self.meta.get("jieba_words", ()))
        for e in self.entries:
            words.update(k for k in e.keywords_zh if _CJK.search(k) and " " not in k)
        for alias in all_aliases():
            if _CJK.search(alias) and len(alias) > 1:
                words.add(alias)
        for word in sorted(words):
            tokenizer.add_word(word, freq=2000)
        return tokenizer


def _mentions(text: str, terms: Mapping[str, Sequence[str]], *, stem: bool = True) -> bool:
    """Whether ``text`` contains a Chinese term (substring) or an English term (word/phrase).

    With ``stem``, English words also match by stem (leaders ~ leader); strong terms match
    exactly, so "file" (as in "file a tax return") does not count as "filing".
    """
    if any(term in text for term in terms.get("zh", ())):
        return True
    lowered = text.lower()
    words = set(_LATIN_TOKEN.findall(lowered))
    stems = {_stem(w) for w in words}
    for term in terms.get("en", ()):
        term = term.lower()
        if not term.replace("-", "").replace(" ", "").isalnum():
            if term in lowered:
                return True
        elif " " in term or "-" in term:
            if re.search(rf"(?<![a-z0-9]){re.escape(term)}(?![a-z0-9])", lowered):
                return True
        elif term in words or (stem and _stem(term) in stems):
            return True
    return False


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


def parse_region_file(data: Mapping[str, Any]) -> list[Entry]:
    """Entries of one region data file (``{"region": "CN-ZJ", "entries": [...]}``)."""
    region = str(data["region"])
    out = []
    for raw in data["entries"]:
        title = raw.get("title", {})
        keywords = raw.get("keywords", {})
        out.append(
            Entry(
                region=region,
                topic=str(raw["topic"]),
                zh=str(raw["zh"]),
                en=str(raw["en"]),
                sources=tuple(raw["sources"]),
                checked=str(raw["checked"]),
                confidence=str(raw["confidence"]),
                title_zh=str(title.get("zh", "")),
                title_en=str(title.get("en", "")),
                keywords_zh=tuple(keywords.get("zh", ())),
                keywords_en=tuple(keywords.get("en", ())),
            )
        )
    return out
