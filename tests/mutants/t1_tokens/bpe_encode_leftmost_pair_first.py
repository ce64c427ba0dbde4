"""encode_pretoken that merges the leftmost mergeable pair first instead of the lowest rank"""

MODULE = "bpe.py"

REPLACE = [
    (
        'best = min(zip(word, word[1:]), key=lambda p: self.ranks.get(p, float("inf")))',
        "best = next((p for p in zip(word, word[1:]) if p in self.ranks), word[:2])",
    ),
]
