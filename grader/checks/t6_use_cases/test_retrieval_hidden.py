"""Hidden checks for retrieval.py: chunking properties, BM25 against bm25s, recall on held-out questions."""

import random

import pytest

from grader import feedback, target

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
@pytest.mark.parametrize("n_words, max_words, overlap", [
    (1, 1, 0), (10, 1, 0), (10, 10, 9), (11, 10, 9), (37, 8, 3), (40, 8, 3), (41, 8, 3),
    (100, 7, 6), (5, 2, 1), (64, 16, 0),
])
def test_chunk_text_properties(n_words, max_words, overlap):
    """chunks start every max_words - overlap words, cover the text in order, and stop at its end"""
    words = _words(n_words, n_words * 31 + max_words)
    text = "  ".join(words[: n_words // 2]) + "\n" + "\t".join(words[n_words // 2:])
    got = retrieval.chunk_text(text, max_words, overlap)
    step = max_words - overlap
    expected = []
    for start in range(0, n_words, step):
        expected.append(" ".join(words[start:start + max_words]))
        if start + max_words >= n_words:
            break
    what = f"chunk_text of {n_words} words with max_words={max_words}, overlap={overlap}"
    feedback.expect_equal(len(got), len(expected), f"{what}: number of chunks",
                          hint="start a chunk every max_words - overlap words and stop after "
                               "the first chunk that contains the last word")
    for i, (g, e) in enumerate(zip(got, expected)):
        feedback.expect_equal(g, e, f"{what}: chunk {i}",
                              hint="join a chunk's words with single spaces; neighbours share "
                                   "exactly `overlap` words")


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


def _compare(docs, queries, k1, b, hint):
    oracle = _bm25s(docs, k1, b)
    mine = retrieval.BM25Index(docs, k1=k1, b=b)
    for query in queries:
        expected = _bm25s_scores(oracle, len(docs), query)
        got = mine.search(query, len(docs))
        got_dict = dict(got)
        want = {i: s for i, s in enumerate(expected) if s > 0}
        feedback.expect_equal(sorted(got_dict), sorted(want),
                              f"documents returned for {query!r} (k1={k1}, b={b})",
                              hint="every document sharing a query token, no others")
        worst = max(want, key=lambda i: abs(got_dict[i] - want[i]), default=None)
        if worst is not None and abs(got_dict[worst] - want[worst]) > 1e-9 * max(1, want[worst]):
            feedback.fail(f"BM25 score of document {worst} for {query!r} (k1={k1}, b={b}) "
                          "differs from the bm25s library", round(want[worst], 6),
                          round(got_dict[worst], 6), hint)


def _kb_docs():
    return [data.document_text(d) for d in data.load_knowledge_base()]


KB_QUERIES = [
    "How do I reset the lamp?", "warranty warranty years", "the", "E3 error purifier filter",
    "Can I pay with Klarna in the Netherlands?", "zebra crossing", "a an the of to",
    "lumo lamp 2 lumens lumens lumens", "what is the return policy for opened products",
]


@pytest.mark.points(2)
@pytest.mark.parametrize("k1, b", [(1.5, 0.75), (1.2, 0.75), (0.9, 0.4), (2.0, 1.0)])
def test_bm25_matches_bm25s_on_the_knowledge_base(k1, b):
    """BM25Index scores equal bm25s (Lucene BM25) on the knowledge base for several k1, b"""
    _compare(_kb_docs(), KB_QUERIES, k1, b,
             "score = sum over query tokens of idf * tf / (tf + k1 * (1 - b + b * |d| / avgdl)); "
             "check k1 and b are used as given")


@pytest.mark.points(2)
def test_bm25_idf_of_common_words_stays_positive():
    """a token in most documents still adds a small positive score (Lucene idf keeps the +1)"""
    docs = ["the lamp", "the hub", "the lock", "the filter", "lamp hub"]
    _compare(docs, ["the", "the lamp", "lamp lamp"], 1.5, 0.75,
             "idf = ln(1 + (N - df + 0.5) / (df + 0.5)): without the '1 +' a token in more "
             "than half the documents gets a negative idf")


@pytest.mark.points(1)
def test_bm25_term_frequency_and_length():
    """repeated tokens saturate (k1) and long documents are penalised (b), like bm25s"""
    docs = ["reset", "reset reset reset reset", "reset " + "word " * 30,
            "reset reset other words here", "nothing relevant"]
    for k1, b in [(1.5, 0.75), (1.5, 0.0), (0.5, 1.0)]:
        _compare(docs, ["reset", "reset words"], k1, b,
                 "tf(t, d) counts the token in the document; |d| is the document's number of "
                 "tokens and avgdl their mean over ALL documents")


@pytest.mark.points(1)
def test_bm25_document_frequency_counts_documents():
    """df counts documents containing the token, not occurrences"""
    docs = ["filter filter filter filter filter", "filter lamp", "lamp hub", "hub code",
            "code lamp", "warranty"]
    _compare(docs, ["filter", "filter warranty"], 1.5, 0.75,
             "df(t) = the number of DOCUMENTS that contain t (a document counts once)")


@pytest.mark.points(1)
def test_bm25_repeated_query_tokens_count_twice():
    """a token repeated in the query adds its score again (as in bm25s and Lucene)"""
    docs = ["lamp reset", "lamp hub", "filter", "hub reset code"]
    mine = retrieval.BM25Index(docs)
    once = dict(mine.search("reset", 4))
    twice = dict(mine.search("reset reset", 4))
    for i in once:
        feedback.expect_close(twice.get(i, 0.0), 2 * once[i],
                              f"score of document {i} for 'reset reset' vs 'reset'",
                              hint="sum over the query's tokens as a list, not over set(tokens)")


@pytest.mark.points(1)
def test_bm25_search_order_and_types():
    """ties go to the smaller document index; k limits the list; results are (int, float)"""
    docs = ["hub code", "lamp", "hub code", "lamp", "hub code", "filter"]
    mine = retrieval.BM25Index(docs)
    got = mine.search("hub code lamp", 10)
    feedback.expect_equal([i for i, _ in got], [1, 3, 0, 2, 4],
                          "document order for 'hub code lamp' (two groups of equal scores)",
                          hint="sort by (-score, index): equal scores in document order")
    feedback.expect_equal([i for i, _ in mine.search("hub code lamp", 3)], [1, 3, 0],
                          "search(..., k=3) keeps the three best")
    feedback.expect(all(type(i) is int and isinstance(s, float) for i, s in got),
                    "search returns (int, float) pairs", expected="(int, float)",
                    got=[(type(i).__name__, type(s).__name__) for i, s in got[:1]])
    feedback.expect_equal(mine.search("hub", 0), [], "search(..., k=0)")


@pytest.mark.points(2)
@pytest.mark.timeout(60)
def test_recall_on_held_out_questions():
    """recall@5 and MRR of your BM25Index on the held-out questions reach the reference's level"""
    index = retrieval.BM25Index(_kb_docs())
    questions = data.load_questions("hidden")
    report = ref_evaluate.evaluate_retrieval(index, questions, 5)
    feedback.expect(report["recall_at_k"] >= HIDDEN_RECALL_AT_5,
                    f"recall@5 on the {report['n_answerable']} answerable held-out questions",
                    hint="the reference BM25 reaches 0.864; compare your scores with bm25s",
                    expected=f">= {HIDDEN_RECALL_AT_5}", got=round(report["recall_at_k"], 3))
    feedback.expect(report["mrr"] >= HIDDEN_MRR, "MRR@5 on the held-out questions",
                    hint="the reference reaches 0.706: return the results best first",
                    expected=f">= {HIDDEN_MRR}", got=round(report["mrr"], 3))
