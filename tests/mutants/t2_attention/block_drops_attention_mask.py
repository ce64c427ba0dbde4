"""the block does not pass attention_mask on to the attention"""
MODULE = "transformer.py"


class TransformerBlock(nn.Module):

    def __init__(self, d_model, n_heads, d_hidden):
        super().__init__()
        self.ln_1 = nn.LayerNorm(d_model)
        self.attn = MultiHeadSelfAttention(d_model, n_heads)
        self.ln_2 = nn.LayerNorm(d_model)
        self.mlp = FeedForward(d_model, d_hidden)

    def forward(self, x, attention_mask=None):
        x = x + self.attn(self.ln_1(x), causal=True)
        return x + self.mlp(self.ln_2(x))
