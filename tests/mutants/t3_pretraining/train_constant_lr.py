"""the schedule is never applied (constant max_lr)"""

MODULE = "train.py"

REPLACE = [
    (
        '        for group in optimizer.param_groups:\n            group["lr"] = lr\n',
        "",
    ),
]
