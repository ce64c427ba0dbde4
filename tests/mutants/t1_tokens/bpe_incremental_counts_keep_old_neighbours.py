"""incremental train_bpe that never subtracts the neighbour pairs a merge destroys"""
MODULE = "bpe.py"

import heapq
from collections import Counter, defaultdict


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
                if old == pair:  # the neighbours (x, a) and (b, y) are never subtracted
                    pair_counts[old] -= freq
                    changed.add(old)
            for new in zip(merged, merged[1:]):
                if new_id in new:  # only the pairs with the new token are added
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
