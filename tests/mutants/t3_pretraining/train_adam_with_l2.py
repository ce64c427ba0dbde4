"""Adam with weight_decay (an L2 term) instead of AdamW"""

MODULE = "train.py"

REPLACE = [
    (
        "optimizer = torch.optim.AdamW(model.parameters(), lr=max_lr, weight_decay=weight_decay,\n"
        "                                  betas=(0.9, 0.95), fused=True)",
        "optimizer = torch.optim.Adam(model.parameters(), lr=max_lr, weight_decay=weight_decay, betas=(0.9, 0.95))",
    ),
]
