"""weight_decay argument not passed to AdamW (its default 0.01 is used)"""

MODULE = "train.py"

REPLACE = [
    (
        "optimizer = torch.optim.AdamW(model.parameters(), lr=max_lr, weight_decay=weight_decay,\n"
        "                                  betas=(0.9, 0.95), fused=True)",
        "optimizer = torch.optim.AdamW(model.parameters(), lr=max_lr, betas=(0.9, 0.95))",
    ),
]
