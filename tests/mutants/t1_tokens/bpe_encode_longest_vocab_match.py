"""encode_pretoken that takes the longest vocabulary token at each position, not merge ranks"""
MODULE = "bpe.py"


class Tokenizer:
    """Encode text to ids and back with a trained byte-level BPE.

    ``Tokenizer(vocab, merges, special_tokens)`` takes what ``train_bpe`` returns. Special
    tokens missing from ``vocab`` get new ids after the largest one.
    """

    def __init__(
        self,
        vocab: dict[int, bytes],
        merges: Sequence[tuple[bytes, bytes]],
        special_tokens: Sequence[str] = (),
    ):
        self.vocab: dict[int, bytes] = dict(vocab)
        self.merges: list[tuple[bytes, bytes]] = [tuple(m) for m in merges]
        self.special_tokens: list[str] = list(special_tokens)
        # rank of each merge: lower = learned earlier = applied first
        self.ranks: dict[tuple[bytes, bytes], int] = {m: r for r, m in enumerate(self.merges)}
        # special token -> id (added to the vocabulary if missing)
        self.special_ids: dict[str, int] = {}
        by_bytes = {b: i for i, b in sorted(self.vocab.items(), reverse=True)}
        for token in self.special_tokens:
            if token not in self.special_ids:
                token_id = by_bytes.get(token.encode("utf-8"))
                if token_id is None:
                    token_id = max(self.vocab, default=-1) + 1
                    self.vocab[token_id] = token.encode("utf-8")
                self.special_ids[token] = token_id
        # bytes -> id for ordinary tokens (the smallest id if a byte string appears twice)
        specials = set(self.special_ids.values())
        self.token_ids: dict[bytes, int] = {
            b: i for i, b in sorted(self.vocab.items(), reverse=True) if i not in specials
        }
        self._cache: dict[str, list[int]] = {}

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

    def encode(self, text: str) -> list[int]:
        """The token ids of ``text``.

        Split on the special tokens first (the longest wins on overlap; each becomes its own
        id), split the other pieces with ``GPT2_PATTERN``, and encode each pre-token with
        ``encode_pretoken``.
        """
        ids: list[int] = []
        pieces = split_on_special_tokens(text, self.special_tokens)
        for k, piece in enumerate(pieces):
            if k % 2:
                ids.append(self.special_ids[piece])
            else:
                for pretoken in PRETOKENIZER.findall(piece):
                    ids.extend(self.encode_pretoken(pretoken))
        return ids

    def decode(self, ids: Iterable[int]) -> str:
        """The text of ``ids``: join the tokens' bytes, then decode them as UTF-8.

        Bytes that are not valid UTF-8 (e.g. half of a multi-byte character) become the
        replacement character U+FFFD instead of raising.
        """
        return b"".join(self.vocab[i] for i in ids).decode("utf-8", errors="replace")

    def encode_iterable(self, lines: Iterable[str]) -> Iterator[int]:
        """Yield the ids of ``"".join(lines)`` lazily, holding only a few lines in memory.

        The ids must equal ``encode("".join(lines))``: read a file line by line without
        loading it. Careful: encoding each line on its own is NOT the same. The pre-tokenizer
        looks ahead, e.g. ``"hour  \\n"`` alone ends in the pre-token ``"  \\n"`` but in
        ``"hour  \\nDraws"`` it is ``"  "`` then ``"\\n"``; and a special token may still be
        growing at the end of what you have read. Only encode text whose pre-tokens cannot
        change whatever comes next (keep the rest for the next round), and encode the
        remainder when the lines run out.
        """
        buffer = ""
        for line in lines:
            buffer += line
            ids, buffer = self._encode_stable_prefix(buffer)
            yield from ids
        yield from self.encode(buffer)

    def _encode_stable_prefix(self, buffer: str) -> tuple[list[int], str]:
        """Encode the part of ``buffer`` that more text cannot change; return (ids, rest)."""
        # 1. The earliest position where a special token might still be completing (or be
        #    extended to a longer special token): text from there on is undecided.
        undecided = len(buffer)
        longest = max((len(s) for s in self.special_tokens), default=0)
        for start in range(max(0, len(buffer) - longest + 1), len(buffer)):
            tail = buffer[start:]
            if any(len(s) > len(tail) and s.startswith(tail) for s in self.special_tokens):
                undecided = start
                break
        # 2. Special tokens that start before that position are final; so is the text
        #    between them.
        ids: list[int] = []
        done = 0
        if self.special_tokens:
            by_length = sorted(set(self.special_tokens), key=len, reverse=True)
            pattern = "|".join(regex.escape(s) for s in by_length)
            for match in regex.finditer(pattern, buffer):
                if match.start() >= undecided:
                    break
                ids.extend(self.encode(buffer[done : match.start()]))
                ids.append(self.special_ids[match.group()])
                done = match.end()
        # 3. In the ordinary text after the last final special token, the pre-tokenizer may
        #    still change the last two pre-tokens (a whitespace run or a letter run may grow;
        #    "'" + "l" may become "'ll"): keep them, encode the ones before.
        #    (Take them from this tokenization: tokenizing only up to the cut would see the
        #    end of the string there, and "\n\n" + "_" would become "\n\n" instead of
        #    "\n", "\n".)
        pretokens = PRETOKENIZER.findall(buffer, done, max(undecided, done))
        for pretoken in pretokens[:-2]:
            ids.extend(self.encode_pretoken(pretoken))
            done += len(pretoken)
        return ids, buffer[done:]
