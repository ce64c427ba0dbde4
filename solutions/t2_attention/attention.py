"""Attention: scaled dot-product attention, masks, multi-head self-attention, positions.

Shapes follow one convention throughout: ``B`` batch, ``T`` sequence length, ``H`` heads,
``d_model`` the width of the residual stream and ``d_head = d_model // H`` the width of one
head. Queries, keys and values of a multi-head layer are ``(B, H, T, d_head)``.
Masks are boolean: ``True`` means "may attend", ``False`` means "hidden".
"""

from __future__ import annotations

import math

import torch
from torch import Tensor, nn


def scaled_dot_product_attention(q: Tensor, k: Tensor, v: Tensor, mask: Tensor | None = None) -> Tensor:
    """Attention of every query over all keys: ``softmax(q kᵀ / √d + mask) v``.

    ``q`` is ``(..., Tq, d)``, ``k`` and ``v`` are ``(..., Tk, d)`` with the same leading
    dimensions. Scores ``q @ kᵀ`` are divided by ``√d`` (``d = q.shape[-1]``), the softmax
    runs over the keys (the last dimension of the scores, ``Tk``), and the weights average
    the rows of ``v``. Returns ``(..., Tq, d_v)``.

    ``mask`` (optional) is boolean and broadcastable to ``(..., Tq, Tk)``: ``True`` where a
    query may attend to a key. A hidden key gets weight exactly 0. A query row whose keys are
    *all* hidden has nothing to average: it returns zeros (what
    ``torch.nn.functional.scaled_dot_product_attention`` returns), never NaN. Scores of 1e4
    and more must not overflow. Write it with matmul and softmax, not with torch's SDPA.
    """
    ### BEGIN SOLUTION (task 1)
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    if mask is not None:
        # rows with every key hidden are all -inf: softmax gives NaN there; make them 0
        weights = weights.masked_fill(~mask.any(dim=-1, keepdim=True), 0.0)
    return weights @ v
    ### END SOLUTION


def causal_mask(seq_len: int, device: torch.device | str | None = None) -> Tensor:
    """The causal mask: a ``(seq_len, seq_len)`` bool tensor, ``True`` on and below the diagonal.

    Row ``i`` (a query position) may attend to key positions ``0..i``: itself and the past,
    never the future.
    """
    ### BEGIN SOLUTION (task 2)
    return torch.ones(seq_len, seq_len, dtype=torch.bool, device=device).tril()
    ### END SOLUTION


def split_heads(x: Tensor, n_heads: int) -> Tensor:
    """``(B, T, d_model)`` → ``(B, n_heads, T, d_head)``: head ``h`` gets features ``h*d_head .. (h+1)*d_head - 1``."""
    ### BEGIN SOLUTION (task 3)
    batch, seq, d_model = x.shape
    return x.view(batch, seq, n_heads, d_model // n_heads).transpose(1, 2)
    ### END SOLUTION


def merge_heads(x: Tensor) -> Tensor:
    """``(B, n_heads, T, d_head)`` → ``(B, T, n_heads * d_head)``: the inverse of ``split_heads``."""
    ### BEGIN SOLUTION (task 3)
    batch, n_heads, seq, d_head = x.shape
    return x.transpose(1, 2).reshape(batch, seq, n_heads * d_head)
    ### END SOLUTION


class MultiHeadSelfAttention(nn.Module):
    """Multi-head self-attention with ``n_heads`` heads of width ``d_model // n_heads``.

    Sub-modules (given): ``q_proj``, ``k_proj``, ``v_proj`` and ``o_proj``, each an
    ``nn.Linear(d_model, d_model, bias=bias)``.
    """

    def __init__(self, d_model: int, n_heads: int, bias: bool = True):
        super().__init__()
        if d_model % n_heads:
            raise ValueError(f"d_model={d_model} is not divisible by n_heads={n_heads}")
        self.d_model = d_model
        self.n_heads = n_heads
        self.d_head = d_model // n_heads
        self.q_proj = nn.Linear(d_model, d_model, bias=bias)
        self.k_proj = nn.Linear(d_model, d_model, bias=bias)
        self.v_proj = nn.Linear(d_model, d_model, bias=bias)
        self.o_proj = nn.Linear(d_model, d_model, bias=bias)

    def forward(self, x: Tensor, causal: bool = True, attention_mask: Tensor | None = None) -> Tensor:
        """``x`` ``(B, T, d_model)`` → ``(B, T, d_model)``.

        Project ``x`` to queries, keys and values, split each into heads
        (``split_heads``), run ``scaled_dot_product_attention`` on all heads at once, merge
        the heads back (``merge_heads``) and apply ``o_proj``.

        - ``causal=True``: position ``t`` attends only to positions ``<= t`` (``causal_mask``).
        - ``attention_mask`` (optional) ``(B, T)``, 1 = real token, 0 = padding: no query may
          attend to a padding *key*. Combine it with the causal mask (both must allow).
          Outputs at padded positions are not used by anyone; they may be anything finite.
        """
        ### BEGIN SOLUTION (task 3)
        seq = x.shape[1]
        q = split_heads(self.q_proj(x), self.n_heads)
        k = split_heads(self.k_proj(x), self.n_heads)
        v = split_heads(self.v_proj(x), self.n_heads)
        mask = None
        if causal:
            mask = causal_mask(seq, device=x.device)          # (T, T)
        if attention_mask is not None:
            keys = attention_mask.bool()[:, None, None, :]     # (B, 1, 1, T): hide padding keys
            mask = keys if mask is None else mask & keys
        out = scaled_dot_product_attention(q, k, v, mask)
        return self.o_proj(merge_heads(out))
        ### END SOLUTION


def sinusoidal_positions(seq_len: int, d_model: int) -> Tensor:
    """The fixed position encodings of "Attention Is All You Need" (Vaswani et al., 2017).

    A ``(seq_len, d_model)`` float tensor (``d_model`` even) with, for position ``pos`` and
    ``i = 0 .. d_model/2 - 1``:

        PE[pos, 2i]     = sin(pos / 10000^(2i / d_model))
        PE[pos, 2i + 1] = cos(pos / 10000^(2i / d_model))

    Even columns are sines, odd columns cosines, interleaved.
    """
    ### BEGIN SOLUTION (task 4)
    pos = torch.arange(seq_len, dtype=torch.float64)[:, None]
    inv_freq = 10000.0 ** (-torch.arange(0, d_model, 2, dtype=torch.float64) / d_model)
    angles = pos * inv_freq                                  # (seq_len, d_model / 2)
    pe = torch.zeros(seq_len, d_model, dtype=torch.float64)
    pe[:, 0::2] = angles.sin()
    pe[:, 1::2] = angles.cos()
    return pe.float()
    ### END SOLUTION


def rotate_half(x: Tensor) -> Tensor:
    """Given: ``[x1, x2]`` → ``[-x2, x1]`` on the last dimension, cut in two halves."""
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def apply_rope(x: Tensor, positions: Tensor, base: float = 10000.0) -> Tensor:
    """Rotary position embedding (RoFormer; Su et al., 2021), the rotate-half convention.

    ``x`` is ``(B, H, T, d_head)`` (``d_head`` even); ``positions`` holds the integer position
    of each token, ``(T,)`` (shared by the batch) or ``(B, T)``. Feature ``j`` and feature
    ``j + d_head/2`` form a pair, rotated by the angle ``pos · θ_j`` with
    ``θ_j = base^(-2j / d_head)`` for ``j = 0 .. d_head/2 - 1``:

        out = x · cos(angle) + rotate_half(x) · sin(angle)

    where the ``(…, d_head)`` angle tensor repeats the ``d_head/2`` angles twice. This is what
    Llama (and transformers' ``apply_rotary_pos_emb``) does to queries and keys. Returns a
    tensor of the same shape and dtype as ``x``.
    """
    ### BEGIN SOLUTION (task 5)
    d_head = x.shape[-1]
    inv_freq = base ** (-torch.arange(0, d_head, 2, dtype=torch.float32, device=x.device) / d_head)
    angles = positions.to(x.device).float()[..., None] * inv_freq   # (T, d/2) or (B, T, d/2)
    angles = torch.cat((angles, angles), dim=-1)                     # (…, T, d_head)
    if angles.dim() == 3:
        angles = angles[:, None]                                     # (B, 1, T, d_head)
    cos, sin = angles.cos().to(x.dtype), angles.sin().to(x.dtype)
    return x * cos + rotate_half(x) * sin
    ### END SOLUTION
