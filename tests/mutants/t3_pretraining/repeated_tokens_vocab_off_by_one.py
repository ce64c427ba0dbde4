"""ids drawn from 0..vocab_size-2 (the high end of randint is already exclusive)"""

MODULE = "emergence.py"


def repeated_tokens(batch, seq_len, vocab_size, generator=None):
    first = torch.randint(0, vocab_size - 1, (batch, seq_len), generator=generator)
    return torch.cat([first, first], dim=1)
