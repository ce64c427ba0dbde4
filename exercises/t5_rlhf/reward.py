"""Reward models: learning a score from pairwise human preferences, and using it to rank.

Raters do not give a reply a number; they compare two replies and say which is better. The
Bradley–Terry model turns such comparisons into a score: if a reward model gives the replies
scores ``r_chosen`` and ``r_rejected``, the probability that a rater prefers the chosen one is
``σ(r_chosen − r_rejected)``. Training maximises that probability over the rated pairs.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import Tensor, nn


def bradley_terry_loss(r_chosen: Tensor, r_rejected: Tensor) -> Tensor:
    """Mean of ``−log σ(r_chosen − r_rejected)`` over the pairs: a 0-d tensor.

    ``r_chosen`` and ``r_rejected`` have shape ``(B,)``: the rewards of the preferred and the
    other reply of each pair. Must stay finite and exact for any difference, ±1e4 included
    (``log(sigmoid(x))`` computed naively gives ``log(0) = -inf`` there). The gradient flows to
    both inputs. This is what trl's ``RewardTrainer`` minimises.
    """
    # YOUR CODE HERE
    raise NotImplementedError("bradley_terry_loss — task 1 in exercises/t5_rlhf/README.md")


def preference_accuracy(r_chosen: Tensor, r_rejected: Tensor) -> float:
    """The share of pairs where the chosen reply gets the strictly higher reward (a float).

    A tie counts as a mistake: a reward model that scores everything the same has accuracy 0.
    """
    # YOUR CODE HERE
    raise NotImplementedError("preference_accuracy — task 1 in exercises/t5_rlhf/README.md")


def last_token_index(attention_mask: Tensor) -> Tensor:
    """For each row of ``attention_mask`` (B, T) (1 = real token, 0 = padding), the position
    of its last real token: a LongTensor ``(B,)``.

    Works whatever side the padding is on: right padding (``1 1 1 0 0`` → 2), left padding
    (``0 0 1 1 1`` → 4, the last position), or none.
    """
    # YOUR CODE HERE
    raise NotImplementedError("last_token_index — task 2 in exercises/t5_rlhf/README.md")


class RewardModel(nn.Module):
    """A transformer with a scalar head: the reward of a whole sequence.

    ``backbone`` is a transformers model without a language-model head (for example
    ``AutoModel.from_pretrained(...)``, or the ``.model`` of a ``LlamaForSequenceClassification``):
    called with ``input_ids`` and ``attention_mask`` it returns an output whose
    ``.last_hidden_state`` is ``(B, T, hidden_size)``. ``head`` (given) maps a hidden state to
    one number.
    """

    def __init__(self, backbone: nn.Module, hidden_size: int):
        super().__init__()
        self.backbone = backbone
        self.head = nn.Linear(hidden_size, 1)

    def forward(self, input_ids: Tensor, attention_mask: Tensor) -> Tensor:
        """The reward of every sequence, shape ``(B,)``.

        Run the backbone (with the attention mask, so that padding is ignored), take each
        row's final hidden state at its *last real token* (``last_token_index``: in a causal
        model only that position has read the whole sequence), and apply ``head``. Padding may
        be on either side.
        """
        # YOUR CODE HERE
        raise NotImplementedError("RewardModel.forward — task 3 in exercises/t5_rlhf/README.md")


def rank_candidates(score_fn: Callable[[str, str], float], prompt: str,
                    candidates: list[str]) -> list[tuple[str, float]]:
    """Score every candidate reply and sort them, best first.

    Returns ``(candidate, score)`` pairs with ``score = score_fn(prompt, candidate)``, highest
    score first. Candidates with equal scores keep their input order (a stable sort), so the
    ranking is reproducible. Call ``score_fn`` once per candidate.
    """
    # YOUR CODE HERE
    raise NotImplementedError("rank_candidates — task 5 in exercises/t5_rlhf/README.md")


def best_of_n(generate_fn: Callable[[str], str], score_fn: Callable[[str, str], float],
              prompt: str, n: int) -> str:
    """Best-of-n sampling: draw ``n`` replies with ``generate_fn(prompt)`` (a new, random reply
    per call), score them with ``score_fn`` and return the best one (the first of equals).

    Alignment at inference time: no weight changes, just ``n`` times the sampling cost.
    """
    # YOUR CODE HERE
    raise NotImplementedError("best_of_n — task 5 in exercises/t5_rlhf/README.md")
