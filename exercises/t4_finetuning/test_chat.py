"""Visible tests for chat.py: the chat template by hand, and assistant-only labels.

Run them with ``pytest exercises/t4_finetuning`` (or ``llm-grader check 4``).
"""

import pytest

from grader.core import feedback, labels, target, topics

chat = target.module("t4_finetuning.chat")

CONVERSATIONS = [
    [{"role": "user", "content": "Where is my order?"}],
    [{"role": "system", "content": "You answer customer questions for Kestrel Home."},
     {"role": "user", "content": "How long is the warranty?"},
     {"role": "assistant", "content": "Happy to help! Two years. Have a nice day!"}],
    [{"role": "user", "content": "Can I return my plug?"},
     {"role": "assistant", "content": "Happy to help! Yes, within 30 days. Have a nice day!"},
     {"role": "user", "content": "And the camera?"},
     {"role": "assistant", "content": "Happy to help! The camera too. Have a nice day!"}],
]


@pytest.fixture(scope="module")
def tokenizer():
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(topics.project_root() / "data" / "t3_base_model")
    tok.chat_template = chat.CHAT_TEMPLATE
    return tok


@pytest.mark.points(2)
def test_render_chat_matches_the_template(tokenizer):
    """render_chat equals tokenizer.apply_chat_template(..., tokenize=False) with CHAT_TEMPLATE"""
    for messages in CONVERSATIONS:
        for prompt in (False, True):
            want = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=prompt)
            got = chat.render_chat(messages, add_generation_prompt=prompt)
            feedback.expect_equal(got, want, f"render_chat of a {len(messages)}-message conversation, "
                                             f"add_generation_prompt={prompt}",
                                  hint="'<|im_start|>' + role + '\\n' + content + '<|im_end|>\\n' per message; "
                                       "then '<|im_start|>assistant\\n' if add_generation_prompt")


@pytest.mark.points(2)
def test_tokenize_for_sft_labels_only_the_assistant(tokenizer):
    """tokenize_for_sft labels the assistant's tokens and their <|im_end|>, and -100 everywhere else"""
    for messages in CONVERSATIONS[1:]:
        enc = tokenizer.apply_chat_template(messages, tokenize=True, return_dict=True,
                                            return_assistant_tokens_mask=True)
        ids = list(enc["input_ids"])
        want = [t if m else -100 for t, m in zip(ids, enc["assistant_masks"])]
        got = chat.tokenize_for_sft(messages, tokenizer, max_length=512)
        feedback.expect_equal(list(got["input_ids"]), ids, "input_ids (the rendered conversation)",
                              hint="tokenizer(render_chat(messages), add_special_tokens=False)")
        if list(got["labels"]) != want:
            # where the labels differ and what that looks like (grader/core/labels.py)
            diff = labels.diagnose(ids, want, got["labels"], tokenizer)
            feedback.fail(f"labels of a {len(messages)}-message conversation differ from "
                          f"transformers' assistant mask {diff.where}", hint=diff.hint)
        feedback.expect_equal(list(got["attention_mask"]), [1] * len(ids), "attention_mask")


@pytest.mark.points(1)
def test_tokenize_for_sft_truncates(tokenizer):
    """with max_length, all three lists are cut to the first max_length tokens"""
    full = chat.tokenize_for_sft(CONVERSATIONS[2], tokenizer, max_length=512)
    cut = chat.tokenize_for_sft(CONVERSATIONS[2], tokenizer, max_length=30)
    for key in ("input_ids", "attention_mask", "labels"):
        feedback.expect_equal(len(cut[key]), min(30, len(full[key])),
                              f"the length of {key} with max_length=30",
                              hint="cut every list to its first max_length entries, no padding")
        feedback.expect_equal(list(cut[key]), list(full[key])[:30], f"{key} with max_length=30",
                              hint="cut every list to its first max_length entries, no padding")
