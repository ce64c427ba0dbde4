"""schedule evaluated at step + 1"""

MODULE = "train.py"

REPLACE = [
    (
        "lr = cosine_lr(step, max_lr, warmup_steps, steps)",
        "lr = cosine_lr(step + 1, max_lr, warmup_steps, steps)",
    ),
]
