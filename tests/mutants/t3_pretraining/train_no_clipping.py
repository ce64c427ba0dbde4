"""gradient clipping missing"""

MODULE = "train.py"

REPLACE = [
    (
        "        torch.nn.utils.clip_grad_norm_(model.parameters(), clip_norm)\n",
        "",
    ),
]
