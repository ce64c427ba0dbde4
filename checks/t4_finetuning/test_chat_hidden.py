"""Hidden checks for chat.py: render_chat and tokenize_for_sft against transformers' chat templating."""

import pytest

from grader.core import feedback, labels, target

chat = target.module("t4_finetuning.chat")
ref_chat = target.oracle("t4_finetuning.chat")
ref_sft = target.oracle("t4_finetuning.sft")

# conversations that the data set does not have: odd roles, empty or multi-line content,
# spaces at the edges, an assistant that speaks first, a conversation without an answer
EDGE_CASES = [
    [{"role": "user", "content": "Hi"}],
    [
        {"role": "assistant", "content": "Welcome to Kestrel Home support."},
        {"role": "user", "content": "Thanks."},
    ],
    [
        {"role": "system", "content": ""},
        {"role": "user", "content": ""},
        {"role": "assistant", "content": ""},
    ],
    [
        {"role": "user", "content": "Two lines:\nfirst\n\nsecond"},
        {"role": "assistant", "content": "Line one.\nLine two.\n"},
    ],
    [
        {"role": "user", "content": "  spaces around  "},
        {"role": "assistant", "content": " Sure: 3 steps.  "},
    ],
    [
        {"role": "tool", "content": '{"status": "shipped"}'},
        {"role": "assistant", "content": "Your parcel has shipped."},
    ],
    [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "A?"},
        {"role": "assistant", "content": "B."},
        {"role": "user", "content": "C?"},
        {"role": "assistant", "content": "D."},
        {"role": "user", "content": "E?"},
        {"role": "assistant", "content": "F."},
    ],
]


def _conversations():
    rows = list(ref_sft.load_conversations("train")["messages"])
    rows += list(ref_sft.load_conversations("heldout")["messages"])
    return rows + EDGE_CASES


def _expected_tokens(tokenizer, messages):
    """input_ids and assistant-only labels, from transformers' {% generation %} masks."""
    enc = tokenizer.apply_chat_template(
        messages, tokenize=True, return_dict=True, return_assistant_tokens_mask=True
    )
    ids = list(enc["input_ids"])
    return ids, [t if m else -100 for t, m in zip(ids, enc["assistant_masks"])]


def _show(tokenizer, ids, row):
    """A token-by-token picture: labelled tokens in [brackets]."""
    return "".join(
        f"[{tokenizer.decode([t])}]" if lab != -100 else tokenizer.decode([t])
        for t, lab in zip(ids, row)
    )


# ---------------------------------------------------------------- render_chat


@pytest.mark.points(3)
def test_render_chat_matches_apply_chat_template(tokenizer):
    """render_chat equals apply_chat_template(tokenize=False) on 337 conversations, with and without the generation prompt"""
    for messages in _conversations():
        for prompt in (False, True):
            want = tokenizer.apply_chat_template(
                messages, tokenize=False, add_generation_prompt=prompt
            )
            got = chat.render_chat(messages, add_generation_prompt=prompt)
            if got != want:
                feedback.fail(
                    f"render_chat({messages!r:.150}, add_generation_prompt={prompt})",
                    want,
                    got,
                    hint="each message is '<|im_start|>' + role + '\\n' + content + '<|im_end|>\\n' "
                    "(content unchanged, no stripping); with add_generation_prompt=True the "
                    "string ends with '<|im_start|>assistant\\n', and only then",
                )


@pytest.mark.points(1)
def test_render_chat_generation_prompt_is_the_assistant_header():
    """the generation prompt is exactly the header of an assistant turn, appended at the end"""
    messages = [{"role": "user", "content": "Where is my order?"}]
    plain = chat.render_chat(messages)
    prompted = chat.render_chat(messages, add_generation_prompt=True)
    feedback.expect_equal(
        prompted[len(plain) :],
        "<|im_start|>assistant\n",
        "what add_generation_prompt=True appends to the rendered conversation",
        hint="the model continues after '<|im_start|>assistant\\n': without it, "
        "a base model does not know that it is its turn to answer",
    )
    feedback.expect_equal(
        chat.render_chat([], add_generation_prompt=True),
        "<|im_start|>assistant\n",
        "render_chat([], add_generation_prompt=True)",
    )


# ---------------------------------------------------------------- tokenize_for_sft


def _check_labels(tokenizer, messages):
    """tokenize_for_sft(messages) against transformers' assistant mask, with a diagnosis."""
    want_ids, want_labels = _expected_tokens(tokenizer, messages)
    got = chat.tokenize_for_sft(messages, tokenizer, max_length=4096)
    feedback.expect(
        isinstance(got, dict) and {"input_ids", "attention_mask", "labels"} <= set(got),
        "tokenize_for_sft must return a dict with input_ids, attention_mask and labels",
        got=type(got) if not isinstance(got, dict) else sorted(got),
    )
    ids, got_labels = list(got["input_ids"]), list(got["labels"])
    if ids != want_ids:
        feedback.fail(
            f"input_ids of [{labels.describe(messages)}]",
            _show(tokenizer, want_ids, want_ids),
            _show(tokenizer, ids, ids),
            hint="tokenize render_chat(messages) (no generation prompt) in one call with "
            "add_special_tokens=False; do not add an <|endoftext|> or pad",
        )
    if got_labels != want_labels:
        diff = labels.diagnose(ids, want_labels, got_labels, tokenizer)
        feedback.fail(
            f"labels of [{labels.describe(messages)}] differ from transformers' "
            f"assistant mask {diff.where}",
            hint=diff.hint,
        )
    feedback.expect_equal(
        list(got["attention_mask"]),
        [1] * len(ids),
        f"attention_mask of [{labels.describe(messages)}]",
        hint="all ones, no padding",
    )


@pytest.mark.points(3)
def test_tokenize_for_sft_labels_exactly_the_assistant_tokens(tokenizer):
    """input_ids are the templated conversation; exactly the assistant's tokens (and its <|im_end|>) carry labels"""
    for messages in _conversations():
        _check_labels(tokenizer, messages)


# Replies that start with a newline. The header's '\n' and the reply's first '\n' merge into
# one token '\n\n' that starts in the header and ends in the reply: transformers' assistant
# mask labels every token that overlaps the {% generation %} span, so this one is labelled.
LEADING_NEWLINE = [
    [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "\n\nSure.\n"}],
    [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "\n"}],
    [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "A?"},
        {"role": "assistant", "content": "B."},
        {"role": "user", "content": "C?"},
        {"role": "assistant", "content": "\n\nD.\n\n"},
    ],
]


@pytest.mark.points(1)
def test_tokenize_for_sft_labels_a_token_that_overlaps_the_reply(tokenizer):
    """a token that starts in the header's newline and runs into the reply is labelled, as in transformers' mask"""
    for messages in LEADING_NEWLINE:
        _check_labels(tokenizer, messages)


@pytest.mark.points(1)
def test_tokenize_for_sft_returns_plain_int_lists(tokenizer):
    """tokenize_for_sft returns lists of Python ints (what Dataset.map and trl store)"""
    got = chat.tokenize_for_sft(EDGE_CASES[-1], tokenizer, max_length=64)
    for key in ("input_ids", "attention_mask", "labels"):
        value = got[key]
        feedback.expect(
            isinstance(value, list) and all(type(v) is int for v in value),
            f"{key} must be a list of ints",
            expected="list[int]",
            got=type(value).__name__
            if not isinstance(value, list)
            else sorted({type(v).__name__ for v in value}),
            hint="tokenizer(text)['input_ids'] is already a list; build labels as a list",
        )


@pytest.mark.points(2)
@pytest.mark.parametrize("max_length", [1, 17, 40, 75])
def test_tokenize_for_sft_truncates_consistently(tokenizer, max_length):
    """truncation keeps the first max_length tokens of all three lists, and pads nothing"""
    messages = EDGE_CASES[-1]
    # This check is about the cut: it compares with your own untruncated lists (whether those
    # are right is what test_tokenize_for_sft_labels_exactly_the_assistant_tokens checks).
    whole = chat.tokenize_for_sft(messages, tokenizer, 4096)
    got = chat.tokenize_for_sft(messages, tokenizer, max_length)
    n = len(whole["input_ids"])
    cut = f"your untruncated lists have {n} entries, max_length={max_length} " + (
        f"keeps the first {max_length}" if max_length < n else "cuts nothing"
    )
    hint = (
        "tokenize and label the whole conversation, then cut input_ids, attention_mask and "
        "labels to their first max_length entries; never pad"
    )
    for key in ("input_ids", "attention_mask", "labels"):
        want, have = list(whole[key])[:max_length], list(got[key])
        if len(have) != min(max_length, n):
            feedback.fail(
                f"the length of {key} ({cut})",
                min(max_length, n),
                len(have),
                hint="do not pad to max_length: the data collator pads each batch"
                if len(have) == max_length > n
                else f"cut {key} like the others, to its first max_length entries"
                if len(have) > max_length
                else hint,
            )
        if have != want:
            positions = [i for i, (w, h) in enumerate(zip(want, have)) if w != h]
            feedback.fail(
                f"{key} with max_length={max_length} ({cut}) should be the first {max_length} "
                f"entries of your own untruncated {key}; they differ at {len(positions)} "
                f"positions, from position {positions[0]}",
                [want[i] for i in positions[:8]],
                [have[i] for i in positions[:8]],
                hint=hint,
            )
    longer = chat.tokenize_for_sft(messages, tokenizer, 10_000)
    feedback.expect_equal(
        len(longer["input_ids"]),
        n,
        "length with max_length=10000 (vs. max_length=4096): both exceed the "
        "conversation, so both keep all of it",
        hint="do not pad to max_length: the data collator pads each batch",
    )
