"""The knowledge base: region-keyed entries, bilingual retrieval and honest answers.

:meth:`KnowledgeBase.load` reads the JSON data files only. The retrieval engine (features,
example index, region tables, OpenCC) is built on the first question or by :meth:`warm_up`,
which the bot runs in a background thread at start-up so that no user waits for it.

Answering a question, in order: normalise it (:mod:`knowledge.textnorm`); decline forging,
evading and deceiving (:mod:`knowledge.declines`); find the region it is about
(:mod:`knowledge.mentions`, else the previous answer's region in the chat, else the
applicant's; a place named only as a server's location or in a quoted number does not
count); split it into parts and find each part's topic (:mod:`knowledge.retrieval`); answer
each part for the region with its own rule, its rules on neighbouring topics the question also
matches (by ranking or by the entry's text) and then the general rule — or, when the region
has none of these, the national entry with a note that no regional rule is known.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from knowledge import engine_cache, textnorm
from knowledge.declines import (
    DeclineRule,
    ScopeCheck,
    Signals,
    first_match,
    load_rules,
    load_scope,
    load_signals,
)
from knowledge.declines import warm_up as warm_up_declines
from knowledge.features import Featurizer
from knowledge.intent import IntentModel
from knowledge.mentions import find_mentions, only_in_numbers, region_about
from knowledge.mentions import warm_up as warm_up_mentions
from knowledge.regions import Region, region_by_code
from knowledge.retrieval import OUT_OF_SCOPE, Ranked, TopicIndex
from knowledge.sources import SourceCatalog, is_before

NATIONAL = "CN"
CONFIDENCE_LEVELS = ("current", "old", "uncertain")
OVERVIEW_TOPIC = "region-rules"
#: Topics about numbers themselves: a whole number quoted in the question is an example, and
#: its province prefix does not make the question about that province.
NUMBER_TOPICS = frozenset({"filing-number-format", "apps", "commercial-licence"})
# A filing number as quoted (normalised, upper case): 浙ICP备2023012345号-3.
_FILING_NUMBER = re.compile(r"([\u4e00-\u9fff]ICP备\d{6,12}号)(?:-(\d{1,3}))?")


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"
DEFAULT_DATA_DIR = Path(__file__).resolve().parent / "data"
META_FILE = "_meta.json"
PARAPHRASES_FILE = "_paraphrases.json"
DECLINES_FILE = "_declines.json"
#: Facts whose newest source is older than this are flagged as possibly out of date.
OLD_BEFORE = "2022"
#: Example classes of requests to decline are named "_decline:<rule id>".
DECLINE_PREFIX = "_decline:"

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# A lone letter, a "?" or a thank-you asks nothing: as a follow-up it would otherwise take the
# previous answer's topic ("x" then "ok" answered the certificate formats twice).
_NON_WORD = re.compile(r"[\W_]+")
_NOTHING_ASKED = frozenset({
    "ok", "okay", "k", "kk", "yes", "no", "yep", "nope", "thanks", "thankyou", "thx", "ty",
    "gotit", "cool", "great", "fine", "sure", "hmm", "好", "好的", "好吧", "行", "可以", "嗯",
    "嗯嗯", "哦", "噢", "谢谢", "多谢", "感谢", "谢了", "收到", "明白", "明白了", "知道了",
    "懂了", "是", "是的", "对", "否", "不", "不是"})
_PART_SPLIT = re.compile(
    r"[?？!！。；;\n]+|另外|此外|顺便问一?下?|再问一?下|还想问|还有一个问题|"
    r"\b(?:also|besides|btw|by the way|another question|and also|plus)\b[,:]?"
)
# Weaker joints, tried when the sentence marks above give one part: commas, "and", 还有, and
# spaces between Chinese phrases (many write 备案要多久 公安备案呢 without punctuation).
_SOFT_SPLIT = re.compile(
    r"[,，、]+|还有|以及|并且|而且|另外|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])|"
    r"\b(?:and|also|plus)\b"
)
# A part that asks something (a question mark, a Chinese question word, an English sentence
# opening with one): "首次备案，审核要多久" has one question, the first part is context.
_ASKS = re.compile(
    r"[?？]|吗|呢|么|怎|什么|多少|多久|多长|几|哪|是否|能否|可否|要不要|能不能|可不可以|"
    r"有没有|是不是|需不需要|行不行|"
    r"^\W*(?:can|could|how|what|which|when|where|why|who|is|are|do|does|did|should|must|"
    r"will|would|may|any|need|if)\b"
)
# Elliptical follow-ups: "and for Shanghai?", "那上海呢", "what about companies?".
_FOLLOW_UP = re.compile(
    r"^\W*(?:and|what about|how about|same for|and for|and in|and what about|what if|"
    r"same question for|also for|and if)\b|"
    r"^\W*(?:那|那么|换成|如果是|要是|还有)?.{0,14}(?:呢|也一样吗?|也是吗?|也要吗?|也需要吗?|一样吗?)\W*$"
)
_FOLLOW_WORDS = re.compile(
    r"\b(?:and|what|about|how|same|for|in|if|also|question|the|as|well)\b|那么|那|换成|如果是|要是|"
    r"还有|呢|也一样|也是|也要|也需要|一样|吗"
)


_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def detect_lang(text: str) -> str:
    """``"zh"`` if the text is Chinese, else ``"en"``.

    Chinese characters make it Chinese, unless they are a few quoted among English words
    ("What does the -4 in 陕ICP备15002899号-4 mean?" is an English question).
    """
    cjk = len(_CJK.findall(text))
    if not cjk:
        return "en"
    words = len(_LATIN_WORD.findall(text))
    return "en" if words >= 3 and words >= cjk + 2 else "zh"


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
class RegionRule:
    """A region's entry as a reviewer reads it beside an order: its topic by title (the
    national entry's when the regional one has none), never by its tag; its sources by title,
    never by key."""

    entry: Entry
    title_zh: str
    title_en: str
    sources_zh: tuple[tuple[str, str], ...]  # (title, URL or "")
    sources_en: tuple[tuple[str, str], ...]

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def text(self, lang: str) -> str:
        return self.entry.text(lang)

    def sources(self, lang: str) -> tuple[tuple[str, str], ...]:
        return self.sources_zh if lang == "zh" else self.sources_en

    @property
    def checked(self) -> str:
        return self.entry.checked


@dataclass(frozen=True, slots=True)
class Answer:
    """What the knowledge base says about a question, with where it comes from and how sure.

    ``region`` is the region whose entry answered (``"CN"`` for national rules); ``about`` the
    region the question was about (kept for follow-ups such as "and for Shanghai?").
    ``parts`` holds one answer per part of a multi-part question (the fields above then
    describe the first part and ``answer`` joins all parts). ``reason`` says why a question
    was declined: ``"out_of_scope"`` or the decline rule's id.
    """

    region: str | None
    topic: str | None
    answer: str
    sources: list[str] = field(default_factory=list)
    checked: str | None = None
    confidence: str = "uncertain"
    unknown: bool = False
    lang: str = "en"
    about: str | None = None
    reason: str | None = None
    parts: tuple[Answer, ...] = ()
    messages: Mapping[str, Mapping[str, str]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "region": self.region,
            "topic": self.topic,
            "answer": self.answer,
            "sources": list(self.sources),
            "checked": self.checked,
            "confidence": self.confidence,
            "unknown": self.unknown,
            "lang": self.lang,
            "about": self.about,
        }
        if self.reason:
            data["reason"] = self.reason
        if self.parts:
            data["parts"] = [
                {k: v for k, v in p.to_dict().items() if k != "parts"} for p in self.parts
            ]
        return data

    def _msg(self, key: str, **values: str) -> str:
        texts = self.messages.get(key, {})
        template = texts.get(self.lang) or texts.get("en") or ""
        return template.format(**values)

    @property
    def is_old(self) -> bool:
        """Whether the newest source of this answer predates 2022."""
        return bool(self.checked) and is_before(str(self.checked), OLD_BEFORE)

    def as_text(self) -> str:
        """Plain text: the answer, its sources, "as of <date>" and, if needed, a reminder."""
        parts = [self.answer]
        if self.unknown:
            return "\n\n".join(parts)
        lines = []
        if self.sources:
            lines.append(self._msg("sources", sources="\n".join(f"• {s}" for s in self.sources)))
        if self.checked:
            lines.append(self._msg("as_of", date=self.checked))
            if self.is_old:
                lines.append(self._msg("old_source", date=self.checked))
        if lines:
            parts.append("\n".join(lines))
        if self.confidence != "current" or (self.region not in (None, NATIONAL)):
            parts.append(self._msg("reminder"))
        return "\n\n".join(p for p in parts if p)


@dataclass(slots=True)
class _Engine:
    featurizer: Featurizer
    index: TopicIndex
    intent: IntentModel
    #: TF-IDF vectors of the reviewed legitimate look-alikes (see _like_a_legitimate_question).
    look_alikes: list[dict[str, float]]
    english: frozenset[str]
    domain_zh: tuple[str, ...]
    domain_en: frozenset[str]
    #: Per region, its entries with the TF-IDF vectors of their texts (place names blanked),
    #: built the first time a question is about that region.
    regional: dict[str, list[tuple[Entry, dict[str, float]]]] = field(default_factory=dict)


class KnowledgeBase:
    """Region-keyed ICP filing knowledge with bilingual retrieval.

    Use :meth:`load`; then :meth:`ask` answers a question and :meth:`find_region` names the
    region a text mentions. :meth:`warm_up` builds everything the first question would.
    """

    #: Below this blended score a question is not answered (tuned on our tuning sets only).
    MIN_SCORE = 0.12
    #: Below this a question is answered only if it uses the domain's own vocabulary.
    CONFIDENT_SCORE = 0.22
    #: A part of a multi-part question needs this much to get its own answer.
    PART_SCORE = 0.30
    #: The same for parts cut at commas, "and" or spaces, where a false cut is likelier.
    SOFT_PART_SCORE = 0.45
    #: A part needs at least this much non-generic evidence (two words or character pairs).
    PART_MASS = 1.9
    #: How like a decline example a question must be to be declined by likeness alone.
    REFUSAL_LIKENESS = 0.40
    #: The intent model's log-odds above which a question is declined as a request to
    #: deceive; lower, with a sign of intent (likeness_signals). Tuned on the tuning sets'
    #: legitimate questions and the decline tests (see knowledge/intent.py).
    INTENT_ODDS = 4.5
    INTENT_WITH_SIGNAL = 3.0
    INTENT_NEAR = 0.65
    #: Odds this high need the request examples only half as near.
    INTENT_SURE = 5.0
    INTENT_NEAR_SURE = 0.5
    #: Likeness to the example requests declines only when the intent model leans that way.
    EXAMPLE_MIN_ODDS = 1.0
    #: Topics with an entry for the question's region get this multiplier.
    REGION_BOOST = 1.08
    #: A regional entry on a topic this close behind the answered one is shown too (the
    #: region has no entry on the answered topic / has one), if it is this far up the ranking.
    RELATED_RATIO = 0.75
    RELATED_WITH_OWN = 0.9
    RELATED_DEPTH = 3
    #: Regional entries whose text the question matches this well (cosine, words no example
    #: uses included; at least two shared words or pairs) are shown too: at most
    #: REGIONAL_TAKE, each at least REGIONAL_SHARE of the best match.
    REGIONAL_MATCH = 0.07
    REGIONAL_SHARED = 2
    REGIONAL_TAKE = 2
    REGIONAL_SHARE = 0.6
    #: A question no topic answers is still answered from a regional rule it matches this
    #: well, and this many times better than the next one.
    REGIONAL_RESCUE = 0.15
    REGIONAL_MARGIN = 1.5
    #: A topic whose blended score beats the out-of-scope class by this much is answered
    #: even when the single nearest example is an out-of-scope one.
    OUTWEIGH_OUTSIDE = 0.10
    #: How much nearer the out-of-scope examples must be than any topic's when the question
    #: uses the vocabulary of ICP filing (see ScopeCheck.inside_filing).
    INSIDE_MARGIN = 0.10

    def __init__(
        self,
        entries: Sequence[Entry],
        meta: Mapping[str, Any],
        paraphrases: Mapping[str, Any] | None = None,
        decline_rules: Sequence[DeclineRule] = (),
        scope: ScopeCheck | None = None,
        signals: Signals | None = None,
    ) -> None:
        self.entries: tuple[Entry, ...] = tuple(entries)
        self.meta = meta
        self.messages: dict[str, dict[str, str]] = dict(meta.get("messages", {}))
        self.catalog = SourceCatalog(meta.get("sources", {}))
        self.paraphrases: Mapping[str, Any] = paraphrases or {}
        self.decline_rules = tuple(decline_rules)
        self.scope = scope or ScopeCheck()
        self.signals = signals or Signals()
        self._by_key: dict[tuple[str, str], Entry] = {(e.region, e.topic): e for e in entries}
        self._national: dict[str, Entry] = {e.topic: e for e in entries if e.region == NATIONAL}
        self._regional_topics: dict[str, set[str]] = {}
        for e in entries:
            self._regional_topics.setdefault(e.region, set()).add(e.topic)
        self._engine_cache: _Engine | None = None
        self._cache_key: str | None = None  # set by load(): the engine may come from disk
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, data_dir: Path | None = None) -> KnowledgeBase:
        """Read every ``*.json`` data file (default: the packaged ``knowledge/data``)."""
        directory = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
        meta = _read_json(directory / META_FILE)
        paraphrases = _read_json(directory / PARAPHRASES_FILE)
        entries: list[Entry] = []
        for path in sorted(directory.glob("CN*.json")):
            entries.extend(parse_region_file(json.loads(path.read_text(encoding="utf-8"))))
        if not entries:
            raise FileNotFoundError(f"no knowledge data files in {directory}")
        declines = directory / DECLINES_FILE
        if not declines.exists():
            declines = DEFAULT_DATA_DIR / DECLINES_FILE
        base = cls(entries, meta, paraphrases, load_rules(declines), load_scope(declines),
                   load_signals(declines))
        base._cache_key = engine_cache.key([*directory.glob("*.json"), declines])
        return base

    def warm_up(self) -> None:
        """Builds the retrieval engine, the region tables and the converter now.

        Safe to call from a background thread while questions arrive: the first question
        either finds everything built or waits for the build in progress.
        """
        textnorm.warm_up()
        warm_up_mentions()
        warm_up_declines(self.decline_rules, self.scope, self.signals)
        engine = self._engine()
        for region in self._regional_topics:
            if region != NATIONAL:
                self._regional_vectors(region, engine)
        self.ask("备案要多久")

    # ------------------------------------------------------------------ regions

    def find_region(self, text: str) -> Region | None:
        """The region a text names: Chinese/English/pinyin name, abbreviation, city, or code."""
        from knowledge.mentions import find_region_code

        code = find_region_code(text, self._engine().english)
        return region_by_code(code) if code else None

    def regions_with_entries(self) -> set[str]:
        return {e.region for e in self.entries}

    def entry(self, region: str, topic: str) -> Entry | None:
        return self._by_key.get((region, topic))

    def topics(self) -> list[str]:
        return sorted(self._national)

    def _linked_sources(self, entry: Entry, lang: str) -> tuple[tuple[str, str], ...]:
        known = [key for key in dict.fromkeys(entry.sources) if key in self.catalog.sources]
        return tuple((self.catalog.title(key, lang), str(self.catalog.sources[key].get("url", "")))
                     for key in known)

    def region_rules(self, region: str) -> list[RegionRule]:
        """The entries of ``region`` as the review desk shows them."""
        rules = []
        for entry in self.entries:
            if entry.region != region:
                continue
            national = self._national.get(entry.topic, entry)
            rules.append(RegionRule(
                entry, entry.title_zh or national.title_zh, entry.title_en or national.title_en,
                self._linked_sources(entry, "zh"), self._linked_sources(entry, "en")))
        return rules

    # ------------------------------------------------------------------ answering

    def ask(
        self,
        question: str,
        *,
        lang: str | None = None,
        region: str | None = None,
        context: Answer | None = None,
    ) -> Answer:
        """Answer ``question`` in ``lang`` (default: the question's language).

        The region the question is about wins; else, for a follow-up, the region of
        ``context`` (the previous answer in the same chat); else ``region`` (the applicant's
        own, a code like ``"CN-ZJ"`` or any name :meth:`find_region` understands); national
        rules come last. An elliptical follow-up ("and for Shanghai?") takes its topic from
        ``context``.
        """
        out_lang = _norm_lang(lang) or detect_lang(question)
        text = textnorm.normalize(question)
        if not text.strip() or _says_nothing(text):
            return self._unknown(out_lang, "empty")
        if not textnorm.has_cjk(text):  # typed in pinyin? ("fuwuqi zai xianggang …")
            read = self._engine().featurizer.from_pinyin(text)
            if read != text:  # someone without a Chinese keyboard reads Chinese
                text, out_lang = read, _norm_lang(lang) or "zh"
        accused = self.signals.only_reported(text)  # "the reviewer says my photo is faked"
        rule = None if accused else first_match(self.decline_rules, text)
        if rule is not None:
            return self._declined(out_lang, rule)
        if self.scope.out_of_scope(text):
            return self._unknown(out_lang, "out_of_scope")
        engine = self._engine()
        named = region_about(text, engine.english, filing=True)
        previous = context if context is not None and not context.unknown else None
        hint = self._resolve_hint(region)
        target = named or (previous.about if previous else None) or hint

        ranked = self._rank(text, target, engine)
        refusal = None if accused else self._refusal(text, ranked, engine)
        if refusal is not None:
            return self._declined(out_lang, refusal)
        parts = self._parts(text, target, engine)
        if len(parts) > 1:
            return self._combine([self._compose(t, r, out_lang, rk) for t, r, rk in parts],
                                 out_lang)
        if previous is not None and previous.topic:
            own = next((r for r in ranked if not _is_refusal_class(r.topic)), None)
            if self._is_elliptical(text, engine) or own is None or own.score < self.MIN_SCORE:
                return self._compose(previous.topic, target, out_lang)
        topic = self._decide(text, ranked, engine)
        matches = self._regional_matches(text, target, engine)
        if topic is None and not self._outside_nearest(ranked, self.scope.inside_filing(text)):
            topic = self._regional_rescue(matches)
        if topic is None:
            return self._unknown(out_lang, "out_of_scope")
        if (topic in NUMBER_TOPICS and named is not None and target == named
                and only_in_numbers(text, named, engine.english)):
            # "what does the -4 in 陕ICP备15002899号-4 mean": the number is an example.
            target = (previous.about if previous else None) or hint
            ranked = self._rank(text, target, engine)
            matches = self._regional_matches(text, target, engine)
        answer = self._compose(topic, target, out_lang, ranked, matches)
        if topic in ("filing-number-format", "footer-display"):
            answer = self._with_quoted_number(answer, question, out_lang)
        return answer

    def _with_quoted_number(self, answer: Answer, question: str, lang: str) -> Answer:
        """A number the applicant quotes is read for them: 浙ICP备2023012345号-3 is the
        entity's number plus its third website."""
        found = _FILING_NUMBER.search(textnorm.normalize(question).upper())
        if found is None:
            return answer
        number, entity, n = found.group(0), found.group(1), found.group(2)
        if n:
            note = self._msg("number_suffix", lang, number=number, entity=entity, n=n,
                             ordinal=_ordinal(int(n)))
        else:
            note = self._msg("number_plain", lang, number=number)
        return replace(answer, answer=answer.answer + "\n\n" + note)

    def _refusal_by_example(self, ranked: list[Ranked]) -> DeclineRule | None:
        """The decline rule whose examples are nearer than any answerable topic's, if any.

        The rules' patterns catch the plain wordings; examples catch the rest ("use a
        recorded video to pass liveness"). A clear likeness is required, so a question that
        merely shares a word with them is still answered.
        """
        refusals = [r for r in ranked if r.topic.startswith(DECLINE_PREFIX)]
        if not refusals:
            return None
        best = max(refusals, key=lambda r: r.neighbour)
        answerable = [r for r in ranked if not _is_refusal_class(r.topic)]
        nearest = max((r.neighbour for r in answerable), default=0.0)
        strongest = max((r.score for r in answerable), default=0.0)
        # Nearer than any answerable example, and not outweighed by a topic overall: "can a
        # cancelled number be restored later?" shares words with "restore the content later".
        if (best.neighbour < self.REFUSAL_LIKENESS or best.neighbour <= nearest
                or best.score < strongest):
            return None
        rule_id = best.topic[len(DECLINE_PREFIX):]
        return next((rule for rule in self.decline_rules if rule.id == rule_id), None)

    def _like_a_legitimate_question(
        self, text: str, ranked: list[Ranked], engine: _Engine
    ) -> bool:
        """Whether a reviewed legitimate look-alike ("I bought a domain that still shows the
        previous owner's number, what now?") is at least as near as any request to decline:
        then likeness and intent, which read words, do not decline it."""
        nearest = max((r.neighbour for r in ranked if r.topic.startswith(DECLINE_PREFIX)),
                      default=0.0)
        query = engine.index.query_vector(
            engine.featurizer.features(_without_regions(text, engine.english)))
        return any(sum(w * other.get(f, 0.0) for f, w in query.items()) >= nearest
                   for other in engine.look_alikes)

    def _refusal(self, text: str, ranked: list[Ranked], engine: _Engine) -> DeclineRule | None:
        """A decline the patterns missed: by likeness to the example requests, or by the
        intent model — unless a reviewed legitimate look-alike is as near."""
        features = engine.featurizer.features(_without_regions(text, engine.english))
        odds = engine.intent.log_odds(engine.index.open_vector(features))
        signal = self.signals.present(text)
        rule = (self._refusal_by_example(ranked)
                if signal and odds >= self.EXAMPLE_MIN_ODDS else None)
        if rule is None:
            rule = self._refusal_by_intent(odds, signal, ranked)
        if rule is None or self._like_a_legitimate_question(text, ranked, engine):
            return None
        return rule

    def _refusal_by_intent(
        self, odds: float, signal: bool, ranked: list[Ranked]
    ) -> DeclineRule | None:
        """The decline rule for a question the intent model finds a request to deceive: far
        likelier one (INTENT_ODDS), or likelier one (INTENT_WITH_SIGNAL) and showing a sign of
        intent. The reply is the nearest decline class's."""
        if odds < self.INTENT_WITH_SIGNAL or (odds < self.INTENT_ODDS and not signal):
            return None
        refusals = [r for r in ranked if r.topic.startswith(DECLINE_PREFIX)]
        answerable = max((r.neighbour for r in ranked if not _is_refusal_class(r.topic)),
                         default=0.0)
        nearest = max(refusals, key=lambda r: r.neighbour, default=None)
        # Some request to decline must also be about as near as the nearest filing question:
        # "my ID photo was rejected for glare" is likelier a request by its words alone.
        near = self.INTENT_NEAR if odds < self.INTENT_SURE else self.INTENT_NEAR_SURE
        if nearest is None or nearest.neighbour < near * answerable:
            return None
        rule_id = nearest.topic[len(DECLINE_PREFIX):]
        return next((rule for rule in self.decline_rules if rule.id == rule_id), None)

    def _outside_nearest(self, ranked: list[Ranked], inside: bool = False) -> bool:
        """Whether the single nearest example is an out-of-scope one (that class is too
        varied for its centroid to mean anything) — unless a topic clearly outweighs it
        overall ("服务器在香港需要备案吗" is nearest to "在香港开公司" by one pair).

        ``inside``: the question uses the vocabulary of ICP filing (备案, ICP, the CA, filing
        a website …); the out-of-scope examples must then be clearly nearer, by
        INSIDE_MARGIN ("the address on my business licence changed — does the filing need
        updating?" shares more words with "how do I get a business licence")."""
        in_scope = [r for r in ranked if not _is_refusal_class(r.topic)]
        outside = next((r for r in ranked if r.topic == OUT_OF_SCOPE), None)
        margin = self.INSIDE_MARGIN if inside else 0.0
        if outside is None or outside.neighbour <= 0 or outside.neighbour < margin + max(
                (r.neighbour for r in in_scope), default=0.0):
            return False
        best = max((r.score for r in in_scope), default=0.0)
        return best < outside.score + self.OUTWEIGH_OUTSIDE

    def _regional_rescue(self, matches: Sequence[tuple[float, Entry]]) -> str | None:
        """The topic of a regional rule the question plainly asks about although no topic's
        examples are near it ("重庆在经营异常名录里能备案吗" and Chongqing's rule on it)."""
        if not matches:
            return None
        score, entry = matches[0]
        runner_up = matches[1][0] if len(matches) > 1 else 0.0
        if score >= self.REGIONAL_RESCUE and score >= self.REGIONAL_MARGIN * runner_up:
            return entry.topic
        return None

    def _decide(self, text: str, ranked: list[Ranked], engine: _Engine) -> str | None:
        """The topic to answer, or None to decline as out of scope."""
        in_scope = [r for r in ranked if not _is_refusal_class(r.topic)]
        if not in_scope or self._outside_nearest(ranked, self.scope.inside_filing(text)):
            return None
        best = in_scope[0]
        if best.score >= self.CONFIDENT_SCORE:
            return best.topic
        if best.score >= self.MIN_SCORE and self._uses_domain_words(text, engine):
            return best.topic
        return None

    def _is_elliptical(self, text: str, engine: _Engine) -> bool:
        """A follow-up that only names a region or a group ("and for Shanghai?", "那个人呢")."""
        if not _FOLLOW_UP.search(text):
            return False
        residual = _FOLLOW_WORDS.sub(" ", _without_regions(text, engine.english))
        feats = engine.featurizer.features(residual)
        return sum(1 for f in feats if f[0] in "be") <= 2

    def _content_mass(self, text: str, engine: _Engine) -> float:
        """How much a piece says beyond generic words: 能备案吗 says nothing of its own."""
        feats = engine.featurizer.features(_without_regions(text, engine.english))
        return sum(w for f, w in feats.items() if f[0] in "bew" and f[1] == ":")

    def _uses_domain_words(self, text: str, engine: _Engine) -> bool:
        if any(term in text for term in engine.domain_zh):
            return True
        words = set(re.findall(r"[a-z0-9.]+", text))
        return bool(words & engine.domain_en)

    def _rank(self, text: str, target: str | None, engine: _Engine) -> list[Ranked]:
        feats = engine.featurizer.features(_without_regions(text, engine.english, target))
        boost = None
        if target:
            boost = {t: self.REGION_BOOST for t in self._regional_topics.get(target, ())}
        return engine.index.rank(feats, boost)

    def _parts(
        self, text: str, target: str | None, engine: _Engine
    ) -> list[tuple[str, str | None, list[Ranked]]]:
        """(topic, region, ranking) per part of a multi-part question; none for the others."""
        for splitter in (_PART_SPLIT, _SOFT_SPLIT):
            pieces = [p.strip() for p in splitter.split(text) if p and p.strip()]
            if len(pieces) < 2:
                continue
            found = self._part_topics(pieces, target, engine, soft=splitter is _SOFT_SPLIT)
            if found:
                return found
        return []

    def _part_topics(
        self, pieces: list[str], target: str | None, engine: _Engine, *, soft: bool
    ) -> list[tuple[str, str | None, list[Ranked]]]:
        """Topics of the pieces. Pieces cut at commas or "and" share the question's region
        (我是河南人，在上海工作 is one question about Shanghai) and must be clearer."""
        out: list[tuple[str, str | None]] = []
        rankings: list[list[Ranked]] = []
        last_topic = None
        threshold = self.SOFT_PART_SCORE if soft else self.PART_SCORE
        asked = False
        for piece in pieces:
            # Context before the first question ("首次备案，", "I'm filing a new site, ") is no
            # part of its own; what follows a question shares it ("… permit and a phone").
            asked = asked or _ASKS.search(piece) is not None
            if not asked:
                continue
            own_region = None if soft else region_about(piece, engine.english, filing=True)
            region = own_region or target
            ranked = self._rank(piece, region, engine)
            best = next((r for r in ranked if not _is_refusal_class(r.topic)), None)
            outside = next((r for r in ranked if r.topic == OUT_OF_SCOPE), None)
            confident = (
                best is not None and best.score >= threshold
                and self._content_mass(piece, engine) >= self.PART_MASS
                and (outside is None or outside.neighbour < best.neighbour)
            )
            if confident and best is not None and not (
                own_region and last_topic and _FOLLOW_UP.search(piece)
            ):
                pair = (best.topic, region)
                last_topic = best.topic
            elif own_region and last_topic:
                pair = (last_topic, own_region)  # "上海要本地手机号吗？北京呢？"
                ranked = []
            else:
                continue
            if pair not in out:
                out.append(pair)
                rankings.append(ranked)
        if len(out) < 2:
            return []
        return [(t, r, rk) for (t, r), rk in zip(out, rankings, strict=True)]

    def _resolve_hint(self, region: str | None) -> str | None:
        if not region or region.upper() == NATIONAL:
            return None
        try:
            return region_by_code(region).code
        except KeyError:
            found = self.find_region(region)
            return found.code if found else None

    def rank_topics(self, question: str, region: str | None = None) -> list[tuple[str, float]]:
        """Topics by score for ``question`` (diagnostics, eval and bench)."""
        engine = self._engine()
        text = textnorm.normalize(question)
        target = region or region_about(text, engine.english)
        return [(r.topic, r.score) for r in self._rank(text, target, engine)]

    # ------------------------------------------------------------------ composing

    def _compose(
        self, topic: str, target: str | None, lang: str, ranked: Sequence[Ranked] = (),
        matches: Sequence[tuple[float, Entry]] = (),
    ) -> Answer:
        """The answer on ``topic`` for the region ``target``.

        The region's own rule comes first; a rule of that region on a neighbouring topic the
        question is also close to (``ranked``) comes next, so "can a Hebei company's website
        administrator be someone else?" gets Hebei's rule even though it is filed under the
        entity leader; the general rule follows. Only when the region has neither is the
        general rule shown with "no {region}-specific rule".
        """
        if target is not None and topic == OVERVIEW_TOPIC:
            overview = self._overview(target, lang)
            if overview is not None:
                return overview
        national = self._national[topic]
        regional: list[Entry] = []
        if target is not None:
            own = self._by_key.get((target, topic))
            regional = ([own] if own else []) + self._related_regional(
                ranked, topic, target, has_own=own is not None, matches=matches
            )
        if not regional:
            prefix, suffix = "", ""
            if target is not None:
                name = region_by_code(target).name(lang)
                prefix = self._msg("no_region_rule", lang, region=name) + "\n"
                suffix = self._other_region_rules(target, name, lang, ranked)
            return self._answer(topic, target, lang, [national],
                                prefix + national.text(lang) + suffix)
        texts = [e.text(lang) for e in regional]
        texts.append(self._msg("general_rule", lang) + "\n" + national.text(lang))
        return self._answer(topic, target, lang, [*regional, national], "\n\n".join(texts))

    #: At most this many of a region's other subjects are named after "no rule on this".
    OTHER_RULES_SHOWN = 8

    def _other_region_rules(
        self, target: str, name: str, lang: str, ranked: Sequence[Ranked]
    ) -> str:
        """"No Xinjiang rule on this" must not read as "Xinjiang has no rules": the region's
        subjects are named (those nearest the question first), so its party-building
        certificate is one question away."""
        topics = self._regional_topics.get(target, set()) - {OVERVIEW_TOPIC}
        if not topics:
            return ""
        order = {r.topic: i for i, r in enumerate(ranked)}
        chosen = sorted(topics, key=lambda t: (order.get(t, len(order)), t))
        titles = [self._national[t].title(lang) for t in chosen[: self.OTHER_RULES_SHOWN]
                  if t in self._national]
        separator = "、" if lang == "zh" else "; "
        return "\n\n" + self._msg("other_region_rules", lang, region=name,
                                    topics=separator.join(titles))

    def _related_regional(
        self, ranked: Sequence[Ranked], topic: str, target: str, *, has_own: bool,
        matches: Sequence[tuple[float, Entry]] = (),
    ) -> list[Entry]:
        """The region's other entries the question is also about (at most two): the one
        whose text the question matches clearly best (``matches``), and one on a topic
        ranked close behind ``topic``."""
        out: list[Entry] = []
        if matches:
            top = matches[0][0]
            for score, entry in matches[: self.REGIONAL_TAKE]:
                if (score >= self.REGIONAL_MATCH and score >= self.REGIONAL_SHARE * top
                        and entry.topic != topic):
                    out.append(entry)
        best = next((r for r in ranked if r.topic == topic), None)
        if best is None or best.score <= 0:
            return out
        ratio = self.RELATED_WITH_OWN if has_own else self.RELATED_RATIO
        candidates = [r for r in ranked if not _is_refusal_class(r.topic)][: self.RELATED_DEPTH]
        for r in candidates:
            if r.topic == topic or r.score < ratio * best.score:
                continue
            related = self._by_key.get((target, r.topic))
            if related is not None:
                if related not in out:
                    out.append(related)
                break
        return out

    def _regional_matches(
        self, text: str, target: str | None, engine: _Engine
    ) -> list[tuple[float, Entry]]:
        """The region's entries by how well their text matches the question, best first.

        An entry sharing fewer than two words or character pairs with the question scores 0:
        one shared word ("review") is a coincidence, not a match.
        """
        if target is None:
            return []
        entries = self._regional_vectors(target, engine)
        feats = engine.featurizer.features(_without_regions(text, engine.english, target))
        query = engine.index.open_vector(feats)
        scored = []
        for entry, vec in entries:
            shared = [f for f in query if f in vec]
            if sum(1 for f in shared if not f.startswith("u:")) < self.REGIONAL_SHARED:
                scored.append((0.0, entry))
                continue
            scored.append((sum(query[f] * vec[f] for f in shared), entry))
        scored.sort(key=lambda pair: (-pair[0], pair[1].topic))
        return scored

    def _regional_vectors(
        self, region: str, engine: _Engine
    ) -> list[tuple[Entry, dict[str, float]]]:
        """The region's entries with their text vectors (built once per region)."""
        entries = engine.regional.get(region)
        if entries is None:
            entries = engine.regional[region] = [
                (e, engine.index.open_vector(engine.featurizer.features(_without_regions(
                    textnorm.normalize(" ".join((e.zh, e.en, *e.keywords_zh, *e.keywords_en))),
                    engine.english, e.region))))
                for e in self.entries if e.region == region
            ]
        return entries

    def _answer(
        self, topic: str, target: str | None, lang: str, used: Sequence[Entry], text: str
    ) -> Answer:
        rank = {c: i for i, c in enumerate(CONFIDENCE_LEVELS)}
        keys: list[str] = []
        for e in used:
            keys += [k for k in e.sources if k not in keys]
        regional = [e for e in used if e.region != NATIONAL]
        # The date and confidence of what the answer rests on: the regional rules when there
        # are any (the general rule is context), else the national entry.
        basis = regional or list(used)
        return Answer(
            region=regional[0].region if regional else NATIONAL,
            topic=topic,
            answer=text,
            sources=self.catalog.render(keys, lang),
            checked=min((e.checked for e in basis), key=lambda d: (d[:4], d)),
            confidence=max((e.confidence for e in basis),
                           key=lambda c: rank.get(c, len(rank))),
            unknown=False,
            lang=lang,
            about=target,
            messages=self.messages,
        )

    def _combine(self, answers: list[Answer], lang: str) -> Answer:
        first = answers[0]
        sources: list[str] = []
        for a in answers:
            sources += [s for s in a.sources if s not in sources]
        rank = {c: i for i, c in enumerate(CONFIDENCE_LEVELS)}
        worst = max((a.confidence for a in answers), key=lambda c: rank.get(c, len(rank)))
        colon = "：" if lang == "zh" else ": "
        blocks = []
        for i, a in enumerate(answers, 1):
            national = self._national.get(a.topic or "")
            title = national.title(lang) if national else (a.topic or "")
            blocks.append(f"{i}. {title}{colon}\n{a.answer}")
        checked = min((a.checked for a in answers if a.checked), default=None)
        return Answer(
            region=first.region,
            topic=first.topic,
            answer="\n\n".join(blocks),
            sources=sources,
            checked=checked,
            confidence=worst,
            unknown=False,
            lang=lang,
            about=first.about,
            parts=tuple(answers),
            messages=self.messages,
        )

    def _overview(self, target: str, lang: str) -> Answer | None:
        items = [e for e in self.entries if e.region == target]
        if not items:
            return None
        head = self._msg("overview_head", lang, region=region_by_code(target).name(lang))
        bullets = []
        for e in items:
            title = self._national[e.topic].title(lang) if e.topic in self._national else e.topic
            colon = "：" if lang == "zh" else ": "
            bullets.append(f"• {title}{colon}{e.text(lang)}")
        keys: list[str] = []
        for e in items:
            keys += [k for k in e.sources if k not in keys]
        rank = {c: i for i, c in enumerate(CONFIDENCE_LEVELS)}
        worst = max((e.confidence for e in items), key=lambda c: rank.get(c, len(rank)))
        return Answer(
            region=target,
            topic=OVERVIEW_TOPIC,
            answer=head + "\n" + "\n".join(bullets),
            sources=self.catalog.render(keys, lang),
            checked=min(e.checked for e in items),
            confidence=worst,
            unknown=False,
            lang=lang,
            about=target,
            messages=self.messages,
        )

    def _unknown(self, lang: str, reason: str) -> Answer:
        return Answer(
            region=None,
            topic=None,
            answer=self._msg("unknown", lang) + "\n" + self._msg("can_help", lang),
            confidence="none",
            unknown=True,
            lang=lang,
            reason=reason,
            messages=self.messages,
        )

    def _declined(self, lang: str, rule: DeclineRule) -> Answer:
        reply = rule.reply.get(lang) or rule.reply.get("en", "")
        return Answer(
            region=None,
            topic=None,
            answer=reply + "\n" + self._msg("can_help", lang),
            confidence="none",
            unknown=True,
            lang=lang,
            reason=rule.id,
            messages=self.messages,
        )

    def _msg(self, key: str, lang: str, **values: str) -> str:
        texts = self.messages.get(key, {})
        return (texts.get(lang) or texts.get("en") or "").format(**values)

    # ------------------------------------------------------------------ engine

    def _engine(self) -> _Engine:
        engine = self._engine_cache
        if engine is None:
            with self._lock:
                engine = self._engine_cache
                if engine is None:
                    engine = self._stored_or_built_engine()
                    self._engine_cache = engine
        return engine

    def _stored_or_built_engine(self) -> _Engine:
        if self._cache_key is None:
            return self._build_engine()
        stored = engine_cache.load(self._cache_key)
        if isinstance(stored, _Engine):
            return stored
        engine = self._build_engine()
        engine_cache.store(self._cache_key, engine)
        return engine

    def _build_engine(self) -> _Engine:
        lexicon = set(self.meta.get("lexicon_zh", ()))
        for e in self._national.values():
            lexicon.update(k for k in e.keywords_zh if _CJK.search(k) and " " not in k)
        synonyms = self.meta.get("synonyms", {})
        domain_words_zh = self.meta.get("domain_terms", {}).get("strong", {}).get("zh", ())
        featurizer = Featurizer(
            lexicon_zh={textnorm.normalize(w) for w in lexicon},
            stopwords_en=self.meta.get("stopwords", {}).get("en", ()),
            synonyms_en=_invert(synonyms.get("en", {})),
            synonyms_zh=_invert(synonyms.get("zh", {})),
            generic=_generic_words(self.meta.get("generic_terms", {})),
            fillers_zh=[textnorm.normalize(f)
                        for f in self.meta.get("fillers_zh", {}).get("phrases", ())],
            sound_targets={textnorm.normalize(w) for w in lexicon}
            | {textnorm.normalize(w) for w in domain_words_zh},
        )
        featurizer.learn_pinyin(
            lexicon | set(domain_words_zh) | set(self.meta.get("pinyin_terms", {}).get("zh", ())))
        examples_text: list[tuple[str, str]] = []
        for topic, entry in self._national.items():
            for text in (entry.title_zh, entry.title_en, *entry.keywords_zh, *entry.keywords_en):
                examples_text.append((topic, text))
        for topic, by_lang in self.paraphrases.get("topics", {}).items():
            if topic not in self._national and not _is_refusal_class(topic):
                continue
            for lang_texts in by_lang.values():
                examples_text += [(topic, t) for t in lang_texts]
        descriptions_text: dict[str, list[tuple[str, float]]] = {}
        # The national answers describe their topics (weakly); the regional ones add nothing
        # measurable and would double the build time.
        for e in self._national.values():
            descriptions_text.setdefault(e.topic, []).extend([(e.zh, 0.5), (e.en, 0.5)])
        # Training texts keep their place names: queries are matched with theirs blanked,
        # so a place name in an example can never match (and blanking 2,000 texts is slow).
        normalised = [(t, textnorm.normalize(s)) for t, s in examples_text]
        described = {t: [(textnorm.normalize(s), w) for s, w in v]
                     for t, v in descriptions_text.items()}
        featurizer.freeze([s for _, s in normalised]
                          + [s for v in described.values() for s, _ in v])
        examples = [(t, featurizer.features(s)) for t, s in normalised]
        descriptions = {t: [(featurizer.features(s), w) for s, w in v]
                        for t, v in described.items()}
        index = TopicIndex(examples, descriptions)
        look_alikes = [textnorm.normalize(t) for lang_texts in
                       self.paraphrases.get("legitimate_look_alikes", {}).values()
                       for t in lang_texts if isinstance(t, str)]
        look_alike_features = [featurizer.features(t) for t in look_alikes]
        intent = IntentModel(
            (index.open_vector(f) for t, f in examples if t.startswith(DECLINE_PREFIX)),
            [index.open_vector(f) for t, f in examples if not _is_refusal_class(t)]
            + [index.open_vector(f) for f in look_alike_features],
        )
        domain = self.meta.get("domain_terms", {}).get("strong", {})
        english = featurizer.known_english() | frozenset(
            self.meta.get("stopwords", {}).get("en", ())
        )
        return _Engine(
            featurizer=featurizer,
            index=index,
            intent=intent,
            look_alikes=[index.vector(f) for f in look_alike_features],
            english=english,
            domain_zh=tuple(textnorm.normalize(t) for t in domain.get("zh", ())),
            domain_en=frozenset(t.lower() for t in domain.get("en", ()) if " " not in t),
        )


def _is_refusal_class(topic: str) -> bool:
    return topic == OUT_OF_SCOPE or topic.startswith(DECLINE_PREFIX)


def _without_regions(text: str, english: frozenset[str], target: str | None = None) -> str:
    """``text`` with its region mentions blanked: a place name says nothing about the topic.

    A region other than the one the question is about becomes "外地" / "another province":
    "file in Shanghai with an ID card from Anhui" is a question about non-local applicants.
    """
    mentions = find_mentions(text, english)
    if not mentions:
        return text
    out, last = [], 0
    for m in mentions:
        if m.start < last:
            continue
        out.append(text[last : m.start])
        if target is not None and m.code != target:
            out.append(" 外地 " if _CJK.search(text[m.start : m.end]) else " another province ")
        else:
            out.append(" ")
        last = m.end
    out.append(text[last:])
    return "".join(out)


def _generic_words(terms: Mapping[str, Any]) -> list[str]:
    return [textnorm.normalize(w) for lang in ("zh", "en") for w in terms.get(lang, ())]


def _invert(groups: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """{canonical: [variants]} → {variant: canonical}, variants normalised."""
    return {textnorm.normalize(v): canonical for canonical, vs in groups.items() for v in vs}


def _read_json(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


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


def _says_nothing(text: str) -> bool:
    content = _NON_WORD.sub("", text).casefold()
    return len(content) < 2 or content in _NOTHING_ASKED
