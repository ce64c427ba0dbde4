"""key t - seq_len: the earlier occurrence itself, not the token after it"""

MODULE = "emergence.py"


def induction_scores(attentions, seq_len):
    queries = torch.arange(seq_len, 2 * seq_len)
    keys = queries - seq_len
    return torch.stack(
        [layer[:, :, queries, keys].float().mean(dim=(0, 2)) for layer in attentions]
    )
