"""tokenize_for_sft that pads every conversation to max_length"""

MODULE = "chat.py"

REPLACE = [
    (
        'return {"input_ids": ids, "attention_mask": [1] * len(ids), "labels": labels}',
        'pad = max_length - len(ids)\n    return {"input_ids": ids + [tokenizer.pad_token_id] * pad,\n            "attention_mask": [1] * len(ids) + [0] * pad, "labels": labels + [-100] * pad}',
    ),
]
