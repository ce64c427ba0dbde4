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
    ### BEGIN SOLUTION (task 1)
    return -F.logsigmoid(r_chosen - r_rejected).mean()
    ### END SOLUTION


def preference_accuracy(r_chosen: Tensor, r_rejected: Tensor) -> float:
    """The share of pairs where the chosen reply gets the strictly higher reward (a float).

    A tie counts as a mistake: a reward model that scores everything the same has accuracy 0.
    """
    ### BEGIN SOLUTION (task 1)
    return (r_chosen > r_rejected).float().mean().item()
    ### END SOLUTION


def last_token_index(attention_mask: Tensor) -> Tensor:
    """For each row of ``attention_mask`` (B, T) (1 = real token, 0 = padding), the position
    of its last real token: a LongTensor ``(B,)``.

    Works whatever side the padding is on: right padding (``1 1 1 0 0`` → 2), left padding
    (``0 0 1 1 1`` → 4, the last position), or none.
    """
    ### BEGIN SOLUTION (task 2)
    positions = torch.arange(attention_mask.shape[-1], device=attention_mask.device)
    return torch.where(attention_mask.bool(), positions, -1).max(dim=-1).values
    ### END SOLUTION


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
        ### BEGIN SOLUTION (task 3)
        hidden = self.backbone(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        last = last_token_index(attention_mask)
        rows = torch.arange(hidden.shape[0], device=hidden.device)
        return self.head(hidden[rows, last]).squeeze(-1)
        ### END SOLUTION


def rank_candidates(score_fn: Callable[[str, str], float], prompt: str,
                    candidates: list[str]) -> list[tuple[str, float]]:
    """Score every candidate reply and sort them, best first.

    Returns ``(candidate, score)`` pairs with ``score = score_fn(prompt, candidate)``, highest
    score first. Candidates with equal scores keep their input order (a stable sort), so the
    ranking is reproducible. Call ``score_fn`` once per candidate.
    """
    ### BEGIN SOLUTION (task 5)
    scored = [(candidate, float(score_fn(prompt, candidate))) for candidate in candidates]
    return sorted(scored, key=lambda pair: -pair[1])
    ### END SOLUTION


def best_of_n(generate_fn: Callable[[str], str], score_fn: Callable[[str, str], float],
              prompt: str, n: int) -> str:
    """Best-of-n sampling: draw ``n`` replies with ``generate_fn(prompt)`` (a new, random reply
    per call), score them with ``score_fn`` and return the best one (the first of equals).

    Alignment at inference time: no weight changes, just ``n`` times the sampling cost.
    """
    ### BEGIN SOLUTION (task 5)
    samples = [generate_fn(prompt) for _ in range(n)]
    return rank_candidates(score_fn, prompt, samples)[0][0]
    ### END SOLUTION
