"""tokenize_for_sft that labels only the tokens lying wholly inside the assistant's text (the '\\n\\n' that merges the header's newline with a reply's first is missed)"""
MODULE = "chat.py"


def tokenize_for_sft(messages, tokenizer, max_length):
    text, spans = "", []
    for m in messages:
        text += f"{IM_START}{m['role']}\n"
        if m["role"] == "assistant":
            spans.append((len(text), len(text) + len(m["content"]) + len(IM_END)))
        text += f"{m['content']}{IM_END}\n"
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    ids = list(enc["input_ids"])
    labels = [t if any(lo <= b and e <= hi for lo, hi in spans) else -100
              for t, (b, e) in zip(ids, enc["offset_mapping"])]
    return {"input_ids": ids[:max_length], "attention_mask": [1] * len(ids[:max_length]),
            "labels": labels[:max_length]}
