"""generate that runs the model with gradient tracking on (no torch.no_grad)"""

MODULE = "sampling.py"

REPLACE = [
    (
        "with torch.no_grad():\n        for _ in range(max_new_tokens):",
        "if True:  # no torch.no_grad()\n        for _ in range(max_new_tokens):",
    ),
]
