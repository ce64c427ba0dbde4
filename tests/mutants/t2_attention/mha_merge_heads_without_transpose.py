"""heads merged back by a plain reshape, without transposing (B, H, T, d) to (B, T, H, d)"""

MODULE = "attention.py"


def merge_heads(x):
    batch, n_heads, seq, d_head = x.shape
    return x.reshape(batch, seq, n_heads * d_head)
