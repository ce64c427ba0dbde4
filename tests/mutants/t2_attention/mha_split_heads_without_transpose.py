"""heads split by a plain view to (B, H, T, d_head): positions and features get mixed"""

MODULE = "attention.py"


def split_heads(x, n_heads):
    batch, seq, d_model = x.shape
    return x.reshape(batch, n_heads, seq, d_model // n_heads)


def merge_heads(x):
    batch, n_heads, seq, d_head = x.shape
    return x.reshape(batch, seq, n_heads * d_head)
