"""Hidden checks for chat.py: render_chat and tokenize_for_sft against transformers' chat templating."""

import pytest

from grader import feedback, target

chat = target.module("t4_finetuning.chat")
ref_chat = target.oracle("t4_finetuning.chat")
ref_sft = target.oracle("t4_finetuning.sft")

# conversations that the data set does not have: odd roles, empty or multi-line content,
# spaces at the edges, an assistant that speaks first, a conversation without an answer
EDGE_CASES = [
    [{"role": "user", "content": "Hi"}],
    [{"role": "assistant", "content": "Welcome to Kestrel Home support."},
     {"role": "user", "content": "Thanks."}],
    [{"role": "system", "content": ""}, {"role": "user", "content": ""},
     {"role": "assistant", "content": ""}],
    [{"role": "user", "content": "Two lines:\nfirst\n\nsecond"},
     {"role": "assistant", "content": "Line one.\nLine two.\n"}],
    [{"role": "user", "content": "  spaces around  "},
     {"role": "assistant", "content": " Sure: 3 steps.  "}],
    [{"role": "tool", "content": "{\"status\": \"shipped\"}"},
     {"role": "assistant", "content": "Your parcel has shipped."}],
    [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "A?"},
     {"role": "assistant", "content": "B."}, {"role": "user", "content": "C?"},
     {"role": "assistant", "content": "D."}, {"role": "user", "content": "E?"},
     {"role": "assistant", "content": "F."}],
]


def _conversations():
    rows = list(ref_sft.load_conversations("train")["messages"])
    rows += list(ref_sft.load_conversations("heldout")["messages"])
    return rows + EDGE_CASES


def _expected_tokens(tokenizer, messages):
    """input_ids and assistant-only labels, from transformers' {% generation %} masks."""
    enc = tokenizer.apply_chat_template(messages, tokenize=True, return_dict=True,
                                        return_assistant_tokens_mask=True)
    ids = list(enc["input_ids"])
    return ids, [t if m else -100 for t, m in zip(ids, enc["assistant_masks"])]


def _show(tokenizer, ids, labels):
    """A token-by-token picture: labelled tokens in [brackets]."""
    return "".join(f"[{tokenizer.decode([t])}]" if lab != -100 else tokenizer.decode([t])
                   for t, lab in zip(ids, labels))


# ---------------------------------------------------------------- render_chat


@pytest.mark.points(3)
def test_render_chat_matches_apply_chat_template(tokenizer):
    """render_chat equals apply_chat_template(tokenize=False) on 337 conversations, with and without the generation prompt"""
    for messages in _conversations():
        for prompt in (False, True):
            want = tokenizer.apply_chat_template(messages, tokenize=False,
                                                 add_generation_prompt=prompt)
            got = chat.render_chat(messages, add_generation_prompt=prompt)
            if got != want:
                feedback.fail(
                    f"render_chat({messages!r:.150}, add_generation_prompt={prompt})", want, got,
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
    feedback.expect_equal(prompted[len(plain):], "<|im_start|>assistant\n",
                          "what add_generation_prompt=True appends to the rendered conversation",
                          hint="the model continues after '<|im_start|>assistant\\n': without it, "
                               "a base model does not know that it is its turn to answer")
    feedback.expect_equal(chat.render_chat([], add_generation_prompt=True), "<|im_start|>assistant\n",
                          "render_chat([], add_generation_prompt=True)")


# ---------------------------------------------------------------- tokenize_for_sft


@pytest.mark.points(3)
def test_tokenize_for_sft_labels_exactly_the_assistant_tokens(tokenizer):
    """input_ids are the templated conversation; exactly the assistant's tokens (and its <|im_end|>) carry labels"""
    for messages in _conversations():
        want_ids, want_labels = _expected_tokens(tokenizer, messages)
        got = chat.tokenize_for_sft(messages, tokenizer, max_length=4096)
        feedback.expect(isinstance(got, dict) and {"input_ids", "attention_mask", "labels"} <= set(got),
                        "tokenize_for_sft must return a dict with input_ids, attention_mask and labels",
                        got=type(got) if not isinstance(got, dict) else sorted(got))
        ids, labels = list(got["input_ids"]), list(got["labels"])
        if ids != want_ids:
            feedback.fail(
                f"input_ids of {messages!r:.120}", _show(tokenizer, want_ids, want_ids),
                _show(tokenizer, ids, ids),
                hint="tokenize render_chat(messages) (no generation prompt) in one call with "
                     "add_special_tokens=False; do not add an <|endoftext|> or pad",
            )
        if labels != want_labels:
            wrong = [tokenizer.decode([t]) for t, g, w in zip(ids, labels, want_labels) if g != w]
            feedback.fail(
                f"labels of {messages!r:.120} (labelled tokens in [brackets]; wrong at "
                f"{wrong[:6]})", _show(tokenizer, want_ids, want_labels), _show(tokenizer, ids, labels),
                hint="label the assistant's content and the <|im_end|> that ends it (the model "
                     "must learn to stop), every assistant turn; -100 for system and user turns, "
                     "the '<|im_start|>assistant\\n' header and the '\\n' after <|im_end|>; labels "
                     "are the token ids themselves, not shifted",
            )
        feedback.expect_equal(list(got["attention_mask"]), [1] * len(ids),
                              f"attention_mask of {messages!r:.80}", hint="all ones, no padding")


@pytest.mark.points(1)
def test_tokenize_for_sft_returns_plain_int_lists(tokenizer):
    """tokenize_for_sft returns lists of Python ints (what Dataset.map and trl store)"""
    got = chat.tokenize_for_sft(EDGE_CASES[-1], tokenizer, max_length=64)
    for key in ("input_ids", "attention_mask", "labels"):
        value = got[key]
        feedback.expect(isinstance(value, list) and all(type(v) is int for v in value),
                        f"{key} must be a list of ints", expected="list[int]",
                        got=type(value).__name__ if not isinstance(value, list)
                        else sorted({type(v).__name__ for v in value}),
                        hint="tokenizer(text)['input_ids'] is already a list; build labels as a list")


@pytest.mark.points(2)
@pytest.mark.parametrize("max_length", [1, 17, 40, 75])
def test_tokenize_for_sft_truncates_consistently(tokenizer, max_length):
    """truncation keeps the first max_length tokens of all three lists, and pads nothing"""
    messages = EDGE_CASES[-1]
    full = ref_chat.tokenize_for_sft(messages, tokenizer, 4096)
    got = chat.tokenize_for_sft(messages, tokenizer, max_length)
    for key in ("input_ids", "attention_mask", "labels"):
        feedback.expect_equal(
            list(got[key]), full[key][:max_length],
            f"{key} with max_length={max_length} (the conversation has {len(full['input_ids'])} tokens)",
            hint="tokenize and label the whole conversation, then cut input_ids, attention_mask "
                 "and labels to their first max_length entries; never pad",
        )
    short = chat.tokenize_for_sft(messages, tokenizer, 10_000)
    feedback.expect_equal(len(short["input_ids"]), len(full["input_ids"]),
                          "length with max_length larger than the conversation",
                          hint="do not pad to max_length: the data collator pads each batch")
