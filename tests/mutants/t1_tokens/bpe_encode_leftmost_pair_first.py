"""encode_pretoken that merges the leftmost mergeable pair first instead of the lowest rank"""

MODULE = "bpe.py"

REPLACE = [
    (
        'best = min(zip(word, word[1:]), key=lambda p: self.ranks.get(p, float("inf")))\n'
        "            if best not in self.ranks:\n"
        "                break\n"
        "            word = merge_pair(word, best, best[0] + best[1])",
        "mergeable = [p for p in zip(word, word[1:]) if p in self.ranks]\n"
        "            if not mergeable:\n"
        "                break\n"
        "            best = mergeable[0]\n"
        "            word = merge_pair(word, best, best[0] + best[1])",
    ),
]
