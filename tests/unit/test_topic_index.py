"""The topic retriever on a small hand-made index: what the naive Bayes part adds and what it
must not change (the thresholds downstream read its scores)."""

from __future__ import annotations

from knowledge.retrieval import OUT_OF_SCOPE, TopicIndex


def words(text: str) -> dict[str, float]:
    return {"e:" + w: 1.0 for w in text.split()}


# "first time" is the filing type's own vocabulary, but applicants also say it as context
# ("first time filing, do I need a landline?"); "landline" says which topic is asked.
EXAMPLES = [
    ("filing-types", words(text)) for text in (
        "first time filing or new access",
        "difference between first time filing and new website",
        "which type is my first time filing",
        "first time filing versus new access",
        "is this a first time filing",
        "first time applicant type",
        "first time filing company",
        "first time filing as a company do i need new access",
    )
] + [
    ("landline", words(text)) for text in (
        "do i need a landline",
        "office landline number required",
        "landline for a company",
    )
] + [
    (OUT_OF_SCOPE, words(text)) for text in (
        "weather tomorrow", "football results", "what time is it",
    )
]


def test_the_words_that_tell_topics_apart_outweigh_shared_context() -> None:
    index = TopicIndex(EXAMPLES, {})
    ranked = index.rank(words("first time filing as a company do i need a landline"))
    assert ranked[0].topic == "landline"


def test_the_model_never_lifts_a_score_above_the_best_blended_one() -> None:
    plain = TopicIndex(EXAMPLES, {})
    plain.NB_WEIGHT = 0.0  # the neighbours alone
    with_model = TopicIndex(EXAMPLES, {})
    for question in ("first time filing company do i need a landline number",
                     "landline", "football results", "first time filing type"):
        ranked = plain.rank(words(question))
        assert ranked
        best_plain = ranked[0].score
        assert all(r.score <= best_plain + 1e-12 for r in with_model.rank(words(question)))


def test_the_out_of_scope_class_keeps_its_neighbour_score() -> None:
    plain = TopicIndex(EXAMPLES, {})
    plain.NB_WEIGHT = 0.0
    with_model = TopicIndex(EXAMPLES, {})
    question = words("football results tomorrow landline")
    outside = {r.topic: r.score for r in plain.rank(question)}[OUT_OF_SCOPE]
    assert {r.topic: r.score for r in with_model.rank(question)}[OUT_OF_SCOPE] == outside
