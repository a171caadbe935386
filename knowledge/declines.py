"""Requests the assistant declines whatever their wording: forging, evading, deceiving,
bribing — and questions that are not about ICP filing at all.

The rules are data (``data/_declines.json``). Each rule has

* ``patterns``: regular expressions over the normalised question (plain wordings);
* ``frames``: intent patterns built from shared vocabulary ``classes`` — a deceptive act
  and a filing object near each other in one clause, in either order unless ``ordered``
  (P/伪造 + 居住证, "hide" + "from the reviewers", "pass the face check" + "for my boss"); a
  frame's ``unless`` vetoes it where a legitimate look-alike would match;
* ``cues``: categories of deception cues (another person's identity, a deceptive act, a
  mismatch with the truth: 同学的 + 填 … 审核完再说, "competitor's" + "clone"); a question
  showing ``at_least`` two categories and a filing object is declined, wherever the words
  stand — the frames' adjacency is not needed;
* a polite bilingual reply that says why and what the assistant can do instead.

They are checked before retrieval, so a request to fake an ID card is never answered with the
materials list.

The ``scope`` section says what an out-of-scope question looks like without listing
questions: vocabulary of other subjects (tax, trademarks, visas, weather, code, app stores,
prices, the ICP operating licence's own procedures …) and the vocabulary that makes a
question about ICP filing. A question with the first and none of the second is declined as
out of scope (:class:`ScopeCheck`); everything else goes to retrieval.

Speed: every expression is compiled on first use, per language (Chinese expressions only for
a question with Chinese characters, English ones only for a question with Latin words), so a
fresh ``icpbot kb ask`` compiles what its one question needs; :func:`warm_up` compiles the
rest in the bot's start-up thread.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: A frame's two parts must lie within one clause: no sentence mark between them.
_GAP = r"[^。？?！!；;\n]"
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[a-z]{2}")
LANGS = ("zh", "en")


def text_langs(text: str) -> tuple[str, ...]:
    """Which languages' expressions can match ``text``: zh with Chinese characters, en with
    Latin words (both for a mixed question)."""
    return tuple(
        lang for lang, probe in (("zh", _CJK), ("en", _LATIN)) if probe.search(text)
    )


def _source_lang(source: str) -> str:
    return "zh" if _CJK.search(source) else "en"


class _Lazy:
    """One regular expression compiled on first use (a race compiles it twice, harmlessly)."""

    __slots__ = ("_compiled", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self._compiled: re.Pattern[str] | None = None

    def get(self) -> re.Pattern[str]:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.source)
        return compiled

    def search(self, text: str) -> bool:
        return self.get().search(text) is not None


def _alternation(sources: Iterable[str]) -> _Lazy | None:
    items = list(sources)
    return _Lazy("|".join(f"(?:{p})" for p in items)) if items else None


@dataclass(frozen=True, slots=True)
class DeclineRule:
    id: str
    reply: Mapping[str, str]
    #: Per language: the rule's patterns as one expression.
    combined: Mapping[str, _Lazy] = field(default_factory=dict)
    #: Per language: (frame, veto) expressions.
    frames: Mapping[str, tuple[tuple[_Lazy, _Lazy | None], ...]] = field(default_factory=dict)
    #: Cue categories (another person's identity, a deceptive act, a mismatch with the
    #: truth …): a question with ``at_least`` of them and a filing object is declined.
    cues: tuple[_Lazy, ...] = ()
    cue_object: _Lazy | None = None
    at_least: int = 2

    def matches(self, text: str, langs: Sequence[str] | None = None) -> bool:
        for lang in text_langs(text) if langs is None else langs:
            combined = self.combined.get(lang)
            if combined is not None and combined.search(text):
                return True
            for frame, unless in self.frames.get(lang, ()):
                if frame.search(text) and (unless is None or not unless.search(text)):
                    return True
        return self._cued(text)

    def _cued(self, text: str) -> bool:
        if not self.cues or self.cue_object is None:
            return False
        found = 0
        for category in self.cues:
            if category.search(text):
                found += 1
                if found >= self.at_least:
                    return self.cue_object.search(text)
        return False

    def compile_all(self) -> None:
        for category in self.cues:
            category.get()
        if self.cue_object is not None:
            self.cue_object.get()
        for combined in self.combined.values():
            combined.get()
        for frames in self.frames.values():
            for frame, unless in frames:
                frame.get()
                if unless is not None:
                    unless.get()


def load_rules(path: Path) -> tuple[DeclineRule, ...]:
    if not path.exists():
        return ()
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return parse_rules(data.get("rules", ()), data.get("classes", {}))


def _class_pattern(classes: Mapping[str, Sequence[str]], name: str) -> str:
    """``name`` is a class ("forge_zh") or a literal regular expression ("=…")."""
    if name.startswith("="):
        return "(?:" + name[1:] + ")"  # a literal with its own '|' stays one part
    return "(?:" + "|".join(classes[name]) + ")"


def compile_frame(classes: Mapping[str, Sequence[str]], raw: Mapping[str, Any]) -> str:
    """One frame as a regular expression: its parts in order (or, two parts, either order),
    each gap at most ``window`` characters of the same clause."""
    parts = [_class_pattern(classes, p) for p in raw["parts"]]
    gap = f"{_GAP}{{0,{int(raw.get('window', 12))}}}"
    forward = gap.join(parts)
    if raw.get("ordered", False) or len(parts) != 2:
        return forward
    return f"(?:{forward})|(?:{parts[1]}{gap}{parts[0]})"


def parse_rules(
    raw_rules: Sequence[Mapping[str, Any]], classes: Mapping[str, Sequence[str]] | None = None
) -> tuple[DeclineRule, ...]:
    """Rules from their data. A pattern or frame belongs to the language of its text: Chinese
    if it contains Chinese characters, else English."""
    classes = classes or {}
    rules = []
    for raw in raw_rules:
        by_lang: dict[str, list[str]] = {lang: [] for lang in LANGS}
        for lang in LANGS:
            for p in raw.get("patterns", {}).get(lang, ()):
                by_lang[_source_lang(p)].append(p)
        combined = {lang: c for lang, ps in by_lang.items() if (c := _alternation(ps))}
        frames: dict[str, list[tuple[_Lazy, _Lazy | None]]] = {lang: [] for lang in LANGS}
        for f in raw.get("frames", ()):
            source = compile_frame(classes, f)
            unless = _Lazy(f["unless"]) if f.get("unless") else None
            frames[_source_lang(source)].append((_Lazy(source), unless))
        cues = raw.get("cues", {})
        categories = tuple(
            lazy for c in cues.get("categories", {}).values()
            if (lazy := _alternation(p for lang in LANGS for p in c.get(lang, ())))
        )
        objects = cues.get("object", {})
        cue_object = _alternation(p for lang in LANGS for p in objects.get(lang, ()))
        rules.append(DeclineRule(
            str(raw["id"]), dict(raw["reply"]), combined,
            {lang: tuple(fs) for lang, fs in frames.items() if fs},
            categories, cue_object, int(cues.get("at_least", 2)),
        ))
    return tuple(rules)


def first_match(rules: Sequence[DeclineRule], text: str) -> DeclineRule | None:
    """The first rule the normalised ``text`` matches, if any."""
    langs = text_langs(text)
    for rule in rules:
        if rule.matches(text, langs):
            return rule
    return None


@dataclass(frozen=True, slots=True)
class ScopeCheck:
    """Out of scope by vocabulary: another subject named, and nothing of ICP filing.

    Per language: ``outside``, words of other subjects (tax, trademark, visa, weather,
    code …); ``inside``, words that make a question about ICP filing (备案, ICP, the CA,
    filing a website …) — any of them keeps the question in scope, whatever else it names;
    ``licence``, the ICP operating licence's (or EDI's) own procedures (capital, annual
    report, how to apply), out of scope unless the question compares it with filing or asks
    whether one is needed (``licence_unless``).
    """

    outside: Mapping[str, _Lazy] = field(default_factory=dict)
    inside: Mapping[str, _Lazy] = field(default_factory=dict)
    licence: Mapping[str, _Lazy] = field(default_factory=dict)
    licence_unless: Mapping[str, _Lazy] = field(default_factory=dict)

    @staticmethod
    def _any(table: Mapping[str, _Lazy], text: str, langs: Sequence[str]) -> bool:
        return any((p := table.get(lang)) is not None and p.search(text) for lang in langs)

    def inside_filing(self, text: str) -> bool:
        """Whether the question uses the vocabulary of ICP filing."""
        return self._any(self.inside, text, text_langs(text))

    def out_of_scope(self, text: str) -> bool:
        langs = text_langs(text)
        if self._any(self.licence, text, langs) and not self._any(
                self.licence_unless, text, langs):
            return True
        if not self._any(self.outside, text, langs):
            return False
        return not self._any(self.inside, text, langs)

    def compile_all(self) -> None:
        for table in (self.outside, self.inside, self.licence, self.licence_unless):
            for pattern in table.values():
                pattern.get()


def _by_lang(raw: Mapping[str, Sequence[str]] | None) -> dict[str, _Lazy]:
    """Per language (of the list it is written in: the Chinese list's Latin words, such as
    "seo" or "icp", are read in Chinese questions), one expression."""
    out = {}
    for lang in LANGS:
        lazy = _alternation((raw or {}).get(lang, ()))
        if lazy is not None:
            out[lang] = lazy
    return out


def load_scope(path: Path) -> ScopeCheck:
    if not path.exists():
        return ScopeCheck()
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return parse_scope(data.get("scope", {}))


def parse_scope(raw: Mapping[str, Any]) -> ScopeCheck:
    return ScopeCheck(
        outside=_by_lang(raw.get("outside")),
        inside=_by_lang(raw.get("inside")),
        licence=_by_lang(raw.get("licence")),
        licence_unless=_by_lang(raw.get("licence_unless")),
    )


# A request made of the assistant or a plan of the asker's, which a reported suspicion does
# not excuse ("the reviewer says it looks edited — can you make it look real?").
_ASKS_FOR_HELP = re.compile(
    r"帮我|帮忙|替我|给我(?:做|弄|改|p)|(?:怎么|如何)(?:才能)?(?:做|弄|改|p|修)得|看起来|看着像|"
    r"\b(?:can|could|would|will) you\b|\bhelp me\b|\bhow (?:do|can|could|should) (?:i|we) "
    r"(?:make|edit|fix up|alter)\b|\blook (?:more )?(?:real|genuine|authentic|original)\b"
)


@dataclass(frozen=True, slots=True)
class Signals:
    """Words that show a deceptive intent at all (假, 代刷, 别人的, "instead of me", "fake" …).

    A request is declined by *likeness* to the example requests only when it shows one of
    them: "在职证明要什么格式" is near "帮我做一份假的在职证明" in words, not in intent.
    """

    pattern: _Lazy | None = None
    #: Someone else's suspicion reported ("the reviewer said my photo looks faked"): the
    #: question is about an accusation, not a request, whatever its words.
    reported: _Lazy | None = None

    def present(self, text: str) -> bool:
        return self.pattern is None or self.pattern.search(text)

    def only_reported(self, text: str) -> bool:
        """A suspicion reported and no request made of the assistant ("can you make it …")."""
        return bool(self.reported is not None and self.reported.search(text)
                    and not _ASKS_FOR_HELP.search(text))

    def compile_all(self) -> None:
        for pattern in (self.pattern, self.reported):
            if pattern is not None:
                pattern.get()


def load_signals(path: Path) -> Signals:
    if not path.exists():
        return Signals()
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    raw = data.get("likeness_signals", {})
    reported = raw.get("reported", {})
    return Signals(_alternation(p for lang in LANGS for p in raw.get(lang, ())),
                   _alternation(p for lang in LANGS for p in reported.get(lang, ())))


def warm_up(
    rules: Sequence[DeclineRule], scope: ScopeCheck, signals: Signals | None = None
) -> None:
    """Compiles every expression now (the bot's start-up thread)."""
    for rule in rules:
        rule.compile_all()
    scope.compile_all()
    if signals is not None:
        signals.compile_all()
