"""gradients never cleared: they accumulate over steps"""

MODULE = "train.py"

REPLACE = [
    (
        "        optimizer.zero_grad(set_to_none=True)\n",
        "",
    ),
]
