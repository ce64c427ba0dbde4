"""TinyGPT with a separate (untied) output head"""
MODULE = "transformer.py"


class TinyGPT(nn.Module):

    def __init__(self, vocab_size, context_length, d_model, n_layers, n_heads, d_hidden=None):
        super().__init__()
        d_hidden = 4 * d_model if d_hidden is None else d_hidden
        self.vocab_size, self.context_length = vocab_size, context_length
        self.d_model, self.n_layers, self.n_heads, self.d_hidden = d_model, n_layers, n_heads, d_hidden
        self.wte = nn.Embedding(vocab_size, d_model)
        self.wpe = nn.Embedding(context_length, d_model)
        self.blocks = nn.ModuleList(TransformerBlock(d_model, n_heads, d_hidden) for _ in range(n_layers))
        self.ln_f = nn.LayerNorm(d_model)
        self.lm_head = nn.Linear(d_model, vocab_size, bias=False)

    def forward(self, input_ids, attention_mask=None):
        positions = torch.arange(input_ids.shape[1], device=input_ids.device)
        x = self.wte(input_ids) + self.wpe(positions)
        for block in self.blocks:
            x = block(x, attention_mask=attention_mask)
        return self.lm_head(self.ln_f(x))
