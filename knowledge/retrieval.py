"""Which topic a question is about: a nearest-neighbour classifier over reviewed paraphrases.

Every topic is described by many short example questions in both languages (its paraphrases,
keywords and title) and, more weakly, by its answer texts. A question is compared (TF-IDF
cosine) with every example — the best match per topic is the *neighbour* score — and with each
topic's centroid; the two are blended. Out-of-scope examples form a class of their own, so a
question about trademarks or visas finds its neighbours there instead of in a filing topic.

A multinomial naive Bayes model over the same examples is blended in: nearest neighbours
follow the words a question shares with one example ("first time filing"), while the model
weighs every word by how much it tells the topics apart ("online while under review" points to
one topic however the rest is worded). On our tuning sets and the spent held-out sets it
lifted national questions by 2–10 points and cost none (bench/kb_bench.py).

Deterministic, built from the data files in a few tens of milliseconds, no model file.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from knowledge.features import log_tf

OUT_OF_SCOPE = "_out_of_scope"


@dataclass(frozen=True, slots=True)
class Ranked:
    topic: str
    score: float
    neighbour: float
    centroid: float


def _normalise(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {k: v / norm for k, v in vector.items()} if norm else {}


class TopicIndex:
    """TF-IDF vectors of examples and of topic centroids, with inverted lists for speed."""

    #: Blend of the best single example and the topic centroid (tuned on our tuning sets).
    NEIGHBOUR_WEIGHT = 0.65
    #: Features present in more than this share of examples are skipped in queries (noise).
    MAX_DF_SHARE = 0.35
    #: Query features lighter than this are not looked up among the examples (speed).
    MIN_QUERY_WEIGHT = 0.04
    #: Naive Bayes: additive smoothing, softmax temperature, and the weight of its
    #: probability (times the best blended score) added to each topic's score.
    NB_SMOOTHING = 0.02
    NB_TEMPERATURE = 1.0
    NB_WEIGHT = 0.8

    def __init__(
        self,
        examples: Sequence[tuple[str, Mapping[str, float]]],
        descriptions: Mapping[str, Sequence[tuple[Mapping[str, float], float]]],
    ) -> None:
        """``examples``: (topic, features) per example question; ``descriptions``: per topic,
        (features, weight) of longer texts (answers) that feed only the centroid."""
        n = len(examples)
        df: Counter[str] = Counter()
        for _, feats in examples:
            df.update(feats.keys())
        self.idf = {f: math.log((n + 1) / (c + 0.5)) for f, c in df.items()}
        # A word no example uses is rare evidence *against* every topic: it keeps its weight
        # in the query's norm, so "who won the football match" is not a perfect "match".
        self.unknown_idf = math.log((n + 1) / 0.5)
        self.skip = frozenset(f for f, c in df.items() if c > self.MAX_DF_SHARE * n)
        self.topics: list[str] = []
        self.example_topic: list[int] = []
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        topic_ids: dict[str, int] = {}
        sums: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        counts: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
        for i, (topic, feats) in enumerate(examples):
            tid = topic_ids.setdefault(topic, len(topic_ids))
            if tid == len(self.topics):
                self.topics.append(topic)
            self.example_topic.append(tid)
            vec = self.vector(feats)
            for f, w in vec.items():
                # Single characters only feed the centroids: in the example lists they would
                # be long (备, 案) and slow, and a neighbour needs pairs or words anyway.
                if not f.startswith("u:"):
                    self.postings[f].append((i, w))
                sums[tid][f] += w
                if not topic.startswith("_"):  # answerable topics only (see rank)
                    counts[f][tid] += w
        for topic, texts in descriptions.items():
            described = topic_ids.get(topic)
            if described is None:
                continue
            for feats, weight in texts:
                for f, w in self.vector(feats).items():
                    sums[described][f] += weight * w
        self._fit_bayes(counts)
        self.centroid_postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for tid, vec in sums.items():
            for f, w in _normalise(dict(vec)).items():
                self.centroid_postings[f].append((tid, w))

    def _fit_bayes(self, counts: Mapping[str, Mapping[int, float]]) -> None:
        """log P(feature | topic), kept sparse: per feature, the topics whose examples use it
        with their gain over an unseen feature; per topic, its normaliser."""
        alpha = self.NB_SMOOTHING
        mass: dict[int, float] = defaultdict(float)
        self.bayes_postings: dict[str, list[tuple[int, float]]] = {}
        for f, by_topic in counts.items():
            self.bayes_postings[f] = [(t, math.log((n + alpha) / alpha))
                                      for t, n in by_topic.items()]
            for t, n in by_topic.items():
                mass[t] += n
        vocabulary = len(counts)
        self.bayes_norm = {t: math.log(m + alpha * vocabulary) for t, m in mass.items()}

    def _bayes(self, query: Mapping[str, float]) -> dict[int, float]:
        """P(topic | question) by the naive Bayes model, per answerable topic id."""
        total = sum(query.values())
        logits = {t: -total * norm for t, norm in self.bayes_norm.items()}
        for f, qw in query.items():
            for t, gain in self.bayes_postings.get(f, ()):
                logits[t] += qw * gain
        top = max(logits.values())
        odds = {t: math.exp((v - top) / self.NB_TEMPERATURE) for t, v in logits.items()}
        whole = sum(odds.values())
        return {t: o / whole for t, o in odds.items()}

    def vector(self, feats: Mapping[str, float]) -> dict[str, float]:
        return _normalise(
            {f: log_tf(w) * self.idf[f] for f, w in feats.items() if f in self.idf and w > 0}
        )

    def open_vector(self, feats: Mapping[str, float]) -> dict[str, float]:
        """Like :meth:`vector`, keeping words no example uses (at the rarest weight): for
        comparing a question with answer texts, whose own words (经营异常名录) count."""
        return _normalise({
            f: log_tf(w) * self.idf.get(f, self.unknown_idf)
            for f, w in feats.items() if w > 0 and f not in self.skip
        })

    def query_vector(self, feats: Mapping[str, float]) -> dict[str, float]:
        """Like :meth:`vector`, but unknown features count in the norm (see unknown_idf)."""
        weights = {
            f: log_tf(w) * self.idf.get(f, self.unknown_idf)
            for f, w in feats.items() if w > 0 and f not in self.skip
        }
        return {f: w for f, w in _normalise(weights).items() if f in self.idf}

    def rank(self, feats: Mapping[str, float], boost: Mapping[str, float] | None = None
             ) -> list[Ranked]:
        """Topics by blended score, best first; ``boost`` multiplies chosen topics' scores."""
        query = self.query_vector(feats)
        if not query:
            return []
        example_scores: dict[int, float] = defaultdict(float)
        for f, qw in query.items():
            if qw < self.MIN_QUERY_WEIGHT:
                continue  # 备案 in a long question: hundreds of postings, no say in the ranking
            for i, w in self.postings.get(f, ()):
                example_scores[i] += qw * w
        neighbour: dict[int, float] = {}
        for i, s in example_scores.items():
            tid = self.example_topic[i]
            if s > neighbour.get(tid, 0.0):
                neighbour[tid] = s
        centroid: dict[int, float] = defaultdict(float)
        for f, qw in query.items():
            for tid, w in self.centroid_postings.get(f, ()):
                centroid[tid] += qw * w
        a = self.NEIGHBOUR_WEIGHT
        blended: dict[int, float] = {}
        for tid in set(neighbour) | set(centroid):
            score = a * neighbour.get(tid, 0.0) + (1 - a) * centroid.get(tid, 0.0)
            if boost and self.topics[tid] in boost:
                score *= boost[self.topics[tid]]
            blended[tid] = score
        if not blended:
            return []
        # The model only orders the answerable topics: its say is scaled to their best blended
        # score and measured from its favourite (p - max p), so no score exceeds the best
        # blended one and the out-of-scope and decline classes keep theirs — whether to answer
        # at all stays the neighbours' decision.
        chance = self._bayes(query)
        answerable = [s for tid, s in blended.items() if tid in chance]
        weight = self.NB_WEIGHT * max(answerable, default=0.0)
        favourite = max(chance.values())
        out = [Ranked(self.topics[tid], score + weight * (chance.get(tid, favourite) - favourite),
                      neighbour.get(tid, 0.0), centroid.get(tid, 0.0))
               for tid, score in blended.items()]
        out.sort(key=lambda r: (-r.score, r.topic))
        return out
