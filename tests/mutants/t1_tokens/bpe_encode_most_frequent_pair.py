"""encode_pretoken that merges the most frequent pair in the pre-token, not the lowest rank"""

MODULE = "bpe.py"

from collections import Counter

REPLACE = [
    (
        'best = min(zip(word, word[1:]), key=lambda p: self.ranks.get(p, float("inf")))\n'
        "            if best not in self.ranks:\n"
        "                break\n"
        "            word = merge_pair(word, best, best[0] + best[1])",
        "found = Counter(p for p in zip(word, word[1:]) if p in self.ranks)\n"
        "            if not found:\n"
        "                break\n"
        "            best = max(found, key=lambda p: (found[p], -self.ranks[p]))\n"
        "            word = merge_pair(word, best, best[0] + best[1])",
    ),
]
