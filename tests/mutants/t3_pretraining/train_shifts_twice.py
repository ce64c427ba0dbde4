"""training loss shifts the already-shifted targets again (next_token_loss on y)"""

MODULE = "train.py"

REPLACE = [
    (
        "loss = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), y.reshape(-1))",
        "loss = F.cross_entropy(logits[:, :-1].float().reshape(-1, logits.shape[-1]), y[:, 1:].reshape(-1))",
    ),
]
