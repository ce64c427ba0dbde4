"""model left in eval mode (dropout off during training)"""

MODULE = "train.py"

REPLACE = [
    (
        "optimizer = torch.optim.AdamW(model.parameters(), lr=max_lr, weight_decay=weight_decay,\n"
        "                                  betas=(0.9, 0.95), fused=True)\n"
        "    model.train()",
        "optimizer = torch.optim.AdamW(model.parameters(), lr=max_lr, weight_decay=weight_decay, betas=(0.9, 0.95))",
    ),
]
