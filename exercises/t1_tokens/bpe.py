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
    # YOUR CODE HERE
    raise NotImplementedError("split_on_special_tokens — task 1 in exercises/t1_tokens/README.md")


def merge_pair(word: Sequence, pair: tuple, new) -> tuple:
    """Replace each occurrence of ``pair`` (two adjacent items) in ``word`` by ``new``.

    Scans left to right without overlaps: merging ``("a", "a")`` in ``a a a`` gives
    ``aa a``. Works for any items (bytes, ids); returns a tuple.
    """
    # YOUR CODE HERE
    raise NotImplementedError("merge_pair — task 1 in exercises/t1_tokens/README.md")


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
    # YOUR CODE HERE
    raise NotImplementedError("train_bpe — task 1 in exercises/t1_tokens/README.md")


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
        # YOUR CODE HERE
        raise NotImplementedError("Tokenizer.encode_pretoken — task 2 in exercises/t1_tokens/README.md")

    def encode(self, text: str) -> list[int]:
        """The token ids of ``text``.

        Split on the special tokens first (the longest wins on overlap; each becomes its own
        id), split the other pieces with ``GPT2_PATTERN``, and encode each pre-token with
        ``encode_pretoken``.
        """
        # YOUR CODE HERE
        raise NotImplementedError("Tokenizer.encode — task 2 in exercises/t1_tokens/README.md")

    def decode(self, ids: Iterable[int]) -> str:
        """The text of ``ids``: join the tokens' bytes, then decode them as UTF-8.

        Bytes that are not valid UTF-8 (e.g. half of a multi-byte character) become the
        replacement character U+FFFD instead of raising.
        """
        # YOUR CODE HERE
        raise NotImplementedError("Tokenizer.decode — task 3 in exercises/t1_tokens/README.md")

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
        # YOUR CODE HERE
        raise NotImplementedError("Tokenizer.encode_iterable — task 3 in exercises/t1_tokens/README.md")

    def _encode_stable_prefix(self, buffer: str) -> tuple[list[int], str]:
        """Encode the part of ``buffer`` that more text cannot change; return (ids, rest)."""
        # YOUR CODE HERE
        raise NotImplementedError("Tokenizer._encode_stable_prefix — task 3 in exercises/t1_tokens/README.md")
