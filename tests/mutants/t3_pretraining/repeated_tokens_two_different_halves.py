"""two independent random halves instead of a sequence and its copy"""

MODULE = "emergence.py"


def repeated_tokens(batch, seq_len, vocab_size, generator=None):
    return torch.randint(0, vocab_size, (batch, 2 * seq_len), generator=generator)
