"""tokenize_for_sft that shifts the labels itself (the model shifts them again)"""

MODULE = "chat.py"

REPLACE = [
    (
        "ids, labels = ids[:max_length], labels[:max_length]",
        "labels = labels[1:] + [-100]\n    ids, labels = ids[:max_length], labels[:max_length]",
    ),
]
