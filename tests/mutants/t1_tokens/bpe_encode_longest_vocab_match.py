"""encode_pretoken that takes the longest vocabulary token at each position, not merge ranks"""

MODULE = "bpe.py"

REPLACE = [
    (
        '        word = tuple(bytes([b]) for b in pretoken.encode("utf-8"))\n        while len(word) > 1:\n            best = min(zip(word, word[1:]), key=lambda p: self.ranks.get(p, float("inf")))\n            if best not in self.ranks:\n                break\n            word = merge_pair(word, best, best[0] + best[1])\n',
        '        data = pretoken.encode("utf-8")\n        word, i = [], 0\n        while i < len(data):\n            j = len(data)\n            while j > i + 1 and data[i:j] not in self.token_ids:\n                j -= 1\n            word.append(data[i:j])\n            i = j\n',
    ),
]
