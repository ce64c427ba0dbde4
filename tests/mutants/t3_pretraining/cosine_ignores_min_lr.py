"""decays to zero whatever min_lr says"""

MODULE = "train.py"

REPLACE = [
    ("return min_lr + (max_lr - min_lr) * 0.5 *", "return max_lr * 0.5 *"),
]
