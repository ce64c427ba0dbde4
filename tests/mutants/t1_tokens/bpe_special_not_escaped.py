"""split_on_special_tokens without regex.escape: '|' in '<|endoftext|>' means 'or'"""
MODULE = "bpe.py"


def split_on_special_tokens(text: str, special_tokens: Sequence[str]) -> list[str]:
    """Split ``text`` around the special tokens it contains.

    Returns alternating pieces ``[text, special, text, special, ..., text]``: even indices are
    ordinary text (possibly empty), odd indices are special tokens, and ``"".join`` of the
    result is ``text``. Where special tokens overlap, the longest one wins (with
    ``"<|a|>"`` and ``"<|a|><|b|>"`` both special, ``"<|a|><|b|>"`` is one piece). With no
    special tokens the result is ``[text]``.
    """
    if not special_tokens:
        return [text]
    by_length = sorted(set(special_tokens), key=len, reverse=True)
    pattern = "(" + "|".join(s for s in by_length) + ")"
    return regex.split(pattern, text)
