"""BM25 idf ln((N - df + 0.5) / (df + 0.5)) without the +1 (negative for common words)"""
MODULE = "retrieval.py"
MESSAGES = {"*": "idf"}

import math
from collections import Counter


class BM25Index:
    """A BM25 index over ``docs`` (a list of strings), tokenized with ``tokenize``.

    The Lucene variant of BM25, as in Lucene/Elasticsearch and the ``bm25s`` library
    (``bm25s.BM25(method="lucene")``). With N documents, ``df(t)`` the number of documents
    that contain token ``t``, ``tf(t, d)`` how often ``t`` occurs in document ``d``, ``|d|``
    the number of tokens of ``d`` and ``avgdl`` the mean of ``|d|`` over all documents:

        idf(t)      = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5))
        score(q, d) = sum over the tokens t of tokenize(q):
                      idf(t) * tf(t, d) / (tf(t, d) + k1 * (1 - b + b * |d| / avgdl))

    A token that occurs twice in the query counts twice; query tokens that no document
    contains add nothing. ``k1`` controls how fast repeats stop helping, ``b`` how much long
    documents are penalised (``b = 0``: not at all).
    """

    def __init__(self, docs: list[str], k1: float = 1.5, b: float = 0.75):
        self.k1 = k1
        self.b = b
        doc_tokens = [tokenize(doc) for doc in docs]
        self.n_docs = len(doc_tokens)
        self.doc_len = [len(tokens) for tokens in doc_tokens]
        self.avgdl = sum(self.doc_len) / self.n_docs
        # inverted index: token -> [(doc index, term frequency), ...]
        self.postings: dict[str, list[tuple[int, int]]] = {}
        for i, tokens in enumerate(doc_tokens):
            for token, tf in Counter(tokens).items():
                self.postings.setdefault(token, []).append((i, tf))
        self.idf = {
            token: math.log((self.n_docs - len(p) + 0.5) / (len(p) + 0.5))
            for token, p in self.postings.items()
        }

    def search(self, query: str, k: int = 5) -> list[tuple[int, float]]:
        """The ``k`` best documents for ``query``: ``[(doc index, score), ...]``, best first.

        Only documents with a positive score (sharing at least one token with the query) are
        returned, so the list can be shorter than ``k`` (or empty). Equal scores are ordered
        by document index, smallest first. Scores are Python floats.
        """
        scores: dict[int, float] = {}
        for token in tokenize(query):
            for i, tf in self.postings.get(token, ()):
                norm = self.k1 * (1 - self.b + self.b * self.doc_len[i] / self.avgdl)
                scores[i] = scores.get(i, 0.0) + self.idf[token] * tf / (tf + norm)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        return [(i, float(s)) for i, s in ranked[:k]]
