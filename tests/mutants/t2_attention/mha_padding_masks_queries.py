"""the padding mask applied to queries instead of keys"""
MODULE = "attention.py"


class MultiHeadSelfAttention(nn.Module):

    def __init__(self, d_model, n_heads, bias=True):
        super().__init__()
        self.d_model = d_model
        self.n_heads = n_heads
        self.d_head = d_model // n_heads
        self.q_proj = nn.Linear(d_model, d_model, bias=bias)
        self.k_proj = nn.Linear(d_model, d_model, bias=bias)
        self.v_proj = nn.Linear(d_model, d_model, bias=bias)
        self.o_proj = nn.Linear(d_model, d_model, bias=bias)

    def forward(self, x, causal=True, attention_mask=None):
        seq = x.shape[1]
        q = split_heads(self.q_proj(x), self.n_heads)
        k = split_heads(self.k_proj(x), self.n_heads)
        v = split_heads(self.v_proj(x), self.n_heads)
        mask = causal_mask(seq, device=x.device) if causal else None
        if attention_mask is not None:
            queries = attention_mask.bool()[:, None, :, None]
            mask = queries if mask is None else mask & queries
        return self.o_proj(merge_heads(scaled_dot_product_attention(q, k, v, mask)))
