"""gradients clipped after the optimizer step (too late to matter)"""

MODULE = "train.py"

REPLACE = [
    (
        "loss.backward()\n"
        "        torch.nn.utils.clip_grad_norm_(model.parameters(), clip_norm)\n"
        "        optimizer.step()",
        "loss.backward()\n"
        "        optimizer.step()\n"
        "        torch.nn.utils.clip_grad_norm_(model.parameters(), clip_norm)",
    ),
]
