"""Hidden checks for retrieval.py: chunking properties, BM25 against bm25s, recall on held-out questions."""

import math
import random
from collections import Counter

import pytest

from grader.core import feedback, target

retrieval = target.module("t6_use_cases.retrieval")
data = target.module("t6_use_cases.data")
ref_evaluate = target.oracle("t6_use_cases.evaluate")

# The reference BM25Index reaches recall@5 = 0.864 and MRR = 0.706 on the 44 answerable
# hidden questions; the thresholds leave a margin for harmless differences.
HIDDEN_RECALL_AT_5 = 0.80
HIDDEN_MRR = 0.65


def _words(n, seed):
    rng = random.Random(seed)
    vocab = ["lamp", "hub", "reset", "filter", "the", "a", "warranty", "code", "E3", "30"]
    return [rng.choice(vocab) + str(i) for i in range(n)]


# ---------------------------------------------------------------- chunk_text (task 1)


@pytest.mark.points(2)
@pytest.mark.parametrize(
    "n_words, max_words, overlap",
    [
        (1, 1, 0),
        (10, 1, 0),
        (10, 10, 9),
        (11, 10, 9),
        (37, 8, 3),
        (40, 8, 3),
        (41, 8, 3),
        (100, 7, 6),
        (5, 2, 1),
        (64, 16, 0),
    ],
)
def test_chunk_text_properties(n_words, max_words, overlap):
    """chunks start every max_words - overlap words, cover the text in order, and stop at its end"""
    words = _words(n_words, n_words * 31 + max_words)
    text = "  ".join(words[: n_words // 2]) + "\n" + "\t".join(words[n_words // 2 :])
    got = retrieval.chunk_text(text, max_words, overlap)
    step = max_words - overlap
    expected = []
    for start in range(0, n_words, step):
        expected.append(" ".join(words[start : start + max_words]))
        if start + max_words >= n_words:
            break
    what = f"chunk_text of {n_words} words with max_words={max_words}, overlap={overlap}"
    feedback.expect_equal(
        len(got),
        len(expected),
        f"{what}: number of chunks",
        hint="start a chunk every max_words - overlap words and stop after "
        "the first chunk that contains the last word",
    )
    for i, (g, e) in enumerate(zip(got, expected)):
        feedback.expect_equal(
            g,
            e,
            f"{what}: chunk {i}",
            hint="join a chunk's words with single spaces; neighbours share "
            "exactly `overlap` words",
        )


# ---------------------------------------------------------------- BM25 vs bm25s (task 2)


def _bm25s(docs, k1, b):
    import bm25s

    index = bm25s.BM25(method="lucene", k1=k1, b=b, dtype="float64")
    index.index([retrieval.tokenize(d) for d in docs], show_progress=False)
    return index


def _bm25s_scores(index, n_docs, query):
    ids = index.get_tokens_ids(retrieval.tokenize(query))
    if not ids:
        return [0.0] * n_docs
    return [float(s) for s in index.get_scores_from_ids(ids)]


# Known BM25 mistakes, each with what the learner should read. A check first asks whether
# the learner's results are exactly those of one of these (the most specific diagnosis), and
# only then reports the generic difference (which documents came back, which score differs).
MISTAKES = {  # name: (what the scores show, the fix)
    "idf_without_plus_one": (
        (
            "the idf misses the '1 +' inside the log: your scores are BM25 with idf = ln((N - "
            "df + 0.5) / (df + 0.5))"
        ),
        (
            "idf = ln(1 + (N - df + 0.5) / (df + 0.5)) (Lucene); without the '1 +' a token in "
            "half the documents or more gets an idf of zero or below, so its documents score <= "
            "0 (negative scores, or documents dropped from the results)"
        ),
    ),
    "df_counts_occurrences": (
        "the idf uses the token's number of occurrences as df",
        (
            "df(t) = the number of DOCUMENTS that contain t (a document counts once, however "
            "often t occurs in it)"
        ),
    ),
    "length_in_distinct_tokens": (
        "|d| is the number of distinct tokens",
        "|d| = len(tokenize(doc)), every token counted, and avgdl their mean",
    ),
    "ignores_length": (
        "the length normalisation (b) is missing: your scores are tf / (tf + k1)",
        "tf / (tf + k1 * (1 - b + b * |d| / avgdl))",
    ),
    "k1_and_b_swapped": (
        "k1 and b are swapped in the length normalisation",
        "k1 * (1 - b + b * |d| / avgdl): k1 outside, b inside",
    ),
    "classic_k1_plus_one": (
        "the numerator has the classic (k1 + 1) factor, which Lucene and bm25s leave out",
        "idf * tf / (tf + k1 * (1 - b + b * |d| / avgdl)), no (k1 + 1)",
    ),
    "query_as_set": (
        "a token repeated in the query counts once (set of the query tokens)",
        "sum over tokenize(query) as a list: a repeated token adds its score again",
    ),
}


def _mistaken_scores(docs, query, k1, b, mistake):
    """{doc index: score} of every document sharing a query token, under BM25 with ``mistake``
    (None: the correct Lucene BM25, which equals bm25s)."""
    doc_tokens = [retrieval.tokenize(d) for d in docs]
    n = len(docs)
    lengths = [
        len(set(t)) if mistake == "length_in_distinct_tokens" else len(t) for t in doc_tokens
    ]
    avgdl = sum(lengths) / n
    counts = [Counter(t) for t in doc_tokens]
    query_tokens = retrieval.tokenize(query)
    if mistake == "query_as_set":
        query_tokens = list(dict.fromkeys(query_tokens))
    scores = {}
    for token in query_tokens:
        holders = [i for i in range(n) if counts[i][token]]
        if not holders:
            continue
        df = (
            sum(counts[i][token] for i in holders)
            if mistake == "df_counts_occurrences"
            else len(holders)
        )
        inner = (n - df + 0.5) / (df + 0.5)
        if mistake == "idf_without_plus_one":
            idf = math.log(inner) if inner > 0 else -math.inf
        else:
            idf = math.log(1 + inner) if inner > -1 else -math.inf
        for i in holders:
            tf = counts[i][token]
            if mistake == "ignores_length":
                norm = k1
            elif mistake == "k1_and_b_swapped":
                norm = b * (1 - k1 + k1 * lengths[i] / avgdl)
            else:
                norm = k1 * (1 - b + b * lengths[i] / avgdl)
            factor = (k1 + 1) if mistake == "classic_k1_plus_one" else 1.0
            scores[i] = scores.get(i, 0.0) + idf * tf * factor / (tf + norm)
    return scores


def _same_scores(got: dict, want: dict) -> bool:
    return sorted(got) == sorted(want) and all(
        math.isclose(got[i], want[i], rel_tol=1e-9, abs_tol=1e-12) for i in want
    )


def _diagnose(docs, query, k1, b, got):
    """Fail with the specific message when ``got`` (search results) is one known mistake."""
    try:
        got_dict = {int(i): float(s) for i, s in got}
    except (TypeError, ValueError):
        return
    correct = _mistaken_scores(docs, query, k1, b, None)
    for mistake, (what, hint) in MISTAKES.items():
        wrong = _mistaken_scores(docs, query, k1, b, mistake)
        if _same_scores(wrong, correct):
            continue  # this query cannot tell the mistake apart
        positive = {i: s for i, s in wrong.items() if s > 0}
        if _same_scores(got_dict, wrong) or _same_scores(got_dict, positive):
            worst = max(correct, key=lambda i: abs(correct[i] - wrong.get(i, 0.0)))
            feedback.fail(
                f"BM25 for {query!r} (k1={k1}, b={b}): {what}",
                f"document {worst} scores {correct[worst]:.6f}",
                f"{got_dict[worst]:.6f}" if worst in got_dict else f"document {worst} missing",
                hint,
            )


def _compare(docs, queries, k1, b, hint):
    oracle = _bm25s(docs, k1, b)
    mine = retrieval.BM25Index(docs, k1=k1, b=b)
    for query in queries:
        expected = _bm25s_scores(oracle, len(docs), query)
        got = mine.search(query, len(docs))
        got_dict = dict(got)
        want = {i: s for i, s in enumerate(expected) if s > 0}
        if not _same_scores(got_dict, want):
            _diagnose(docs, query, k1, b, got)  # the most specific diagnosis first
        feedback.expect_equal(
            sorted(got_dict),
            sorted(want),
            f"documents returned for {query!r} (k1={k1}, b={b})",
            hint="every document sharing a query token, no others",
        )
        worst = max(want, key=lambda i: abs(got_dict[i] - want[i]), default=None)
        if worst is not None and abs(got_dict[worst] - want[worst]) > 1e-9 * max(1, want[worst]):
            feedback.fail(
                f"BM25 score of document {worst} for {query!r} (k1={k1}, b={b}) "
                "differs from the bm25s library",
                round(want[worst], 6),
                round(got_dict[worst], 6),
                hint,
            )


def _kb_docs():
    return [data.document_text(d) for d in data.load_knowledge_base()]


KB_QUERIES = [
    "How do I reset the lamp?",
    "warranty warranty years",
    "the",
    "E3 error purifier filter",
    "Can I pay with Klarna in the Netherlands?",
    "zebra crossing",
    "a an the of to",
    "lumo lamp 2 lumens lumens lumens",
    "what is the return policy for opened products",
]


@pytest.mark.points(2)
@pytest.mark.parametrize("k1, b", [(1.5, 0.75), (1.2, 0.75), (0.9, 0.4), (2.0, 1.0)])
def test_bm25_matches_bm25s_on_the_knowledge_base(k1, b):
    """BM25Index scores equal bm25s (Lucene BM25) on the knowledge base for several k1, b"""
    _compare(
        _kb_docs(),
        KB_QUERIES,
        k1,
        b,
        "score = sum over query tokens of idf * tf / (tf + k1 * (1 - b + b * |d| / avgdl)); "
        "check k1 and b are used as given",
    )


@pytest.mark.points(2)
def test_bm25_idf_of_common_words_stays_positive():
    """a token in most documents still adds a small positive score (Lucene idf keeps the +1)"""
    docs = ["the lamp", "the hub", "the lock", "the filter", "lamp hub"]
    _compare(
        docs,
        ["the", "the lamp", "lamp lamp"],
        1.5,
        0.75,
        "idf = ln(1 + (N - df + 0.5) / (df + 0.5)): without the '1 +' a token in more "
        "than half the documents gets a negative idf",
    )


@pytest.mark.points(1)
def test_bm25_term_frequency_and_length():
    """repeated tokens saturate (k1) and long documents are penalised (b), like bm25s"""
    docs = [
        "reset",
        "reset reset reset reset",
        "reset " + "word " * 30,
        "reset reset other words here",
        "nothing relevant",
    ]
    for k1, b in [(1.5, 0.75), (1.5, 0.0), (0.5, 1.0)]:
        _compare(
            docs,
            ["reset", "reset words"],
            k1,
            b,
            "tf(t, d) counts the token in the document; |d| is the document's number of "
            "tokens and avgdl their mean over ALL documents",
        )


@pytest.mark.points(1)
def test_bm25_document_frequency_counts_documents():
    """df counts documents containing the token, not occurrences"""
    docs = [
        "filter filter filter filter filter",
        "filter lamp",
        "lamp hub",
        "hub code",
        "code lamp",
        "warranty",
    ]
    _compare(
        docs,
        ["filter", "filter warranty"],
        1.5,
        0.75,
        "df(t) = the number of DOCUMENTS that contain t (a document counts once)",
    )


@pytest.mark.points(1)
def test_bm25_repeated_query_tokens_count_twice():
    """a token repeated in the query adds its score again (as in bm25s and Lucene)"""
    docs = ["lamp reset", "lamp hub", "filter", "hub reset code"]
    mine = retrieval.BM25Index(docs)
    once = dict(mine.search("reset", 4))
    twice = dict(mine.search("reset reset", 4))
    for i in once:
        feedback.expect_close(
            twice.get(i, 0.0),
            2 * once[i],
            f"score of document {i} for 'reset reset' vs 'reset'",
            hint="sum over the query's tokens as a list, not over set(tokens)",
        )


@pytest.mark.points(1)
def test_bm25_search_order_and_types():
    """ties go to the smaller document index; k limits the list; results are (int, float)"""
    docs = ["hub code", "lamp", "hub code", "lamp", "hub code", "filter"]
    mine = retrieval.BM25Index(docs)
    got = mine.search("hub code lamp", 10)
    if [i for i, _ in got] != [1, 3, 0, 2, 4]:
        _diagnose(docs, "hub code lamp", 1.5, 0.75, got)  # wrong scores before wrong order
    feedback.expect_equal(
        [i for i, _ in got],
        [1, 3, 0, 2, 4],
        "document order for 'hub code lamp' (two groups of equal scores)",
        hint="sort by (-score, index): equal scores in document order",
    )
    feedback.expect_equal(
        [i for i, _ in mine.search("hub code lamp", 3)],
        [1, 3, 0],
        "search(..., k=3) keeps the three best",
    )
    feedback.expect(
        all(type(i) is int and isinstance(s, float) for i, s in got),
        "search returns (int, float) pairs",
        expected="(int, float)",
        got=[(type(i).__name__, type(s).__name__) for i, s in got[:1]],
    )
    feedback.expect_equal(mine.search("hub", 0), [], "search(..., k=0)")


@pytest.mark.points(2)
@pytest.mark.timeout(60)
def test_recall_on_held_out_questions():
    """recall@5 and MRR of your BM25Index on the held-out questions reach the reference's level"""
    index = retrieval.BM25Index(_kb_docs())
    questions = data.load_questions("hidden")
    report = ref_evaluate.evaluate_retrieval(index, questions, 5)
    feedback.expect(
        report["recall_at_k"] >= HIDDEN_RECALL_AT_5,
        f"recall@5 on the {report['n_answerable']} answerable held-out questions",
        hint="the reference BM25 reaches 0.864; compare your scores with bm25s",
        expected=f">= {HIDDEN_RECALL_AT_5}",
        got=round(report["recall_at_k"], 3),
    )
    feedback.expect(
        report["mrr"] >= HIDDEN_MRR,
        "MRR@5 on the held-out questions",
        hint="the reference reaches 0.706: return the results best first",
        expected=f">= {HIDDEN_MRR}",
        got=round(report["mrr"], 3),
    )
