"""tokenize_for_sft that also labels the '<|im_start|>assistant\\n' header"""
MODULE = "chat.py"


def tokenize_for_sft(messages, tokenizer, max_length):
    text, spans = "", []
    for m in messages:
        start = len(text)
        text += f"{IM_START}{m['role']}\n{m['content']}{IM_END}"
        if m["role"] == "assistant":
            spans.append((start, len(text)))
        text += "\n"
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    ids = list(enc["input_ids"])
    labels = [t if any(lo <= b and e <= hi for lo, hi in spans) else -100
              for t, (b, e) in zip(ids, enc["offset_mapping"])]
    return {"input_ids": ids[:max_length], "attention_mask": [1] * len(ids[:max_length]),
            "labels": labels[:max_length]}
