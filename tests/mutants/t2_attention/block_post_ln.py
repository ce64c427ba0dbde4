"""post-LayerNorm (the original Transformer) instead of GPT-2's pre-LayerNorm"""
MODULE = "transformer.py"


class TransformerBlock(nn.Module):

    def __init__(self, d_model, n_heads, d_hidden):
        super().__init__()
        self.ln_1 = nn.LayerNorm(d_model)
        self.attn = MultiHeadSelfAttention(d_model, n_heads)
        self.ln_2 = nn.LayerNorm(d_model)
        self.mlp = FeedForward(d_model, d_hidden)

    def forward(self, x, attention_mask=None):
        x = self.ln_1(x + self.attn(x, causal=True, attention_mask=attention_mask))
        x = self.ln_2(x + self.mlp(x))
        return x
