"""Whether a question asks for help deceiving: a two-class naive Bayes model.

The decline rules (``declines.py``) catch the wordings someone thought of; a new writer's
"could we list an office in a province where we have none?" slips between them. This model
weighs every word and character pair of a question by how much more often it appears in the
requests to decline (the ``_decline:*`` example classes of ``_paraphrases.json``) than in the
reviewed questions of the filing topics and the legitimate look-alikes, and says how much
likelier the question is a request to deceive. Measured on requests it was not built from
(``tests/unit/test_knowledge_declines.py``) and on the tuning sets' legitimate questions; see
README "Knowledge base".

Deterministic, built with the topic index from the same data in a few milliseconds.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping


class IntentModel:
    """Log-odds that a question (a TF-IDF vector) is a request to deceive."""

    #: Additive smoothing of the per-class feature frequencies.
    SMOOTHING = 0.1

    def __init__(
        self,
        requests: Iterable[Mapping[str, float]],
        legitimate: Iterable[Mapping[str, float]],
    ) -> None:
        mass: list[dict[str, float]] = [defaultdict(float), defaultdict(float)]
        for label, vectors in ((1, requests), (0, legitimate)):
            for vector in vectors:
                for f, w in vector.items():
                    mass[label][f] += w
        vocabulary = len(mass[0].keys() | mass[1].keys())
        alpha = self.SMOOTHING
        totals = [sum(m.values()) + alpha * vocabulary for m in mass]
        # Per feature, log P(f | request) - log P(f | legitimate); an unseen feature says
        # only the classes' size difference, kept as the default.
        self._unseen = math.log(alpha / totals[1]) - math.log(alpha / totals[0])
        self._weights = {
            f: math.log((mass[1].get(f, 0.0) + alpha) / totals[1])
            - math.log((mass[0].get(f, 0.0) + alpha) / totals[0])
            for f in mass[0].keys() | mass[1].keys()
        }

    def log_odds(self, vector: Mapping[str, float]) -> float:
        return sum(w * self._weights.get(f, self._unseen) for f, w in vector.items())
