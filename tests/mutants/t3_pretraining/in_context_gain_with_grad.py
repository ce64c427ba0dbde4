"""forward pass with gradients (a graph is built and kept)"""

MODULE = "emergence.py"


def in_context_gain(model, tokens):
    seq_len = tokens.shape[1] // 2
    logits = logits_of(model(tokens)).float()
    losses = F.cross_entropy(logits[:, :-1].transpose(1, 2), tokens[:, 1:], reduction="none")
    gain = losses[:, : seq_len - 1].mean() - losses[:, seq_len:].mean()
    gain.backward()
    return gain.item()
