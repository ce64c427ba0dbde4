"""gradients clipped after the optimizer step (too late to matter)"""
MODULE = "train.py"

def train(model, batches, steps, max_lr, warmup_steps=100, weight_decay=0.1, clip_norm=1.0, on_step=None):
    optimizer = torch.optim.AdamW(model.parameters(), lr=max_lr, weight_decay=weight_decay, betas=(0.9, 0.95))
    model.train()
    losses = []
    for step in range(steps):
        x, y = next(batches)
        lr = cosine_lr(step, max_lr, warmup_steps, steps)
        for group in optimizer.param_groups:
            group["lr"] = lr
        logits = logits_of(model(x))
        loss = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), y.reshape(-1))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        torch.nn.utils.clip_grad_norm_(model.parameters(), clip_norm)
        losses.append(loss.item())
        if on_step is not None:
            on_step(step, losses[-1])
    return losses
