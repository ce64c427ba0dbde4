"""Emergence: the induction-head phase change in a tiny attention-only transformer.

An induction head completes patterns: having seen ``... A B ... A``, it predicts ``B``. It
takes two attention layers working together: a head in layer 1 copies "which token came
before me" into each position, and a head in layer 2 looks for the position whose previous
token equals the current token and copies the token found there. A one-layer model cannot
build it. On sequences made of a random half followed by an exact copy of it, the second
half becomes predictable only through induction, so the loss there falls suddenly when the
heads form: a small, watchable example of an emergent capability.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from .train import logits_of, train


def repeated_tokens(batch: int, seq_len: int, vocab_size: int,
                    generator: torch.Generator | None = None) -> Tensor:
    """``batch`` random sequences, each followed by an exact copy of itself.

    Draw ``torch.randint(0, vocab_size, (batch, seq_len), generator=generator)`` and return
    it concatenated with itself along the sequence: a LongTensor (batch, 2 * seq_len) where
    ``out[:, seq_len + t] == out[:, t]``.
    """
    # YOUR CODE HERE
    raise NotImplementedError("repeated_tokens — task 6 in exercises/t3_pretraining/README.md")


def in_context_gain(model: nn.Module, tokens: Tensor) -> float:
    """How much lower the loss is on the repeated half than on the first half (nats).

    ``tokens`` (batch, 2 * seq_len) come from ``repeated_tokens``. Run the model on them
    under ``torch.no_grad()`` (it returns logits, or an output with ``.logits``) and take the
    next-token loss of every prediction: position ``t``'s logits predict token ``t + 1``.
    Average the losses of the predictions of tokens ``1 .. seq_len - 1`` (the first copy;
    token 0 has no prediction) and of tokens ``seq_len + 1 .. 2 * seq_len - 1`` (the second
    copy, except its first token, which follows the first copy's end and cannot be copied),
    each over the whole batch. Return the first mean minus the second as a float.
    """
    # YOUR CODE HERE
    raise NotImplementedError("in_context_gain — task 7 in exercises/t3_pretraining/README.md")


def induction_scores(attentions, seq_len: int) -> Tensor:
    """How strongly each head attends like an induction head: a tensor (n_layers, n_heads).

    ``attentions`` holds one tensor per layer of shape (batch, n_heads, 2 * seq_len,
    2 * seq_len) (as transformers returns with ``output_attentions=True``), where
    ``[b, h, t, s]`` is how much query position ``t`` attends to key position ``s``. For a
    query ``t`` in the second copy (``seq_len <= t < 2 * seq_len``), an induction head looks
    at the token *after* the earlier occurrence of the current token: key ``t - seq_len + 1``.
    The score of a head is that attention weight averaged over those ``seq_len`` queries
    and over the batch.
    """
    # YOUR CODE HERE
    raise NotImplementedError("induction_scores — task 8 in exercises/t3_pretraining/README.md")


# ------------------------------------------------------------------- given: the experiment


@dataclass
class AttentionOnlyOutput:
    logits: Tensor
    attentions: tuple[Tensor, ...] | None = None


class CausalSelfAttention(nn.Module):
    """Given: multi-head causal self-attention that can return its attention pattern."""

    def __init__(self, d_model: int, n_heads: int, max_len: int):
        super().__init__()
        self.n_heads = n_heads
        self.qkv = nn.Linear(d_model, 3 * d_model, bias=False)
        self.out = nn.Linear(d_model, d_model, bias=False)
        # a learned bias per head and distance t - s (relative positions, as in T5)
        self.distance_bias = nn.Parameter(torch.zeros(n_heads, max_len))

    def forward(self, x: Tensor) -> tuple[Tensor, Tensor]:
        batch, seq, d_model = x.shape
        q, k, v = self.qkv(x).view(batch, seq, 3, self.n_heads, -1).permute(2, 0, 3, 1, 4)
        positions = torch.arange(seq, device=x.device)
        distance = (positions[:, None] - positions[None, :]).clamp(min=0)
        scores = q @ k.transpose(-2, -1) / q.shape[-1] ** 0.5 + self.distance_bias[:, distance]
        mask = positions[:, None] >= positions[None, :]
        pattern = scores.masked_fill(~mask, float("-inf")).softmax(dim=-1)
        mixed = (pattern @ v).transpose(1, 2).reshape(batch, seq, d_model)
        return self.out(mixed), pattern


class AttentionOnlyTransformer(nn.Module):
    """Given: token embeddings, ``n_layers`` attention layers with relative positions, no MLPs.

    Each layer adds its attention output to the residual stream (pre-LayerNorm); a final
    LayerNorm and a linear unembedding give the logits. ``forward(ids,
    output_attentions=False)`` returns an object with ``.logits`` (and ``.attentions``, one
    (batch, heads, seq, seq) tensor per layer, when asked), like a transformers model.
    """

    def __init__(self, vocab_size: int, max_len: int, d_model: int = 64, n_layers: int = 2,
                 n_heads: int = 4):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, d_model)
        self.norms = nn.ModuleList(nn.LayerNorm(d_model) for _ in range(n_layers))
        self.layers = nn.ModuleList(CausalSelfAttention(d_model, n_heads, max_len) for _ in range(n_layers))
        self.norm_f = nn.LayerNorm(d_model)
        self.unembed = nn.Linear(d_model, vocab_size, bias=False)

    def forward(self, ids: Tensor, output_attentions: bool = False) -> AttentionOnlyOutput:
        x = self.embed(ids)
        patterns = []
        for norm, layer in zip(self.norms, self.layers):
            update, pattern = layer(norm(x))
            x = x + update
            patterns.append(pattern)
        logits = self.unembed(self.norm_f(x))
        return AttentionOnlyOutput(logits, tuple(patterns) if output_attentions else None)


def induction_experiment(n_layers: int, steps: int = 300, seq_len: int = 16,
                         min_seq_len: int = 8, vocab_size: int = 128, batch_size: int = 32,
                         d_model: int = 64, n_heads: int = 4, max_lr: float = 1e-2,
                         eval_every: int = 25, seed: int = 0) -> dict:
    """Given: train an attention-only model on repeated random tokens and watch it.

    Each training batch is ``repeated_tokens`` with a random half-length between
    ``min_seq_len`` and ``seq_len``: with a fixed length, one layer could cheat by always
    looking ``seq_len - 1`` positions back instead of finding the earlier occurrence of the
    current token. Training uses ``train`` (AdamW, warmup + cosine, no weight decay) on one
    thread (faster than two for a model this small). Every ``eval_every`` steps it measures
    ``in_context_gain`` and the best head's ``induction_scores`` on a fixed evaluation batch
    of half-length ``seq_len``.

    Returns a dict with ``model``, ``steps``, ``gain`` and ``induction`` (one entry per
    evaluation, step 0 included), ``scores`` (the final (layers, heads) tensor) and
    ``losses`` (every training step).
    """
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        torch.manual_seed(seed)
        model = AttentionOnlyTransformer(vocab_size, 2 * seq_len, d_model, n_layers, n_heads)
        data_gen = torch.Generator().manual_seed(seed + 1)
        eval_tokens = repeated_tokens(64, seq_len, vocab_size,
                                      torch.Generator().manual_seed(seed + 2))
        history = {"steps": [], "gain": [], "induction": []}

        def measure(step: int) -> None:
            model.eval()
            history["steps"].append(step)
            history["gain"].append(in_context_gain(model, eval_tokens))
            with torch.no_grad():
                attentions = model(eval_tokens, output_attentions=True).attentions
            history["induction"].append(induction_scores(attentions, seq_len).max().item())
            model.train()

        def batches():
            while True:
                half = int(torch.randint(min_seq_len, seq_len + 1, (1,), generator=data_gen))
                tokens = repeated_tokens(batch_size, half, vocab_size, data_gen)
                yield tokens[:, :-1], tokens[:, 1:]

        def on_step(step: int, loss: float) -> None:
            if (step + 1) % eval_every == 0:
                measure(step + 1)

        measure(0)
        losses = train(model, batches(), steps, max_lr, warmup_steps=min(20, steps // 10),
                       weight_decay=0.0, on_step=on_step)
        model.eval()
        with torch.no_grad():
            attentions = model(eval_tokens, output_attentions=True).attentions
        return {**history, "model": model, "losses": losses,
                "scores": induction_scores(attentions, seq_len)}
    finally:
        torch.set_num_threads(threads)
