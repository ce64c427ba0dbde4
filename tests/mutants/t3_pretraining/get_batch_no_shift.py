"""targets equal to the inputs (no shift: the model learns to copy the current token)"""

MODULE = "data.py"


def get_batch(ids, batch_size, block_size, generator=None):
    starts = torch.randint(0, len(ids) - block_size, (batch_size,), generator=generator)
    x = torch.stack([ids[s : s + block_size] for s in starts])
    return x.long(), x.clone().long()
