"""search that pads the results with zero-score documents up to k"""

MODULE = "retrieval.py"

import math
from collections import Counter


class BM25Index:
    def __init__(self, docs, k1=1.5, b=0.75):
        self.k1, self.b = k1, b
        self.docs = [Counter(tokenize(d)) for d in docs]
        self.doc_len = [sum(c.values()) for c in self.docs]
        self.avgdl = sum(self.doc_len) / len(docs)
        df = Counter(t for c in self.docs for t in c)
        n = len(docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def search(self, query, k=5):
        scores = []
        for i, c in enumerate(self.docs):
            s = 0.0
            for t in tokenize(query):
                tf = c.get(t, 0)
                if tf:
                    s += (
                        self.idf[t]
                        * tf
                        / (tf + self.k1 * (1 - self.b + self.b * self.doc_len[i] / self.avgdl))
                    )
            scores.append((i, s))
        scores.sort(key=lambda r: (-r[1], r[0]))
        return scores[:k]
