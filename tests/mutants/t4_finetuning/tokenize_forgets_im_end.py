"""tokenize_for_sft that labels the assistant's content but not the <|im_end|> that ends it"""
MODULE = "chat.py"
# every check this fails names the end token, none blames truncation or a 'messages' dataset
MESSAGES = {
    "*": ("<|im_end|>", "!truncat", "!every token"),
    "*test_run_sft_trains_only_on_the_assistant_tokens*": "unlabelled",
    "*test_run_sft_sees_assistant_only_labels*": "unlabelled",
}


def tokenize_for_sft(messages, tokenizer, max_length):
    text, spans = "", []
    for m in messages:
        text += f"{IM_START}{m['role']}\n"
        if m["role"] == "assistant":
            spans.append((len(text), len(text) + len(m["content"])))
        text += f"{m['content']}{IM_END}\n"
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    ids = list(enc["input_ids"])
    labels = [t if any(lo <= b and e <= hi for lo, hi in spans) else -100
              for t, (b, e) in zip(ids, enc["offset_mapping"])]
    return {"input_ids": ids[:max_length], "attention_mask": [1] * len(ids[:max_length]),
            "labels": labels[:max_length]}
