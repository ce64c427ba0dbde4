"""Visible tests for bpe.py: training (task 1), encoding (task 2), decoding and streaming (task 3).

Run them with ``pytest exercises/t1_tokens/test_bpe.py`` (or ``llm-grader check 1``).
Every case is small enough to check by hand: work the first one out on paper.
"""

import pytest

from grader.core import feedback, target

bpe = target.module("t1_tokens.bpe")

# A few lines of verse: enough pairs for some dozens of merges.
VERSE = (
    "Shall I compare thee to a summer's day?\n"
    "Thou art more lovely and more temperate:\n"
    "Rough winds do shake the darling buds of May,\n"
    "And summer's lease hath all too short a date;\n"
    "Sometime too hot the eye of heaven shines,\n"
    "And often is his gold complexion dimm'd;\n"
)


def _byte_vocab() -> dict[int, bytes]:
    return {i: bytes([i]) for i in range(256)}


def _hand_tokenizer(merges, special_tokens=()):
    """A Tokenizer with the given merges, laid out like train_bpe's output (no training)."""
    vocab = _byte_vocab()
    for token in special_tokens:
        vocab[len(vocab)] = token.encode("utf-8")
    for left, right in merges:
        vocab[len(vocab)] = left + right
    return bpe.Tokenizer(vocab, merges, list(special_tokens))


# ---------------------------------------------------------------- training (task 1)


@pytest.mark.points(2)
def test_first_merges_on_a_tiny_text():
    """train_bpe("ab ab ab cd", 260) learns ab, ' ab', cd, ' cd' in that order"""
    vocab, merges = bpe.train_bpe("ab ab ab cd", 260)
    # pre-tokens: "ab", " ab", " ab", " cd"; pair counts: (a,b)=3, (' ',a)=2, (' ',c)=1, (c,d)=1
    feedback.expect_equal(
        merges[:1], [(b"a", b"b")], "the first merge of 'ab ab ab cd'",
        hint="count adjacent byte pairs inside each pre-token, weighted by how often the "
             "pre-token occurs; (b'a', b'b') occurs 3 times",
    )
    feedback.expect_equal(
        merges, [(b"a", b"b"), (b" ", b"ab"), (b"c", b"d"), (b" ", b"cd")],
        "the four merges of 'ab ab ab cd' (vocab_size 260)",
        hint="after merging (a, b) rewrite the pre-tokens (' ab' becomes [' ', 'ab']) and "
             "recount; (c, d) beats (' ', c) on the 1-1 tie because b'c' > b' '",
    )
    feedback.expect_equal(vocab.get(256), b"ab", "vocab[256], the token of the first merge",
                          hint="merge k gets id 256 + len(special_tokens) + k")


@pytest.mark.points(1)
def test_vocabulary_layout():
    """ids 0-255 are the bytes, then the special tokens, then one id per merge"""
    specials = ["<|endoftext|>", "<|pad|>"]
    vocab, merges = bpe.train_bpe(VERSE + "<|endoftext|>" + VERSE, 300, specials)
    feedback.expect_equal(len(vocab), 300, "len(vocab) for vocab_size=300",
                          hint="stop merging once the vocabulary (bytes + special tokens + "
                               "merges) has vocab_size entries")
    feedback.expect_equal(len(merges), 300 - 256 - 2, "number of merges for vocab_size=300 "
                          "with 2 special tokens", hint="special tokens take vocabulary slots too")
    for i in (0, 32, 97, 255):
        feedback.expect_equal(vocab[i], bytes([i]), f"vocab[{i}]", hint="id i < 256 is bytes([i])")
    feedback.expect_equal([vocab[256], vocab[257]], [b"<|endoftext|>", b"<|pad|>"],
                          "vocab[256], vocab[257] (the special tokens, in order)",
                          hint="add the special tokens' UTF-8 bytes right after the 256 bytes")
    for k, (left, right) in enumerate(merges):
        feedback.expect_equal(vocab[258 + k], left + right, f"vocab[{258 + k}] (merge {k})",
                              hint="merge k gets id 256 + len(special_tokens) + k and its "
                                   "bytes are left + right")


@pytest.mark.points(1)
def test_ties_go_to_the_greatest_pair():
    """on a tie the lexicographically greatest pair is merged first"""
    # pre-tokens "ab", " ab", " ba", " ba": (a,b), (' ',b) and (b,a) all occur twice
    _, merges = bpe.train_bpe("ab ab ba ba", 257)
    feedback.expect_equal(
        merges, [(b"b", b"a")], "the first merge of 'ab ab ba ba' (three pairs tie at 2)",
        hint="break ties with max over (count, pair): (b'b', b'a') > (b'a', b'b') > (b' ', b'b')",
    )


@pytest.mark.points(1)
def test_merges_stay_inside_pretokens():
    """merges never cross the pieces of GPT2_PATTERN"""
    # pre-tokens "a", " b", " a", " b", " a", " b": the best pair is (' ', 'b') (3 times);
    # (a, ' ') also occurs 3 times in the raw text but crosses two pre-tokens
    _, merges = bpe.train_bpe("a b a b a b", 257)
    feedback.expect_equal(
        merges, [(b" ", b"b")], "the first merge of 'a b a b a b'",
        hint="split the text with GPT2_PATTERN (regex.findall) and count pairs inside each "
             "pre-token only; a space belongs to the word after it",
    )
    vocab, merges = bpe.train_bpe("hello world hello world", 1000)
    learned = [vocab[256 + k] for k in range(len(merges))]
    crossing = [t for t in learned if b" " in t[1:]]
    feedback.expect_equal(
        crossing, [], "tokens learned from 'hello world hello world' with a space after "
        "their first byte", hint="a pre-token holds at most one leading space: training can "
                                 "rebuild 'hello', ' hello', ' world', never text across them",
    )
    feedback.expect(
        {b"hello", b" hello", b" world"} <= set(learned),
        "merging until no pair is left rebuilds every pre-token of 'hello world hello world'",
        expected=[b"hello", b" hello", b" world"], got=sorted(learned, key=len)[-3:],
    )


@pytest.mark.points(1)
def test_special_tokens_are_never_merged():
    """special tokens are split off before counting: never merged, never counted"""
    vocab, merges = bpe.train_bpe("hi<|eot|>hi<|eot|>hi", 1000, ["<|eot|>"])
    feedback.expect_equal(
        merges, [(b"h", b"i")], "the merges of 'hi<|eot|>hi<|eot|>hi' with special '<|eot|>'",
        hint="split the text on the special tokens first and drop them: their bytes "
             "(<, |, e, ...) must not be counted",
    )
    feedback.expect_equal(vocab[256], b"<|eot|>", "vocab[256]")


@pytest.mark.points(1)
def test_training_stops_when_no_pair_is_left():
    """training stops early when every pre-token is a single token"""
    vocab, merges = bpe.train_bpe("aaaa", 1000)
    feedback.expect_equal(
        merges, [(b"a", b"a"), (b"aa", b"aa")], "the merges of 'aaaa' (vocab_size 1000)",
        hint="merge left to right without overlaps: a a a a → aa aa → aaaa, then stop: "
             "no adjacent pair is left",
    )
    feedback.expect_equal(len(vocab), 258, "len(vocab) after training on 'aaaa'")


# ---------------------------------------------------------------- encoding (task 2)


@pytest.mark.points(2)
def test_encode_applies_merges_in_rank_order():
    """encode merges the lowest-rank (earliest learned) pair first"""
    vocab = _byte_vocab() | {256: b"bc", 257: b"ab"}
    tok = bpe.Tokenizer(vocab, [(b"b", b"c"), (b"a", b"b")])
    feedback.expect_equal(
        tok.encode("abc"), [97, 256], "encode('abc') with merges [(b, c), (a, b)]",
        hint="(b, c) was learned first, so it is applied first: a b c → a bc; do not merge "
             "left to right or take the longest token from the vocabulary",
    )
    feedback.expect_equal(tok.encode("abab"), [257, 257], "encode('abab')",
                          hint="apply a merge everywhere in the pre-token")
    feedback.expect_equal(tok.encode("ab bc"), [257, 32, 256],
                          "encode('ab bc') (pre-tokens 'ab' and ' bc')",
                          hint="pre-tokenize with GPT2_PATTERN first, then merge inside each "
                               "pre-token")


@pytest.mark.points(1)
def test_encode_reproduces_the_training_tokens():
    """encoding the training text gives tokens that training built"""
    vocab, merges = bpe.train_bpe(VERSE, 400)
    tok = bpe.Tokenizer(vocab, merges)
    ids = tok.encode(VERSE)
    feedback.expect_equal(b"".join(vocab[i] for i in ids), VERSE.encode("utf-8"),
                          "the bytes of encode(VERSE) joined together")
    feedback.expect(len(ids) < len(VERSE) / 3, "encode(VERSE) should compress the text it was "
                    "trained on", hint="apply every merge (by rank) inside each pre-token",
                    expected=f"fewer than {len(VERSE) // 3} ids", got=len(ids))


@pytest.mark.points(1)
def test_encode_special_tokens():
    """special tokens become their own id; the longest wins on overlap"""
    # ids: 256 '<|a|>', 257 '<|a|><|b|>', 258 'hi' (merge (h, i))
    tok = _hand_tokenizer([(b"h", b"i")], ["<|a|>", "<|a|><|b|>"])
    feedback.expect_equal(
        tok.encode("hi<|a|>the"), [258, 256, 116, 104, 101],
        "encode('hi<|a|>the') (special '<|a|>' has id 256, 'hi' has id 258)",
        hint="split on the special tokens first, map each to its id, encode the pieces between",
    )
    feedback.expect_equal(
        tok.encode("<|a|><|b|>"), [257], "encode('<|a|><|b|>') with specials '<|a|>' (256) and "
        "'<|a|><|b|>' (257)", hint="when special tokens overlap the longest wins: sort them by "
                                   "length, longest first, before building the alternation",
    )
    feedback.expect_equal(_hand_tokenizer([(b"h", b"i")]).encode("hi"), [256],
                          "encode('hi') with no special tokens (merge (h, i) has id 256)",
                          hint="with no special tokens, do not split at all")


# ---------------------------------------------------------------- decoding and streaming (task 3)


@pytest.mark.points(1)
def test_decode_replaces_invalid_utf8():
    """decode turns invalid UTF-8 into U+FFFD instead of raising"""
    tok = bpe.Tokenizer(_byte_vocab(), [])
    feedback.expect_equal(tok.decode([104, 105]), "hi", "decode([104, 105])")
    feedback.expect_equal(
        tok.decode([104, 0xC3]), "h\ufffd", "decode([104, 0xC3]): 0xC3 is half of 'é'",
        hint="bytes.decode('utf-8', errors='replace')",
    )
    feedback.expect_equal(tok.decode([0xC3, 0xA9]), "é", "decode([0xC3, 0xA9])",
                          hint="join all the bytes first, then decode once")


@pytest.mark.points(1)
def test_round_trip():
    """decode(encode(text)) == text, also for accents, Chinese and emoji"""
    # merges inside UTF-8 sequences: 'é' is C3 A9, '你' is E4 BD A0, '👋' is F0 9F 91 8B
    tok = _hand_tokenizer([(b"\xc3", b"\xa9"), (b"\xe4", b"\xbd"), (b"\xf0", b"\x9f"),
                           (b"C", b"a"), (b" ", b" "), (b"Ca", b"f")])
    for text in (VERSE, "Café crème, 你好世界 👋🏽!", "", "  \n\t  x  "):
        feedback.expect_equal(tok.decode(tok.encode(text)), text, f"decode(encode({text[:30]!r}))")


@pytest.mark.points(1)
def test_encode_iterable_equals_encode():
    """encode_iterable(lines) yields the ids of encode of the joined lines"""
    tok = _hand_tokenizer([(b" ", b" "), (b"\n", b"  "), (b"  ", b"\n"), (b"r", b"e")],
                          ["<|endoftext|>"])
    text = "def f(x):\n    return x\n\n\ndef g(y):\n    if y:\n        return 2\n" * 3
    text += "The end.  \nReally.  \n\n<|endoftext|>\n" + VERSE
    lines = text.splitlines(keepends=True)
    got = tok.encode_iterable(iter(lines))
    feedback.expect(not isinstance(got, list), "encode_iterable must return an iterator "
                    "(a generator), not a list", hint="use yield")
    feedback.expect_equal(
        list(got), tok.encode(text), "list(encode_iterable(lines)) compared with encode(text)",
        hint="encoding each line on its own is not the same: '\\n' followed by '    return' "
             "pre-tokenizes as '\\n   ', ' return' in the whole text but as '\\n' at the end "
             "of a line; keep the last pre-tokens of your buffer until the next line arrives",
    )
