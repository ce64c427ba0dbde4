"""Given: load the Kestrel Home knowledge base and the labelled questions from data/.

Nothing to write here. The data is written by ``data/t6_make_data.py`` (read it to see how
the documents and questions were made) and read with the standard ``json`` module.
"""

from __future__ import annotations

import json
from pathlib import Path


def data_dir() -> Path:
    """The repository's data/ folder ($LLM_WORKSHOP_ROOT/data when set)."""
    from grader.core.topics import project_root

    return project_root() / "data"


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_knowledge_base() -> list[dict]:
    """The documents: dicts with ``id``, ``title``, ``category``, ``date``, ``text``."""
    return _read_jsonl(data_dir() / "t6_knowledge_base.jsonl")


def document_text(doc: dict) -> str:
    """What the index sees of a document: its title, a newline, its text."""
    return f"{doc['title']}\n{doc['text']}"


def load_questions(split: str | None = "visible") -> list[dict]:
    """Labelled questions of one split ("visible", "hidden", or None for all).

    Each dict has ``id``, ``question``, ``type`` (lookup, paraphrase, versioned, multi_hop,
    unanswerable), ``gold_doc_ids``, ``answer``, ``split``, and ``gold_docs``: the positions of
    the gold documents in ``load_knowledge_base()`` (what ``evaluate_retrieval`` compares with
    the indices that ``BM25Index.search`` returns). Unanswerable questions have none.
    """
    position = {doc["id"]: i for i, doc in enumerate(load_knowledge_base())}
    questions = _read_jsonl(data_dir() / "t6_questions.jsonl")
    if split is not None:
        questions = [q for q in questions if q["split"] == split]
    for q in questions:
        q["gold_docs"] = [position[d] for d in q["gold_doc_ids"]]
    return questions
