"""evaluate_retrieval whose 'missed' list only holds questions with recall 0 (half-found multi-hop hidden)"""
MODULE = "evaluate.py"


def evaluate_retrieval(index, questions, k=5):
    def mean(values):
        values = list(values)
        return sum(values) / len(values) if values else 0.0

    rows = []
    for q in questions:
        results = index.search(q["question"], k)
        rows.append((q, [i for i, _ in results], results[0][1] if results else 0.0))
    answerable = [r for r in rows if r[0]["gold_docs"]]
    unanswerable = [r for r in rows if not r[0]["gold_docs"]]

    def summary(group):
        return {"n": len(group),
                "recall_at_k": mean(recall_at_k(r, q["gold_docs"], k) for q, r, _ in group),
                "mrr": mean_reciprocal_rank([r for _, r, _ in group], [q["gold_docs"] for q, _, _ in group]) if group else 0.0}

    overall = summary(answerable)
    return {
        "k": k, "n_answerable": len(answerable), "n_unanswerable": len(unanswerable),
        "recall_at_k": overall["recall_at_k"], "mrr": overall["mrr"],
        "by_type": {t: summary([r for r in answerable if r[0]["type"] == t])
                    for t in sorted({q["type"] for q, _, _ in answerable})},
        "missed": [q["id"] for q, r, _ in answerable if recall_at_k(r, q["gold_docs"], k) == 0],
        "answerable_top_score": mean(t for _, _, t in answerable),
        "unanswerable_top_score": mean(t for _, _, t in unanswerable),
    }
