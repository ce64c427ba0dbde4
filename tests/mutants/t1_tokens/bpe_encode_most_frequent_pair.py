"""encode_pretoken that merges the most frequent pair in the pre-token, not the lowest rank"""
MODULE = "bpe.py"

from collections import Counter


class Tokenizer:
    def encode_pretoken(self, pretoken: str) -> list[int]:
        """The ids of one pre-token (a piece of ``GPT2_PATTERN``, no special tokens in it).

        Start from its UTF-8 bytes; repeatedly merge the adjacent pair with the lowest merge
        rank (the earliest learned) everywhere in the pre-token, until no adjacent pair is a
        merge. Then map each resulting byte string to its id.
        """
        ids = self._cache.get(pretoken)
        if ids is not None:
            return ids
        word = tuple(bytes([b]) for b in pretoken.encode("utf-8"))
        while len(word) > 1:
            found = Counter(p for p in zip(word, word[1:]) if p in self.ranks)
            if not found:
                break
            best = max(found, key=lambda p: (found[p], -self.ranks[p]))
            word = merge_pair(word, best, best[0] + best[1])
        ids = [self.token_ids[token] for token in word]
        if len(self._cache) >= 100_000:
            self._cache.clear()  # bounded memory for long streams
        self._cache[pretoken] = ids
        return ids
