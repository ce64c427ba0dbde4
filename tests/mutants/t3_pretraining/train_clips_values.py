"""clip_grad_value_ instead of clipping the total norm"""

MODULE = "train.py"

REPLACE = [
    (
        "torch.nn.utils.clip_grad_norm_(model.parameters(), clip_norm)",
        "torch.nn.utils.clip_grad_value_(model.parameters(), clip_norm)",
    ),
]
