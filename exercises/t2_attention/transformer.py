"""A GPT from parts: feed-forward, pre-LayerNorm block, TinyGPT, GPT-2 weights, parameter count.

The architecture is GPT-2's (Radford et al., 2019), so that ``load_gpt2_weights`` can copy the
weights of a ``transformers.GPT2LMHeadModel`` into a ``TinyGPT`` and get the same logits:
learned position embeddings, pre-LayerNorm blocks (LayerNorm eps 1e-5), GELU with the tanh
approximation, a final LayerNorm, and an output head tied to the token embedding. No dropout.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from .attention import MultiHeadSelfAttention


class FeedForward(nn.Module):
    """The position-wise MLP: ``c_proj(gelu(c_fc(x)))``.

    Sub-modules: ``c_fc = nn.Linear(d_model, d_hidden)``, ``act = nn.GELU(approximate="tanh")``
    (GPT-2's "gelu_new"), ``c_proj = nn.Linear(d_hidden, d_model)``. Both linears have biases.
    """

    def __init__(self, d_model: int, d_hidden: int):
        super().__init__()
        # YOUR CODE HERE
        raise NotImplementedError("FeedForward.__init__ — task 6 in exercises/t2_attention/README.md")

    def forward(self, x: Tensor) -> Tensor:
        """``(..., d_model)`` → ``(..., d_model)``, every position on its own."""
        # YOUR CODE HERE
        raise NotImplementedError("FeedForward.forward — task 6 in exercises/t2_attention/README.md")


class TransformerBlock(nn.Module):
    """One pre-LayerNorm transformer block (GPT-2):

        x = x + attn(ln_1(x))
        x = x + mlp(ln_2(x))

    Sub-modules: ``ln_1 = nn.LayerNorm(d_model)``, ``attn = MultiHeadSelfAttention(d_model,
    n_heads)``, ``ln_2 = nn.LayerNorm(d_model)``, ``mlp = FeedForward(d_model, d_hidden)``.
    """

    def __init__(self, d_model: int, n_heads: int, d_hidden: int):
        super().__init__()
        # YOUR CODE HERE
        raise NotImplementedError("TransformerBlock.__init__ — task 7 in exercises/t2_attention/README.md")

    def forward(self, x: Tensor, attention_mask: Tensor | None = None) -> Tensor:
        """``(B, T, d_model)`` → ``(B, T, d_model)``; causal self-attention, then the MLP.

        ``attention_mask`` ``(B, T)`` (1 = real token, 0 = padding) is passed on to ``attn``.
        """
        # YOUR CODE HERE
        raise NotImplementedError("TransformerBlock.forward — task 7 in exercises/t2_attention/README.md")


class TinyGPT(nn.Module):
    """A GPT-2-shaped language model.

    Sub-modules: ``wte = nn.Embedding(vocab_size, d_model)`` (tokens),
    ``wpe = nn.Embedding(context_length, d_model)`` (learned positions),
    ``blocks = nn.ModuleList`` of ``n_layers`` ``TransformerBlock(d_model, n_heads, d_hidden)``,
    ``ln_f = nn.LayerNorm(d_model)``, and ``lm_head = nn.Linear(d_model, vocab_size,
    bias=False)`` whose weight IS the token embedding's (tied: ``lm_head.weight = wte.weight``,
    one tensor, counted once). ``d_hidden`` defaults to ``4 * d_model``.
    """

    def __init__(self, vocab_size: int, context_length: int, d_model: int, n_layers: int,
                 n_heads: int, d_hidden: int | None = None):
        super().__init__()
        d_hidden = 4 * d_model if d_hidden is None else d_hidden
        self.vocab_size, self.context_length = vocab_size, context_length
        self.d_model, self.n_layers, self.n_heads, self.d_hidden = d_model, n_layers, n_heads, d_hidden
        # YOUR CODE HERE
        raise NotImplementedError("TinyGPT.__init__ — task 8 in exercises/t2_attention/README.md")

    def forward(self, input_ids: Tensor, attention_mask: Tensor | None = None) -> Tensor:
        """``input_ids`` ``(B, T)`` with ``T <= context_length`` → logits ``(B, T, vocab_size)``.

        Token embedding plus the position embedding of positions ``0..T-1``, the blocks in
        order, ``ln_f``, then ``lm_head``. ``attention_mask`` (optional, ``(B, T)``, 1 = real
        token) is passed to every block.
        """
        # YOUR CODE HERE
        raise NotImplementedError("TinyGPT.forward — task 8 in exercises/t2_attention/README.md")


@torch.no_grad()
def load_gpt2_weights(model: TinyGPT, hf_model) -> TinyGPT:
    """Copy the weights of a ``transformers.GPT2LMHeadModel`` into ``model``; return ``model``.

    ``model`` must have the same sizes as ``hf_model.config`` (``n_embd``, ``n_layer``,
    ``n_head``, ``n_positions``, ``vocab_size``, ``n_inner``). Afterwards both give the same
    logits for the same ``input_ids``. The names mostly line up
    (``hf_model.transformer.wte/wpe/h[i].ln_1/ln_2/ln_f``), with two catches:

    - GPT-2's linear layers are ``Conv1D`` modules storing the weight as ``(in, out)``
      (``y = x @ W + b``); ``nn.Linear`` stores ``(out, in)`` (``y = x @ W.T + b``).
    - GPT-2 computes queries, keys and values with ONE layer, ``attn.c_attn`` (``d → 3d``):
      its output is ``[q | k | v]`` along the features. Split it into ``q_proj``, ``k_proj``,
      ``v_proj``. ``attn.c_proj`` is ``o_proj``.

    Copy values in place (``param.copy_(...)``) so the head stays tied to ``wte``.
    """
    # YOUR CODE HERE
    raise NotImplementedError("load_gpt2_weights — task 9 in exercises/t2_attention/README.md")


def count_parameters(vocab_size: int, context_length: int, d_model: int, n_layers: int,
                     d_hidden: int | None = None) -> int:
    """The number of parameters of ``TinyGPT`` with these sizes, from a closed formula.

    Count every weight and bias: embeddings, per block the two LayerNorms (a weight and a
    bias each), the four attention projections and the two MLP layers, the final LayerNorm.
    The LM head is tied to the token embedding: count it once. (The number of heads does not
    matter.) ``d_hidden`` defaults to ``4 * d_model``. Do not build a model: GPT-3's
    configuration would need 700 GB of memory.
    """
    # YOUR CODE HERE
    raise NotImplementedError("count_parameters — task 10 in exercises/t2_attention/README.md")
