"""BM25 speed: the reference `BM25Index` (pure Python) vs the `bm25s` library (NumPy), same tokens.

    python bench/t6_use_cases.py

Corpus: the Shakespeare plays cut by the reference `chunk_text` into chunks of 100 words with
an overlap of 20 (about 11,000 chunks), plus the 67 documents of the Kestrel knowledge base;
queries: 100 seeded 8-word spans of the plays and the 148 knowledge-base questions. Both sides
tokenize with the topic's `tokenize` inside the timed region, use the Lucene variant with
k1 = 1.5, b = 0.75, and return the top 5. The table reports seconds and the ratio reference
over bm25s, measured in the same run, so the ratio travels between machines. The top-5 lists
are compared as a sanity check (they must agree up to ties).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grader.core import corpus, target  # noqa: E402  (importing grader sets the offline env)

TOP_K = 5
N_SPANS = 100


def _timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def _workloads():
    retrieval = target.oracle("t6_use_cases.retrieval")
    data = target.oracle("t6_use_cases.data")
    text = corpus.shakespeare()
    chunks = retrieval.chunk_text(text, 100, 20)
    words = text.split()
    rng = random.Random(0)
    spans = []
    for _ in range(N_SPANS):
        start = rng.randrange(len(words) - 8)
        spans.append(" ".join(words[start : start + 8]))
    kb = [data.document_text(d) for d in data.load_knowledge_base()]
    questions = [q["question"] for q in data.load_questions(None)]
    return [
        ("Shakespeare, 100-word chunks", chunks, spans),
        ("Kestrel knowledge base", kb, questions),
    ]


def _bm25s_run(docs, queries, tokenize):
    import bm25s

    def build():
        index = bm25s.BM25(method="lucene", k1=1.5, b=0.75)
        index.index([tokenize(d) for d in docs], show_progress=False)
        return index

    build_s, index = _timed(build)

    def query():
        out = []
        for q in queries:
            ids = index.get_tokens_ids(tokenize(q))
            if not ids:
                out.append([])
                continue
            scores = index.get_scores_from_ids(ids)
            top = (-scores).argsort(kind="stable")[:TOP_K]
            out.append([int(i) for i in top if scores[i] > 0])
        return out

    query_s, results = _timed(query)
    return build_s, query_s, results


def run() -> list[dict]:
    retrieval = target.oracle("t6_use_cases.retrieval")
    import bm25s  # noqa: F401  (import outside the timed regions)

    rows = []
    for name, docs, queries in _workloads():
        ref_build_s, index = _timed(lambda: retrieval.BM25Index(docs))
        ref_query_s, ref_results = _timed(
            lambda: [[i for i, _ in index.search(q, TOP_K)] for q in queries]
        )
        lib_build_s, lib_query_s, lib_results = _bm25s_run(docs, queries, retrieval.tokenize)
        agree = sum(set(a) == set(b) for a, b in zip(ref_results, lib_results)) / len(queries)
        rows.append(
            {
                "name": name,
                "docs": len(docs),
                "queries": len(queries),
                "ref_build_s": ref_build_s,
                "lib_build_s": lib_build_s,
                "ref_query_s": ref_query_s,
                "lib_query_s": lib_query_s,
                "agree": agree,
            }
        )
    return rows


def markdown() -> str:
    """This benchmark's section of bench/RESULTS.md."""
    lines = [
        "## t6: BM25, reference `BM25Index` (pure Python) vs `bm25s` (NumPy sparse matrices)",
        "",
        "Lucene BM25 (k1 = 1.5, b = 0.75), same `tokenize`, top 5 per query, same run; ratio = "
        "reference / bm25s (above 1: the reference is slower).",
        "",
        "| corpus | docs | queries | build ref | build bm25s | ratio | queries ref | "
        "queries bm25s | ratio | same top-5 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in run():
        lines.append(
            f"| {r['name']} | {r['docs']:,} | {r['queries']} | {r['ref_build_s']:.3f} s | "
            f"{r['lib_build_s']:.3f} s | {r['ref_build_s'] / r['lib_build_s']:.2f}× | "
            f"{r['ref_query_s']:.3f} s | {r['lib_query_s']:.3f} s | "
            f"{r['ref_query_s'] / r['lib_query_s']:.2f}× | {r['agree']:.0%} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown())
