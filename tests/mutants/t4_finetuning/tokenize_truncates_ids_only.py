"""tokenize_for_sft that truncates input_ids but leaves labels and attention_mask full length"""

MODULE = "chat.py"

REPLACE = [
    (
        'ids, labels = ids[:max_length], labels[:max_length]\n    return {"input_ids": ids, "attention_mask": [1] * len(ids), "labels": labels}',
        'return {"input_ids": ids[:max_length], "attention_mask": [1] * len(ids), "labels": labels}',
    ),
]
