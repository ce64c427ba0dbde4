"""train_bpe that breaks ties by taking the first pair it counted"""

MODULE = "bpe.py"

from collections import Counter


def train_bpe(text, vocab_size, special_tokens=()):
    vocab = {i: bytes([i]) for i in range(256)}
    for token in special_tokens:
        vocab[len(vocab)] = token.encode("utf-8")
    counts = Counter()
    for piece in split_on_special_tokens(text, special_tokens)[::2]:
        counts.update(PRETOKENIZER.findall(piece))
    words = {tuple(bytes([b]) for b in w.encode("utf-8")): f for w, f in counts.items()}
    merges = []
    while len(vocab) < vocab_size:
        pairs = Counter()
        for word, freq in words.items():
            for pair in zip(word, word[1:]):
                pairs[pair] += freq
        if not pairs:
            break
        best = max(pairs, key=pairs.get)
        merges.append(best)
        vocab[len(vocab)] = best[0] + best[1]
        words = {merge_pair(w, best, best[0] + best[1]): f for w, f in words.items()}
    return vocab, merges
