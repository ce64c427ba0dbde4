"""one LayerNorm shared by both sub-layers"""
MODULE = "transformer.py"


class TransformerBlock(nn.Module):

    def __init__(self, d_model, n_heads, d_hidden):
        super().__init__()
        self.ln_1 = nn.LayerNorm(d_model)
        self.attn = MultiHeadSelfAttention(d_model, n_heads)
        self.ln_2 = self.ln_1
        self.mlp = FeedForward(d_model, d_hidden)

    def forward(self, x, attention_mask=None):
        x = x + self.attn(self.ln_1(x), causal=True, attention_mask=attention_mask)
        return x + self.mlp(self.ln_1(x))
