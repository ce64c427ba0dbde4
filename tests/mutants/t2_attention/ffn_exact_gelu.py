"""the MLP with the exact (erf) GELU instead of GPT-2's tanh approximation"""

MODULE = "transformer.py"


class FeedForward(nn.Module):
    def __init__(self, d_model, d_hidden):
        super().__init__()
        self.c_fc = nn.Linear(d_model, d_hidden)
        self.act = nn.GELU()
        self.c_proj = nn.Linear(d_hidden, d_model)

    def forward(self, x):
        return self.c_proj(self.act(self.c_fc(x)))
