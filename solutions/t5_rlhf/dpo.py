"""Direct preference optimisation: the reward model folded into the policy.

DPO (Rafailov et al., 2023) skips the separate reward model and the RL loop. Its implicit
reward of a reply ``y`` to a prompt ``x`` is ``β · (log π(y|x) − log π_ref(y|x))``: how much
more likely the policy ``π`` makes the reply than the frozen reference ``π_ref`` it started
from. Plugging that reward into the Bradley–Terry loss gives the DPO loss; lowering it raises
the preferred reply's likelihood relative to the other's, while ``β`` sets how far the policy
may drift from the reference.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor


def sequence_logprobs(logits: Tensor, labels: Tensor, ignore_index: int = -100) -> Tensor:
    """Summed log-probability of the label tokens of each sequence, shape ``(B,)``.

    ``logits`` (B, T, V) come from running a causal LM on ``input_ids`` (B, T); ``labels``
    (B, T) are those ids with ``ignore_index`` wherever a token must not count (the prompt,
    padding). As in transformers, labels are *not* shifted: the logits at position ``t``
    predict the label at ``t + 1``, so shift inside. Sum (do not average) the log-probs of
    the counted tokens of each row, in float32.
    """
    ### BEGIN SOLUTION (task 6)
    logits = logits[:, :-1, :].float()
    labels = labels[:, 1:]
    counted = labels != ignore_index
    safe = labels.masked_fill(~counted, 0).long()
    token_logps = torch.gather(logits.log_softmax(dim=-1), 2, safe.unsqueeze(-1)).squeeze(-1)
    return (token_logps * counted).sum(dim=-1)
    ### END SOLUTION


def dpo_loss(policy_chosen_logps: Tensor, policy_rejected_logps: Tensor,
             ref_chosen_logps: Tensor, ref_rejected_logps: Tensor,
             beta: float = 0.1) -> tuple[Tensor, Tensor, Tensor]:
    """The sigmoid DPO loss of each pair, and the implicit rewards.

    All inputs are ``(B,)`` summed sequence log-probs (``sequence_logprobs``) of the chosen
    and rejected replies under the policy and under the reference model. Returns
    ``(losses, chosen_rewards, rejected_rewards)``, each ``(B,)``:

    - ``chosen_rewards = β · (policy_chosen_logps − ref_chosen_logps)``, likewise rejected;
    - ``losses = −log σ(chosen_rewards − rejected_rewards)``, stable for large differences.

    The rewards are for monitoring: return them detached. The losses are what trl's
    ``DPOTrainer`` computes with its default ``loss_type="sigmoid"`` (it averages them).
    """
    ### BEGIN SOLUTION (task 7)
    chosen_rewards = beta * (policy_chosen_logps - ref_chosen_logps)
    rejected_rewards = beta * (policy_rejected_logps - ref_rejected_logps)
    losses = -F.logsigmoid(chosen_rewards - rejected_rewards)
    return losses, chosen_rewards.detach(), rejected_rewards.detach()
    ### END SOLUTION


def kl_penalized_reward(reward: Tensor, policy_logps: Tensor, ref_logps: Tensor,
                        beta: float) -> Tensor:
    """The reward that RLHF with PPO maximises: ``reward − β · (policy_logps − ref_logps)``.

    ``reward`` (B,) is the reward model's score of sampled replies; ``policy_logps`` and
    ``ref_logps`` (B,) their log-probs under the policy and the reference. The second term is
    a sample estimate of the KL divergence from the reference: a reply the policy has made
    much more likely than the reference did costs reward, which keeps the policy from
    drifting into text that only fools the reward model.
    """
    ### BEGIN SOLUTION (task 8)
    return reward - beta * (policy_logps - ref_logps)
    ### END SOLUTION
