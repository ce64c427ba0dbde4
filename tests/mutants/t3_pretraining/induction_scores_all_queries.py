"""averaged over every query that has a key t - seq_len + 1, first copy included"""

MODULE = "emergence.py"


def induction_scores(attentions, seq_len):
    queries = torch.arange(seq_len - 1, 2 * seq_len)
    keys = queries - seq_len + 1
    return torch.stack(
        [layer[:, :, queries, keys].float().mean(dim=(0, 2)) for layer in attentions]
    )
