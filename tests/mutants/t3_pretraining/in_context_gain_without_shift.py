"""losses without the shift (position t's logits against token t)"""

MODULE = "emergence.py"


def in_context_gain(model, tokens):
    seq_len = tokens.shape[1] // 2
    with torch.no_grad():
        logits = logits_of(model(tokens)).float()
    losses = F.cross_entropy(logits.transpose(1, 2), tokens, reduction="none")
    return (losses[:, 1:seq_len].mean() - losses[:, seq_len + 1 :].mean()).item()
