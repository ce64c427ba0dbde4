"""tokenize_for_sft that labels only the last assistant turn of a multi-turn conversation"""
MODULE = "chat.py"


def tokenize_for_sft(messages, tokenizer, max_length):
    text, span = "", None
    for m in messages:
        text += f"{IM_START}{m['role']}\n"
        if m["role"] == "assistant":
            span = (len(text), len(text) + len(m["content"]) + len(IM_END))
        text += f"{m['content']}{IM_END}\n"
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    ids = list(enc["input_ids"])
    labels = [t if span and span[0] <= b and e <= span[1] else -100
              for t, (b, e) in zip(ids, enc["offset_mapping"])]
    return {"input_ids": ids[:max_length], "attention_mask": [1] * len(ids[:max_length]),
            "labels": labels[:max_length]}
