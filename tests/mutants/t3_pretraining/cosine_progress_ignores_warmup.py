"""decay progress measured from step 0 instead of from the end of the warmup"""

MODULE = "train.py"

REPLACE = [
    (
        "progress = (step - warmup_steps) / max(1, total_steps - warmup_steps)",
        "progress = step / total_steps",
    ),
]
