"""split_on_special_tokens without the empty-list case: the empty pattern splits everywhere"""
MODULE = "bpe.py"


def split_on_special_tokens(text: str, special_tokens: Sequence[str]) -> list[str]:
    """Split ``text`` around the special tokens it contains.

    Returns alternating pieces ``[text, special, text, special, ..., text]``: even indices are
    ordinary text (possibly empty), odd indices are special tokens, and ``"".join`` of the
    result is ``text``. Where special tokens overlap, the longest one wins (with
    ``"<|a|>"`` and ``"<|a|><|b|>"`` both special, ``"<|a|><|b|>"`` is one piece). With no
    special tokens the result is ``[text]``.
    """
    by_length = sorted(set(special_tokens), key=len, reverse=True)
    pattern = "(" + "|".join(regex.escape(s) for s in by_length) + ")"
    return regex.split(pattern, text)
