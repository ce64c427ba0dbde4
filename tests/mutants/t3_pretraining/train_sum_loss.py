"""summed cross-entropy instead of the mean"""

MODULE = "train.py"

REPLACE = [
    (
        "loss = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), y.reshape(-1))",
        'loss = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), y.reshape(-1), reduction="sum")',
    ),
]
