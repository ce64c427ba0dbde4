"""query and key axes swapped ([b, h, key, query])"""

MODULE = "emergence.py"


def induction_scores(attentions, seq_len):
    queries = torch.arange(seq_len, 2 * seq_len)
    keys = queries - seq_len + 1
    return torch.stack(
        [layer[:, :, keys, queries].float().mean(dim=(0, 2)) for layer in attentions]
    )
