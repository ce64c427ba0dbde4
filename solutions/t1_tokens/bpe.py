"""Byte-level BPE, the tokenizer family of GPT-2, GPT-4 and Llama 3: train it, encode, decode.

Token ids: 0..255 are the single bytes, then the special tokens in the order given, then one
id per merge in the order the merges were learned.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence

import regex

# The GPT-2 pre-tokenizer: contractions, letter runs, digit runs and punctuation runs (each
# with at most one leading space), then whitespace. BPE merges never cross these pieces.
GPT2_PATTERN = r"""'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""

PRETOKENIZER = regex.compile(GPT2_PATTERN)


def split_on_special_tokens(text: str, special_tokens: Sequence[str]) -> list[str]:
    """Split ``text`` around the special tokens it contains.

    Returns alternating pieces ``[text, special, text, special, ..., text]``: even indices are
    ordinary text (possibly empty), odd indices are special tokens, and ``"".join`` of the
    result is ``text``. Where special tokens overlap, the longest one wins (with
    ``"<|a|>"`` and ``"<|a|><|b|>"`` both special, ``"<|a|><|b|>"`` is one piece). With no
    special tokens the result is ``[text]``.
    """
    ### BEGIN SOLUTION (task 1)
    if not special_tokens:
        return [text]
    by_length = sorted(set(special_tokens), key=len, reverse=True)
    pattern = "(" + "|".join(regex.escape(s) for s in by_length) + ")"
    return regex.split(pattern, text)
    ### END SOLUTION


def merge_pair(word: Sequence, pair: tuple, new) -> tuple:
    """Replace each occurrence of ``pair`` (two adjacent items) in ``word`` by ``new``.

    Scans left to right without overlaps: merging ``("a", "a")`` in ``a a a`` gives
    ``aa a``. Works for any items (bytes, ids); returns a tuple.
    """
    ### BEGIN SOLUTION (task 1)
    first, second = pair
    out = []
    i, n = 0, len(word)
    while i < n:
        if i + 1 < n and word[i] == first and word[i + 1] == second:
            out.append(new)
            i += 2
        else:
            out.append(word[i])
            i += 1
    return tuple(out)
    ### END SOLUTION


def train_bpe(
    text: str, vocab_size: int, special_tokens: Sequence[str] = ()
) -> tuple[dict[int, bytes], list[tuple[bytes, bytes]]]:
    """Learn a byte-level BPE vocabulary of (at most) ``vocab_size`` tokens from ``text``.

    - The vocabulary starts with the 256 single bytes (id ``i`` is ``bytes([i])``), then the
      special tokens in order (their UTF-8 bytes), then one token per merge.
    - Pre-tokenization: split ``text`` on the special tokens first (they are never counted or
      merged), then split each piece with ``GPT2_PATTERN`` and encode each pre-token as
      UTF-8. Merges never cross pre-token boundaries.
    - Each step merges the most frequent adjacent pair (counted over all pre-tokens, with
      multiplicity); a tie goes to the lexicographically greatest pair, comparing the
      ``(bytes, bytes)`` tuples, e.g. ``(b"b", b"a") > (b" ", b"b")``.
    - Stop when the vocabulary has ``vocab_size`` tokens or no adjacent pair is left.

    Returns ``(vocab, merges)``: ``vocab`` maps id → bytes, ``merges`` lists the merged pairs
    ``(left, right)`` in the order they were learned (merge ``k`` made token
    ``256 + len(special_tokens) + k``).

    Count each distinct pre-token once with its frequency. Recounting every pair after each
    merge is correct and fine for small texts; updating the counts incrementally (only the
    pre-tokens containing the merged pair change) is what makes a 1 MB corpus take seconds.
    """
    ### BEGIN SOLUTION (task 1)
    vocab: dict[int, bytes] = {i: bytes([i]) for i in range(256)}
    for token in special_tokens:
        vocab[len(vocab)] = token.encode("utf-8")
    merges: list[tuple[bytes, bytes]] = []

    # Distinct pre-tokens with their frequencies; each word is a list of token ids.
    counts: Counter[str] = Counter()
    for piece in split_on_special_tokens(text, special_tokens)[::2]:
        counts.update(PRETOKENIZER.findall(piece))
    words = [list(w.encode("utf-8")) for w in counts]
    freqs = list(counts.values())

    # Pair counts and, for each pair, the words that (may) contain it.
    pair_counts: dict[tuple[int, int], int] = defaultdict(int)
    where: dict[tuple[int, int], set[int]] = defaultdict(set)
    for index, (word, freq) in enumerate(zip(words, freqs)):
        for pair in zip(word, word[1:]):
            pair_counts[pair] += freq
            where[pair].add(index)

    # heapq pops the smallest item, so a key must be smaller for a larger count and, on a tie,
    # for a greater pair: (-count, inverted(left), inverted(right)). inverted(b) reverses the
    # order of byte strings: each byte c becomes 255 - c, and 256 at the end makes a prefix
    # sort after its extensions.
    inverted: dict[int, tuple[int, ...]] = {}

    def inv(token_id: int) -> tuple[int, ...]:
        key = inverted.get(token_id)
        if key is None:
            key = inverted[token_id] = tuple(255 - c for c in vocab[token_id]) + (256,)
        return key

    def entry(pair: tuple[int, int], count: int) -> tuple:
        return (-count, inv(pair[0]), inv(pair[1]), pair)

    heap = [entry(pair, count) for pair, count in pair_counts.items()]
    heapq.heapify(heap)

    while len(vocab) < vocab_size and heap:
        neg_count, _, _, pair = heapq.heappop(heap)
        if pair_counts.get(pair, 0) != -neg_count:
            continue  # stale entry: this pair's count changed since it was pushed
        new_id = len(vocab)
        left, right = pair
        vocab[new_id] = vocab[left] + vocab[right]
        merges.append((vocab[left], vocab[right]))

        changed: set[tuple[int, int]] = set()
        for index in where.pop(pair):
            word = words[index]
            merged = merge_pair(word, pair, new_id)
            if len(merged) == len(word):
                continue  # the pair left this word in an earlier merge
            freq = freqs[index]
            for old in zip(word, word[1:]):
                pair_counts[old] -= freq
                changed.add(old)
            for new in zip(merged, merged[1:]):
                pair_counts[new] += freq
                changed.add(new)
                where[new].add(index)
            words[index] = merged
        for p in changed:
            count = pair_counts[p]
            if count > 0:
                heapq.heappush(heap, entry(p, count))
            else:
                del pair_counts[p]
                where.pop(p, None)
    return vocab, merges
    ### END SOLUTION


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
        ### BEGIN SOLUTION (task 2)
        ids = self._cache.get(pretoken)
        if ids is not None:
            return ids
        word = tuple(bytes([b]) for b in pretoken.encode("utf-8"))
        while len(word) > 1:
            best = min(zip(word, word[1:]), key=lambda p: self.ranks.get(p, float("inf")))
            if best not in self.ranks:
                break
            word = merge_pair(word, best, best[0] + best[1])
        ids = [self.token_ids[token] for token in word]
        if len(self._cache) >= 100_000:
            self._cache.clear()  # bounded memory for long streams
        self._cache[pretoken] = ids
        return ids
        ### END SOLUTION

    def encode(self, text: str) -> list[int]:
        """The token ids of ``text``.

        Split on the special tokens first (the longest wins on overlap; each becomes its own
        id), split the other pieces with ``GPT2_PATTERN``, and encode each pre-token with
        ``encode_pretoken``.
        """
        ### BEGIN SOLUTION (task 2)
        ids: list[int] = []
        pieces = split_on_special_tokens(text, self.special_tokens)
        for k, piece in enumerate(pieces):
            if k % 2:
                ids.append(self.special_ids[piece])
            else:
                for pretoken in PRETOKENIZER.findall(piece):
                    ids.extend(self.encode_pretoken(pretoken))
        return ids
        ### END SOLUTION

    def decode(self, ids: Iterable[int]) -> str:
        """The text of ``ids``: join the tokens' bytes, then decode them as UTF-8.

        Bytes that are not valid UTF-8 (e.g. half of a multi-byte character) become the
        replacement character U+FFFD instead of raising.
        """
        ### BEGIN SOLUTION (task 3)
        return b"".join(self.vocab[i] for i in ids).decode("utf-8", errors="replace")
        ### END SOLUTION

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
        ### BEGIN SOLUTION (task 3)
        buffer = ""
        for line in lines:
            buffer += line
            ids, buffer = self._encode_stable_prefix(buffer)
            yield from ids
        yield from self.encode(buffer)
        ### END SOLUTION

    def _encode_stable_prefix(self, buffer: str) -> tuple[list[int], str]:
        """Encode the part of ``buffer`` that more text cannot change; return (ids, rest)."""
        ### BEGIN SOLUTION (task 3)
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
        ### END SOLUTION
