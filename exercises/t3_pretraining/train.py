"""A training loop for next-token prediction: AdamW, gradient clipping, a warmup + cosine schedule.

``train`` works with any model that maps ``x`` (batch, seq) to logits (batch, seq, vocab),
either returned directly or as the ``.logits`` of a transformers output. The batches are
``(x, y)`` pairs from ``get_batch``, so the targets are already shifted: the loss of a step is
the plain cross-entropy between the logits at every position and ``y`` at that position.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

import torch
import torch.nn.functional as F
from torch import Tensor, nn


def logits_of(output) -> Tensor:
    """Given: the logits of a model's output (a tensor, or an object with ``.logits``)."""
    return output if isinstance(output, Tensor) else output.logits


def cosine_lr(step: int, max_lr: float, warmup_steps: int, total_steps: int,
              min_lr: float = 0.0) -> float:
    """The learning rate at ``step`` (counting from 0): linear warmup, then cosine decay.

    - ``step < warmup_steps``: ``max_lr * step / warmup_steps`` (so step 0 has rate 0);
    - ``warmup_steps <= step <= total_steps``: with
      ``progress = (step - warmup_steps) / (total_steps - warmup_steps)``,
      ``min_lr + (max_lr - min_lr) * 0.5 * (1 + cos(pi * progress))``, which is ``max_lr`` at
      the end of the warmup and ``min_lr`` at ``total_steps``;
    - ``step > total_steps``: ``min_lr``.

    With ``total_steps == warmup_steps`` there is no decay (and no division by zero): the
    warmup runs up to ``total_steps`` and the rate is ``min_lr`` from step ``total_steps`` on.

    With ``min_lr = 0`` this is transformers' ``get_cosine_schedule_with_warmup``.
    """
    # YOUR CODE HERE
    raise NotImplementedError("cosine_lr — task 4 in exercises/t3_pretraining/README.md")


def train(
    model: nn.Module,
    batches: Iterator[tuple[Tensor, Tensor]],
    steps: int,
    max_lr: float,
    warmup_steps: int = 100,
    weight_decay: float = 0.1,
    clip_norm: float = 1.0,
    on_step: Callable[[int, float], None] | None = None,
) -> list[float]:
    """Train ``model`` for ``steps`` optimizer steps; return the training loss of every step.

    Create one ``torch.optim.AdamW(model.parameters(), lr=max_lr, weight_decay=weight_decay,
    betas=(0.9, 0.95), fused=True)`` (``fused``: one kernel updates every parameter, instead of
    a Python loop over them; the same update) and put the model in training mode. Then, for ``step`` in
    ``0 .. steps-1``:

    1. take the next ``(x, y)`` from ``batches``;
    2. set the learning rate of every parameter group to
       ``cosine_lr(step, max_lr, warmup_steps, steps)``;
    3. run the model on ``x`` (use ``logits_of`` for transformers outputs); the loss is the
       mean cross-entropy between the logits at every position and ``y``
       (``y`` is already shifted: do not shift again);
    4. clear old gradients, back-propagate, clip the gradient norm of all parameters to
       ``clip_norm`` (``torch.nn.utils.clip_grad_norm_``), take the optimizer step;
    5. record ``loss.item()``, then call ``on_step(step, loss)`` if it is given (the capstone
       uses it to evaluate on the validation split while training).
    """
    # YOUR CODE HERE
    raise NotImplementedError("train — task 5 in exercises/t3_pretraining/README.md")


@torch.no_grad()
def evaluate(model: nn.Module, ids: Tensor, block_size: int, batch_size: int = 32,
             max_windows: int | None = None) -> float:
    """Given: the mean next-token loss (nats per token) over consecutive windows of ``ids``.

    The text is cut into non-overlapping windows of ``block_size + 1`` tokens (the first
    ``max_windows`` of them if given); every token after a window's first is predicted once.
    The model is put in eval mode for the evaluation and back into its previous mode after.
    """
    was_training = model.training
    model.eval()
    n = (len(ids) - 1) // block_size
    if max_windows is not None:
        n = min(n, max_windows)
    total, count = 0.0, 0
    for start in range(0, n, batch_size):
        rows = torch.arange(start, min(n, start + batch_size))
        index = rows[:, None] * block_size + torch.arange(block_size + 1)
        window = ids[index]
        logits = logits_of(model(window[:, :-1]))
        total += F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]),
                                 window[:, 1:].reshape(-1), reduction="sum").item()
        count += window[:, 1:].numel()
    model.train(was_training)
    return total / count
