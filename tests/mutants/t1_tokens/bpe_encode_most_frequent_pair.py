"""encode_pretoken that merges the most frequent pair in the pre-token, not the lowest rank"""

MODULE = "bpe.py"

REPLACE = [
    (
        'best = min(zip(word, word[1:]), key=lambda p: self.ranks.get(p, float("inf")))',
        "pairs = list(zip(word, word[1:]))\n            best = max(pairs, key=lambda p: (p in self.ranks, pairs.count(p), -self.ranks.get(p, 0)))",
    ),
]
