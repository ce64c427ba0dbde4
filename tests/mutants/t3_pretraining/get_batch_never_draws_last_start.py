"""off by one: the last valid window start is never drawn"""

MODULE = "data.py"


def get_batch(ids, batch_size, block_size, generator=None):
    starts = torch.randint(0, len(ids) - block_size - 1, (batch_size,), generator=generator)
    x = torch.stack([ids[s : s + block_size] for s in starts])
    y = torch.stack([ids[s + 1 : s + block_size + 1] for s in starts])
    return x.long(), y.long()
