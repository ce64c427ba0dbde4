"""second window starts at the copy's first token, which cannot be predicted"""

MODULE = "emergence.py"


def in_context_gain(model, tokens):
    seq_len = tokens.shape[1] // 2
    with torch.no_grad():
        logits = logits_of(model(tokens)).float()
    losses = F.cross_entropy(logits[:, :-1].transpose(1, 2), tokens[:, 1:], reduction="none")
    return (losses[:, : seq_len - 1].mean() - losses[:, seq_len - 1 :].mean()).item()
