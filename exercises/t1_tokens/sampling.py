"""Next-token sampling: softmax with temperature, top-k, top-p (nucleus), and a generate loop.

A language model gives one row of logits per sequence: scores over the vocabulary for the
next token. Everything here turns such a row into a choice of token, and `generate` repeats
that choice to write text. Shapes: ``logits`` is ``(batch, vocab)`` (``softmax`` and the
filters accept any leading dimensions and work over the last one).
"""

from __future__ import annotations

import torch
from torch import Tensor


def softmax(logits: Tensor, temperature: float = 1.0) -> Tensor:
    """Probabilities from logits over the last dimension: ``softmax(logits / temperature)``.

    Write it by hand (``exp`` and ``sum``; not ``torch.softmax``). It must be stable: logits
    of 1e4 must not overflow to ``inf``/``NaN`` (softmax does not change when a constant is
    subtracted from a row; subtract the row's maximum). Entries of ``-inf`` get probability 0.
    ``temperature > 0``: below 1 sharpens the distribution, above 1 flattens it.

    Returns a tensor of the same shape whose last dimension sums to 1.
    """
    # YOUR CODE HERE
    raise NotImplementedError("softmax — task 4 in exercises/t1_tokens/README.md")


def top_k_filter(logits: Tensor, k: int) -> Tensor:
    """Keep the ``k`` largest logits (``k >= 1``) of each row; set the others to ``-inf``.

    An entry is removed when it is strictly smaller than the row's k-th largest value, so
    entries tied with the k-th largest are all kept (a row may keep more than ``k``).
    ``k`` at least the vocabulary size keeps everything. Returns a new tensor (same shape);
    the input is not modified.
    """
    # YOUR CODE HERE
    raise NotImplementedError("top_k_filter — task 5 in exercises/t1_tokens/README.md")


def top_p_filter(logits: Tensor, p: float) -> Tensor:
    """Nucleus filtering: keep the most probable tokens until their probability reaches ``p``.

    Per row, sort the tokens by probability (``softmax(logits)``), most probable first, and
    keep the smallest prefix whose probabilities sum to at least ``p``: a token is kept when
    the probability of the tokens before it is still below ``p`` (so the token that crosses
    the threshold is kept, and the most probable token is always kept). Every other entry
    becomes ``-inf``. ``p = 1.0`` keeps every token of non-zero probability. Returns a new
    tensor of the same shape.
    """
    # YOUR CODE HERE
    raise NotImplementedError("top_p_filter — task 6 in exercises/t1_tokens/README.md")


def sample_next_token(
    logits: Tensor,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
    generator: torch.Generator | None = None,
) -> Tensor:
    """Choose one token id per row of ``logits`` (batch, vocab) → LongTensor (batch,).

    ``temperature == 0`` means greedy: the argmax of each row (top-k/top-p do not matter).
    Otherwise, in this order: divide the logits by ``temperature``, apply ``top_k_filter``
    (if ``top_k`` is given), then ``top_p_filter`` (if ``top_p`` is given), turn them into
    probabilities and draw one token per row with ``torch.multinomial``, passing
    ``generator`` so that a seeded generator gives reproducible samples. Rows are independent.
    """
    # YOUR CODE HERE
    raise NotImplementedError("sample_next_token — task 7 in exercises/t1_tokens/README.md")


def generate(
    model,
    input_ids: Tensor,
    max_new_tokens: int,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
    eos_token_id: int | None = None,
    generator: torch.Generator | None = None,
) -> Tensor:
    """Extend each prompt of ``input_ids`` (batch, seq) by up to ``max_new_tokens`` tokens.

    ``model`` is any transformers causal LM (call ``.eval()`` on it first): at each step,
    ``model(ids).logits[:, -1]`` are the logits of the next token; choose it with
    ``sample_next_token`` (same ``temperature``, ``top_k``, ``top_p``, ``generator``) and
    append it. Run under ``torch.no_grad()``.

    EOS: once a row has produced ``eos_token_id``, it is finished: every later position of
    that row is filled with ``eos_token_id`` (used as the padding token). The loop stops
    early as soon as every row is finished, so the result may be shorter than
    ``seq + max_new_tokens``. With ``temperature=0`` the result equals
    ``model.generate(input_ids, do_sample=False, max_new_tokens=max_new_tokens,
    eos_token_id=eos_token_id, pad_token_id=eos_token_id)``.

    Returns the prompts followed by the new tokens: (batch, seq + number of steps taken).

    Stretch (optional): run the prompt once with ``use_cache=True``, then feed only the new
    token together with that ``cache`` (``model(ids, cache=..., use_cache=True)``, then
    ``out.cache``) at each step; the result must not change.
    """
    # YOUR CODE HERE
    raise NotImplementedError("generate — task 8 in exercises/t1_tokens/README.md")
