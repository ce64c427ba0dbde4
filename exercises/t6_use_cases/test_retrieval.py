"""Visible tests for retrieval.py: chunk_text and BM25Index (tasks 1 and 2).

Run them with ``pytest exercises/t6_use_cases/test_retrieval.py`` (or ``llm-grader check 6``).
"""

import math

import pytest

from grader.core import feedback, target

retrieval = target.module("t6_use_cases.retrieval")
data = target.module("t6_use_cases.data")

TINY_DOCS = [
    "The Lumo Lamp blinks orange after a reset.",
    "Reset the hub: press the pinhole button for 10 seconds.",
    "The Aero purifier filter lasts 12 months; the filter light turns red.",
    "",
    "Lamp lamp lamp: the lamp that is all about the lamp.",
]


def bm25s_scores(docs, query, k1=1.5, b=0.75):
    """Scores of every document from the bm25s library (Lucene variant), same tokens."""
    import bm25s

    tokenize = retrieval.tokenize
    index = bm25s.BM25(method="lucene", k1=k1, b=b, dtype="float64")
    index.index([tokenize(d) for d in docs], show_progress=False)
    ids = index.get_tokens_ids(tokenize(query))
    if not ids:
        return [0.0] * len(docs)
    return [float(s) for s in index.get_scores_from_ids(ids)]


def scores_without_the_idf_plus_one(docs, query, k1=1.5, b=0.75):
    """{doc: score} of BM25 with the common idf mistake ln(x) instead of ln(1 + x),
    x = (N - df + 0.5) / (df + 0.5): each token's bm25s score rescaled by ln(x) / ln(1 + x)."""
    import bm25s

    tokenize = retrieval.tokenize
    index = bm25s.BM25(method="lucene", k1=k1, b=b, dtype="float64")
    index.index([tokenize(d) for d in docs], show_progress=False)
    holders = [set(tokenize(d)) for d in docs]
    scores = {}
    for token in tokenize(query):
        ids = index.get_tokens_ids([token])
        if not ids:
            continue
        df = sum(token in h for h in holders)
        x = (len(docs) - df + 0.5) / (df + 0.5)
        part = index.get_scores_from_ids(ids)
        for i, h in enumerate(holders):
            if token in h:
                scores[i] = scores.get(i, 0.0) + float(part[i]) * math.log(x) / math.log1p(x)
    return scores


def _same(got: dict, want: dict) -> bool:
    return sorted(got) == sorted(want) and all(
        math.isclose(got[i], want[i], rel_tol=1e-9, abs_tol=1e-12) for i in want)


def _diagnose_the_idf(got, docs, query, k1=1.5, b=0.75):
    """The most specific diagnosis first: are these BM25 scores without the '1 +' of the idf?"""
    try:
        got_dict = {int(i): float(s) for i, s in got}
    except (TypeError, ValueError):
        return
    wrong = scores_without_the_idf_plus_one(docs, query, k1, b)
    positive = {i: s for i, s in wrong.items() if s > 0}
    if _same(got_dict, wrong) or _same(got_dict, positive):
        feedback.fail(f"search({query!r}) gives BM25 with idf = ln((N - df + 0.5) / (df + 0.5)): "
                      "the idf misses the '1 +' inside the log",
                      "idf = ln(1 + (N - df + 0.5) / (df + 0.5))",
                      "idf = ln((N - df + 0.5) / (df + 0.5))",
                      hint="without the '1 +' a token in half the documents or more gets an idf "
                           "<= 0, so its documents score <= 0 (or drop out of the results)")


def _expect_scores_like_bm25s(index, docs, query, k1=1.5, b=0.75, hint=None):
    expected = bm25s_scores(docs, query, k1, b)
    got = index.search(query, len(docs))
    if not isinstance(got, list) or not all(isinstance(r, tuple) and len(r) == 2 for r in got):
        feedback.fail(f"search({query!r}) must return a list of (doc index, score) tuples",
                      "[(0, 1.23), ...]", got)
    want = {i: s for i, s in enumerate(expected) if s > 0}
    got_dict = dict(got)
    if not _same(got_dict, want):
        _diagnose_the_idf(got, docs, query, k1, b)
    feedback.expect_equal(
        sorted(got_dict), sorted(want),
        f"documents with a positive score for {query!r} (k1={k1}, b={b})",
        hint="return every document that shares a token with the query (and only those)",
    )
    for i in want:
        feedback.expect_close(
            got_dict[i], want[i], f"score of document {i} for {query!r} (k1={k1}, b={b}), "
            "compared with the bm25s library", hint=hint, atol=1e-9, rtol=1e-9,
        )


# ---------------------------------------------------------------- chunk_text (task 1)


@pytest.mark.points(1)
def test_chunk_text_example():
    """chunk_text("a b c d e f g", 3, 1) gives three chunks that share one word"""
    feedback.expect_equal(
        retrieval.chunk_text("a b c d e f g", 3, 1), ["a b c", "c d e", "e f g"],
        'chunk_text("a b c d e f g", max_words=3, overlap=1)',
        hint="each chunk starts max_words - overlap words after the previous one",
    )
    feedback.expect_equal(
        retrieval.chunk_text("a b c d e f g", 3, 0), ["a b c", "d e f", "g"],
        'chunk_text("a b c d e f g", max_words=3, overlap=0)',
        hint="without overlap chunks follow each other; the last one may be shorter",
    )


@pytest.mark.points(1)
def test_chunk_text_stops_at_the_last_word():
    """chunk_text stops after the chunk that reaches the last word; short text is one chunk"""
    feedback.expect_equal(
        retrieval.chunk_text("a b c d e", 3, 1), ["a b c", "c d e"],
        'chunk_text("a b c d e", 3, 1)',
        hint='"c d e" already reaches the last word: a third chunk "e" would lie entirely '
             "inside it, so stop",
    )
    feedback.expect_equal(retrieval.chunk_text("one two", 5, 2), ["one two"],
                          'chunk_text("one two", 5, 2): text shorter than a chunk')
    feedback.expect_equal(retrieval.chunk_text("  \n ", 5, 2), [],
                          "chunk_text of text without words")


@pytest.mark.points(1)
def test_chunk_text_words_and_errors():
    """chunk_text splits on any whitespace and rejects impossible settings"""
    feedback.expect_equal(
        retrieval.chunk_text("Reset  the\nhub,\tthen   wait.", 2, 0),
        ["Reset the", "hub, then", "wait."],
        "chunk_text of text with double spaces, a newline and a tab, max_words=2",
        hint="use text.split() (no argument): it splits on any run of whitespace",
    )
    for max_words, overlap in [(3, 3), (3, -1), (0, 0)]:
        with pytest.raises(ValueError):
            retrieval.chunk_text("a b c d", max_words, overlap)
            feedback.fail(f"chunk_text(..., max_words={max_words}, overlap={overlap}) "
                          "must raise ValueError", "ValueError", "no error",
                          hint="check 0 <= overlap < max_words and max_words >= 1 first")


# ---------------------------------------------------------------- BM25Index (task 2)


@pytest.mark.points(2)
def test_bm25_scores_match_bm25s_on_tiny_docs():
    """BM25Index.search scores equal the bm25s library (Lucene BM25) on a tiny corpus"""
    index = retrieval.BM25Index(TINY_DOCS)
    for query in ["reset the lamp", "filter", "lamp", "orange zebra"]:
        _expect_scores_like_bm25s(
            index, TINY_DOCS, query,
            hint="idf = ln(1 + (N - df + 0.5) / (df + 0.5)) and "
                 "tf / (tf + k1 * (1 - b + b * len / avgdl)) for each query token",
        )


@pytest.mark.points(1)
def test_bm25_search_ranks_best_first():
    """search returns at most k (index, score) pairs, best first, positive scores only"""
    index = retrieval.BM25Index(TINY_DOCS)
    got = index.search("reset the lamp", 2)
    expected = sorted(((i, s) for i, s in enumerate(bm25s_scores(TINY_DOCS, "reset the lamp"))
                       if s > 0), key=lambda r: -r[1])[:2]
    if [i for i, _ in got] != [i for i, _ in expected]:  # wrong scores before wrong order
        _diagnose_the_idf(index.search("reset the lamp", len(TINY_DOCS)), TINY_DOCS,
                          "reset the lamp")
    feedback.expect_equal([i for i, _ in got], [i for i, _ in expected],
                          'document indices of search("reset the lamp", k=2)',
                          hint="sort by score, highest first, and keep the first k")
    feedback.expect_equal(index.search("zebra", 3), [],
                          'search("zebra", 3): no document contains "zebra"',
                          hint="only return documents with a positive score")


@pytest.mark.points(1)
def test_bm25_on_the_knowledge_base():
    """On the Kestrel knowledge base the scores equal bm25s and recall@5 is at least 0.80"""
    docs = [data.document_text(d) for d in data.load_knowledge_base()]
    index = retrieval.BM25Index(docs)
    _expect_scores_like_bm25s(index, docs, "How do I reset the Kestrel Hub?")
    questions = [q for q in data.load_questions("visible") if q["gold_docs"]]
    recalls = []
    for q in questions:
        top = {i for i, _ in index.search(q["question"], 5)}
        recalls.append(len(top & set(q["gold_docs"])) / len(q["gold_docs"]))
    recall = sum(recalls) / len(recalls)
    feedback.expect(
        recall >= 0.80,
        f"mean recall@5 of BM25Index over the {len(questions)} answerable visible questions",
        hint="the reference reaches 0.88; check tokenisation and the ranking order",
        expected=">= 0.80", got=round(recall, 3),
    )
