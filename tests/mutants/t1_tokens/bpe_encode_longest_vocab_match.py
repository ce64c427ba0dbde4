"""encode_pretoken that takes the longest vocabulary token at each position, not merge ranks"""
MODULE = "bpe.py"


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
        data = pretoken.encode("utf-8")
        word, i = [], 0
        while i < len(data):
            j = len(data)
            while j > i + 1 and data[i:j] not in self.token_ids:
                j -= 1
            word.append(data[i:j])
            i = j
        ids = [self.token_ids[token] for token in word]
        if len(self._cache) >= 100_000:
            self._cache.clear()  # bounded memory for long streams
        self._cache[pretoken] = ids
        return ids
