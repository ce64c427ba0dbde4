"""the residual adds to the normalised input instead of the raw stream"""
MODULE = "transformer.py"


class TransformerBlock(nn.Module):

    def __init__(self, d_model, n_heads, d_hidden):
        super().__init__()
        self.ln_1 = nn.LayerNorm(d_model)
        self.attn = MultiHeadSelfAttention(d_model, n_heads)
        self.ln_2 = nn.LayerNorm(d_model)
        self.mlp = FeedForward(d_model, d_hidden)

    def forward(self, x, attention_mask=None):
        h = self.ln_1(x)
        x = h + self.attn(h, causal=True, attention_mask=attention_mask)
        h = self.ln_2(x)
        return h + self.mlp(h)
