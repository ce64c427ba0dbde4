"""windows only start at multiples of block_size (non-overlapping chunks)"""

MODULE = "data.py"


def get_batch(ids, batch_size, block_size, generator=None):
    chunks = (len(ids) - 1) // block_size
    starts = torch.randint(0, chunks, (batch_size,), generator=generator) * block_size
    x = torch.stack([ids[s : s + block_size] for s in starts])
    y = torch.stack([ids[s + 1 : s + block_size + 1] for s in starts])
    return x.long(), y.long()
