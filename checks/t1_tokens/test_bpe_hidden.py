"""Hidden checks for bpe.py: exact merges on unseen text, compression against the `tokenizers`
library, the same ids as `tokenizers` given the same merges, round trips, special-token edge
cases, and a lazy encode_iterable.

Texts stay at most 50,000 characters and vocabularies at most 600 tokens, so a learner's
trainer that recounts every pair after every merge still passes each check in its time limit.
"""

import functools
import random

import pytest

from grader.core import corpus, feedback, target

bpe = target.module("t1_tokens.bpe")
ref = target.oracle("t1_tokens.bpe")

EOT = "<|endoftext|>"
MULTILINGUAL = (
    "Der Bäcker backt süße Brötchen für die Kinder. Ça coûte très cher, n'est-ce pas?\n"
    "東京は日本の首都です。東京の人口はとても多いです。北京是中国的首都。\n"
    "Привет, как дела? Всё хорошо, спасибо!\n"
    "Emoji: 😀😀 👍🏽👍🏽 🇫🇷 ❤️‍🔥 family 👨‍👩‍👧‍👦\n"
)


@functools.cache
def _slice(start: int, length: int) -> str:
    return corpus.shakespeare()[start : start + length]


def _first_difference(got, expected) -> int:
    for k, (a, b) in enumerate(zip(got, expected)):
        if a != b:
            return k
    return min(len(got), len(expected))


def _expect_same_merges(got, expected, what: str, hint: str) -> None:
    if not isinstance(got, tuple) or len(got) != 2:
        feedback.fail("train_bpe must return a tuple (vocab, merges)", "(dict, list)", type(got))
    vocab, merges = got
    merges = [tuple(m) for m in merges]
    ref_vocab, ref_merges = expected
    if merges != ref_merges:
        k = _first_difference(merges, ref_merges)
        feedback.fail(
            f"{what}: merge {k} (of {len(ref_merges)}) differs",
            ref_merges[k] if k < len(ref_merges) else "no more merges",
            merges[k] if k < len(merges) else "no more merges",
            hint,
        )
    feedback.expect_equal(
        dict(vocab),
        ref_vocab,
        f"{what}: the vocabulary",
        hint="ids 0-255 bytes, then special tokens, then left + right per merge",
    )


def _tie_text() -> str:
    """Short words over a 3-letter alphabet: counts are small and ties are everywhere."""
    rng = random.Random(1234)
    words = ["".join(rng.choice("abc") for _ in range(rng.randint(1, 7))) for _ in range(4000)]
    return " ".join(words) + "\n"


def _byte_level_unicode() -> dict[int, str]:
    """GPT-2's printable stand-in character for each byte (what ByteLevel models store)."""
    keep = [
        *range(ord("!"), ord("~") + 1),
        *range(ord("¡"), ord("¬") + 1),
        *range(ord("®"), ord("ÿ") + 1),
    ]
    chars = dict(zip(keep, map(chr, keep)))
    extra = 0
    for b in range(256):
        if b not in chars:
            chars[b] = chr(256 + extra)
            extra += 1
    return chars


def _hf_pretokenized_bpe(vocab: dict[int, bytes], merges):
    """A `tokenizers` byte-level BPE with exactly these merges (GPT-2 pre-tokenizer)."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers

    chars = _byte_level_unicode()

    def as_text(b: bytes) -> str:
        return "".join(chars[x] for x in b)

    model = models.BPE(
        vocab={as_text(b): i for i, b in vocab.items()},
        merges=[(as_text(a), as_text(b)) for a, b in merges],
    )
    tok = Tokenizer(model)
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tok.decoder = decoders.ByteLevel()
    return tok


def _hf_trained(text: str, vocab_size: int):
    """The `tokenizers` library's own byte-level BPE trained on ``text``."""
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        show_progress=False,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    tok.train_from_iterator([text], trainer=trainer)
    return tok


@functools.cache
def _ref_model(specials: tuple[str, ...] = ()):
    """Reference vocab and merges trained on unseen Shakespeare plus multilingual text."""
    text = _slice(2_600_000, 30_000) + MULTILINGUAL * 20
    return ref.train_bpe(text, 600, specials)


def _learner_tokenizer(specials: tuple[str, ...] = ()):
    vocab, merges = _ref_model(specials)
    return bpe.Tokenizer(dict(vocab), list(merges), list(specials))


# ---------------------------------------------------------------- training (task 1)


@pytest.mark.points(3)
def test_merges_match_reference_on_unseen_shakespeare():
    """train_bpe: exactly the reference's merges on 40,000 unseen characters (vocab 500)"""
    text = _slice(2_000_000, 40_000)
    _expect_same_merges(
        bpe.train_bpe(text, 500),
        ref.train_bpe(text, 500),
        "train_bpe(shakespeare[40k], 500)",
        "count pairs weighted by pre-token frequency, update the counts of every pre-token "
        "that contained the merged pair, and break ties towards the greatest (bytes, bytes) pair",
    )


@pytest.mark.points(2)
def test_merges_match_reference_with_many_ties():
    """train_bpe: exactly the reference's merges on text full of ties (vocab 400)"""
    text = _tie_text()
    _expect_same_merges(
        bpe.train_bpe(text, 400),
        ref.train_bpe(text, 400),
        "train_bpe(tie-heavy text, 400)",
        "a tie goes to the lexicographically greatest pair: compare (count, (left, right)) "
        "with the pair as bytes, not as ids or strings, and never the first pair found",
    )


@pytest.mark.points(1)
def test_merges_match_reference_on_multibyte_text():
    """train_bpe: exactly the reference's merges on accents, CJK and emoji (vocab 450)"""
    text = MULTILINGUAL * 30
    _expect_same_merges(
        bpe.train_bpe(text, 450),
        ref.train_bpe(text, 450),
        "train_bpe(multilingual text, 450)",
        "work on the UTF-8 bytes of each pre-token (a character like 東 is 3 bytes, 👍🏽 is 8), "
        "not on characters",
    )


@pytest.mark.points(2)
def test_merges_match_reference_with_special_tokens():
    """train_bpe: special tokens are skipped in training; merges equal the reference's"""
    plays = _slice(3_300_000, 30_000)
    text = EOT.join(plays[k : k + 1000] for k in range(0, len(plays), 1000))
    text = text.replace("the", "the<|pad|>", 50)
    specials = [EOT, "<|pad|>"]
    _expect_same_merges(
        bpe.train_bpe(text, 400, specials),
        ref.train_bpe(text, 400, specials),
        "train_bpe(text with '<|endoftext|>' and '<|pad|>', 400, special_tokens)",
        "split on the special tokens first and drop them; they get ids 256, 257 and no merge "
        "may touch their bytes or join the text on either side of them",
    )


@pytest.mark.points(1)
def test_vocab_size_is_respected():
    """train_bpe: len(vocab) == vocab_size, and each merge's token is left + right"""
    text = _slice(4_100_000, 20_000)
    for vocab_size, specials in ((300, ()), (333, (EOT,)), (256, ())):
        vocab, merges = bpe.train_bpe(text, vocab_size, list(specials))
        what = f"train_bpe(text, {vocab_size}, {list(specials)})"
        feedback.expect_equal(
            len(vocab),
            vocab_size,
            f"{what}: len(vocab)",
            hint="count the 256 bytes and the special tokens in vocab_size",
        )
        feedback.expect_equal(
            sorted(vocab),
            list(range(vocab_size)),
            f"{what}: the ids",
            hint="ids are consecutive from 0",
        )
        first = 256 + len(specials)
        for k, (left, right) in enumerate(merges):
            feedback.expect_equal(vocab[first + k], left + right, f"{what}: vocab[{first + k}]")


@pytest.mark.points(2)
def test_compression_close_to_tokenizers_library():
    """train_bpe + encode: held-out compression within 2% of the `tokenizers` library"""
    train, held_out = _slice(1_000_000, 50_000), _slice(1_050_000, 50_000)
    vocab, merges = bpe.train_bpe(train, 600)
    mine = len(bpe.Tokenizer(vocab, merges).encode(held_out))
    theirs = len(_hf_trained(train, 600).encode(held_out).ids)
    feedback.expect(
        mine <= theirs * 1.02,
        "tokens on 50,000 held-out characters, trained on 50,000 others with vocab 600",
        expected=f"at most {int(theirs * 1.02)} (tokenizers: {theirs})",
        got=mine,
        hint="merge the most frequent pair (weighted by pre-token counts) at every step and "
        "apply all merges in rank order when encoding",
    )


# ---------------------------------------------------------------- encoding (task 2)


@pytest.mark.points(2)
def test_encode_matches_tokenizers_library_with_the_same_merges():
    """encode: the same ids as `tokenizers` given the same vocab and merges"""
    vocab, merges = _ref_model()
    tok = _learner_tokenizer()
    hf = _hf_pretokenized_bpe(vocab, merges)
    weird = "x'll 'LL don't  \n\n\t  12345 3.14 ...!!?? __init__ \r\n\r\n" + MULTILINGUAL
    for name, text in (
        ("unseen Shakespeare", _slice(4_500_000, 30_000)),
        ("multilingual text", weird),
    ):
        got, expected = tok.encode(text), hf.encode(text).ids
        if got != expected:
            k = _first_difference(got, expected)
            feedback.fail(
                f"encode({name}) differs from tokenizers' BPE with the same merges at position {k}",
                [vocab[i] for i in expected[k : k + 4]],
                [tok.vocab.get(i, i) for i in got[k : k + 4]],
                "pre-tokenize with GPT2_PATTERN, then inside each pre-token repeatedly merge "
                "the pair with the lowest rank (everywhere), until no pair is a merge",
            )


@pytest.mark.points(1)
def test_encode_matches_reference_on_whitespace_runs():
    """encode: whitespace runs, tabs and mixed newlines give the reference's ids"""
    tok = _learner_tokenizer()
    expected_tok = ref.Tokenizer(*_ref_model())
    for text in ("a  b   c    d", "\n\n\n", "x \n y\r\nz\r\n\r\n\n w", "\t\t tab\t", "   ", " "):
        feedback.expect_equal(
            tok.encode(text),
            expected_tok.encode(text),
            f"encode({text!r})",
            hint="pre-tokenize with GPT2_PATTERN exactly as given (regex.findall), not str.split",
        )


@pytest.mark.points(1)
def test_longest_special_token_wins():
    """encode: overlapping special tokens, the longest wins whatever their order"""
    specials = ("<|a|>", "<|a|><|b|>", "<|b|>")
    tok = _learner_tokenizer(specials)
    a, ab, b = 256, 257, 258
    x, y = tok.encode("x"), tok.encode("y")
    feedback.expect_equal(
        tok.encode("x<|a|><|b|>y<|b|><|a|>"),
        x + [ab] + y + [b, a],
        "encode('x<|a|><|b|>y<|b|><|a|>') with specials ['<|a|>', '<|a|><|b|>', '<|b|>'] "
        "(ids 256, 257, 258)",
        hint="build the special-token pattern from the tokens sorted by length, longest first "
        "(regex alternation takes the first alternative that matches)",
    )


@pytest.mark.points(1)
def test_special_tokens_next_to_text():
    """encode: special tokens adjacent to words, inside words, repeated and alone"""
    tok = _learner_tokenizer((EOT,))
    eot = 256
    enc = tok.encode
    cases = [
        ("hello" + EOT + "world", enc("hello") + [eot] + enc("world")),
        ("mid" + EOT + "dle", enc("mid") + [eot] + enc("dle")),
        (" " + EOT + " ", enc(" ") + [eot] + enc(" ")),
        (EOT + EOT, [eot, eot]),
        (EOT, [eot]),
        ("end.\n" + EOT + "\nStart", enc("end.\n") + [eot] + enc("\nStart")),
    ]
    for text, expected in cases:
        feedback.expect_equal(
            enc(text),
            expected,
            f"encode({text!r})",
            hint="split on special tokens before pre-tokenizing: the text on "
            "each side is encoded on its own",
        )


@pytest.mark.points(1)
def test_special_tokens_absent_or_partial():
    """encode: a special token not in the text, or only half of one, changes nothing"""
    vocab, merges = _ref_model()
    plain = bpe.Tokenizer(dict(vocab), list(merges))
    special = _learner_tokenizer((EOT,))
    # (the special token shifts every merge's id by one: compare the tokens' bytes)
    for text in (_slice(4_600_000, 5_000), "<|endoftext", "endoftext|>", "<|", "<|end<|endoftex"):
        feedback.expect_equal(
            [special.vocab[i] for i in special.encode(text)],
            [plain.vocab[i] for i in plain.encode(text)],
            f"the tokens of encode({text[:40]!r}) with and without the special token "
            "'<|endoftext|>'",
            hint="only a complete special token is special; escape the tokens (regex.escape) "
            "because '|' means 'or' in a pattern",
        )
    empty = bpe.Tokenizer(dict(vocab), list(merges), [])
    feedback.expect_equal(
        empty.encode("hello"),
        plain.encode("hello"),
        "encode('hello') with special_tokens=[]",
        hint="with no special tokens do not split at all (an empty alternation matches everywhere)",
    )


# ---------------------------------------------------------------- decoding and streaming (task 3)

ROUND_TRIPS = {
    "emoji": "👍🏽 ok 🇫🇷🇫🇷 ❤️‍🔥 👨‍👩‍👧‍👦 😀😀😀",
    "cjk": "東京は日本の首都です。北京是中国的首都。한국어 텍스트",
    "empty": "",
    "whitespace_runs": "   a    b\t\t\tc \n\n\n   \t \u00a0\u3000 end   ",
    "mixed_newlines": "one\r\ntwo\rthree\nfour\r\n\r\n\n\rfive\u2028six",
    "rare_bytes": "\x00\x01\x7f control \ufeff bom \U0001f9ec 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
}


@pytest.mark.points(1)
@pytest.mark.parametrize("name", list(ROUND_TRIPS))
def test_round_trip(name):
    """decode(encode(text)) == text on emoji, CJK, empty, whitespace runs, mixed newlines"""
    tok = _learner_tokenizer((EOT,))
    text = ROUND_TRIPS[name]
    for sample in (text, text + EOT + text):
        feedback.expect_equal(
            tok.decode(tok.encode(sample)),
            sample,
            f"decode(encode({sample[:40]!r}))",
            hint="encode the UTF-8 bytes of each pre-token; decode the joined "
            "bytes of all ids at once",
        )


@pytest.mark.points(1)
def test_decode_split_characters():
    """decode: a character split across ids decodes whole; half of it gives U+FFFD"""
    tok = _learner_tokenizer()
    ids = [tok.token_ids[bytes([b])] for b in "東".encode()]
    feedback.expect_equal(
        tok.decode(ids),
        "東",
        "decode of the 3 byte ids of '東'",
        hint="join the bytes of all ids first, then decode once",
    )
    feedback.expect_equal(
        tok.decode(ids[:2]),
        "\ufffd",
        "decode of the first 2 bytes of '東'",
        hint="bytes.decode('utf-8', errors='replace')",
    )
    feedback.expect_equal(tok.decode([]), "", "decode([])")
    feedback.expect_equal(
        tok.decode(ids[1:] + [tok.token_ids[b"A"]]),
        "\ufffd\ufffdA",
        "decode of bytes 2 and 3 of '東', then 'A'",
        hint="errors='replace' (one U+FFFD per invalid byte), not 'ignore'",
    )


class _ReadTooFar(Exception):
    pass


@pytest.mark.points(2)
def test_encode_iterable_is_lazy():
    """encode_iterable streams: the first ids come before the input is read to the end"""
    tok = _learner_tokenizer((EOT,))
    lines = _slice(1_200_000, 20_000).splitlines(keepends=True)
    read = {"lines": 0}

    def endless():
        while True:
            for line in lines:
                read["lines"] += 1
                if read["lines"] > 20_000:
                    raise _ReadTooFar
                yield line

    stream = tok.encode_iterable(endless())
    first = []
    try:
        for token in stream:
            first.append(token)
            if len(first) == 500:
                break
    except _ReadTooFar:
        feedback.fail(
            "encode_iterable read 20,000 lines of an endless input before yielding "
            f"500 ids (it yielded {len(first)})",
            hint="yield ids as you go (a generator): do not collect the lines or "
            "the ids in a list first",
        )
    expected = tok.encode("".join(lines))[:300]
    feedback.expect_equal(
        first[:300],
        expected,
        "the first 300 ids from encode_iterable",
        hint="they must equal encode() of the same text",
    )


@pytest.mark.points(1)
def test_encode_iterable_equals_encode_on_a_play():
    """encode_iterable(lines) equals encode of the whole text (50,000 characters, specials)"""
    tok = _learner_tokenizer((EOT,))
    text = _slice(4_200_000, 50_000)
    text = text.replace("\n\n", "\n" + EOT + "\n", 40).replace(".", "." + EOT, 40)
    lines = text.splitlines(keepends=True)
    got, expected = list(tok.encode_iterable(iter(lines))), tok.encode(text)
    if got != expected:
        k = _first_difference(got, expected)
        feedback.fail(
            f"encode_iterable(lines) differs from encode(text) at id {k}",
            [tok.vocab.get(i) for i in expected[max(0, k - 1) : k + 3]],
            [tok.vocab.get(i) for i in got[max(0, k - 1) : k + 3]],
            "the pre-tokenizer looks ahead across line ends ('  \\n' + 'Next' gives '  ', "
            "'\\n'); keep the last pre-tokens in a buffer until more text arrives",
        )


def _indented_text(lines: int, seed: int) -> str:
    """Code-like text: indented lines, trailing spaces, runs of blank lines."""
    rng = random.Random(seed)
    statements = [
        "return x",
        "if y:",
        "for i in range(n):",
        "total += i",
        "pass",
        "# note  ",
        "x = f'{y}'",
        "else:",
    ]
    return "".join(
        " " * rng.choice([0, 2, 4, 4, 8, 8, 12])
        + rng.choice(statements)
        + rng.choice(["\n", "\n", "  \n", "\n\n", "\n  \n", "\n\n\n"])
        for _ in range(lines)
    )


@pytest.mark.points(1)
def test_encode_iterable_lines_starting_with_spaces():
    """encode_iterable: indented lines, trailing spaces and blank lines (code-like text)"""
    vocab, merges = _cached_indented_model()
    tok = bpe.Tokenizer(dict(vocab), list(merges))
    text = _indented_text(400, seed=2)
    lines = text.splitlines(keepends=True)
    got, expected = list(tok.encode_iterable(lines)), tok.encode(text)
    if got != expected:
        k = _first_difference(got, expected)
        feedback.fail(
            f"encode_iterable(lines) differs from encode(text) at id {k}",
            [tok.vocab.get(i) for i in expected[max(0, k - 1) : k + 3]],
            [tok.vocab.get(i) for i in got[max(0, k - 1) : k + 3]],
            "a whitespace run may continue on the next line: '\\n' + '    return' "
            "pre-tokenizes as '\\n   ', ' return'; do not encode the end of your buffer "
            "before you know what follows",
        )


@functools.cache
def _cached_indented_model():
    return ref.train_bpe(_indented_text(3000, seed=1), 400)
