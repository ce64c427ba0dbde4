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
        ### BEGIN SOLUTION (task 6)
        self.c_fc = nn.Linear(d_model, d_hidden)
        self.act = nn.GELU(approximate="tanh")
        self.c_proj = nn.Linear(d_hidden, d_model)
        ### END SOLUTION

    def forward(self, x: Tensor) -> Tensor:
        """``(..., d_model)`` → ``(..., d_model)``, every position on its own."""
        ### BEGIN SOLUTION (task 6)
        return self.c_proj(self.act(self.c_fc(x)))
        ### END SOLUTION


class TransformerBlock(nn.Module):
    """One pre-LayerNorm transformer block (GPT-2):

        x = x + attn(ln_1(x))
        x = x + mlp(ln_2(x))

    Sub-modules: ``ln_1 = nn.LayerNorm(d_model)``, ``attn = MultiHeadSelfAttention(d_model,
    n_heads)``, ``ln_2 = nn.LayerNorm(d_model)``, ``mlp = FeedForward(d_model, d_hidden)``.
    """

    def __init__(self, d_model: int, n_heads: int, d_hidden: int):
        super().__init__()
        ### BEGIN SOLUTION (task 7)
        self.ln_1 = nn.LayerNorm(d_model)
        self.attn = MultiHeadSelfAttention(d_model, n_heads)
        self.ln_2 = nn.LayerNorm(d_model)
        self.mlp = FeedForward(d_model, d_hidden)
        ### END SOLUTION

    def forward(self, x: Tensor, attention_mask: Tensor | None = None) -> Tensor:
        """``(B, T, d_model)`` → ``(B, T, d_model)``; causal self-attention, then the MLP.

        ``attention_mask`` ``(B, T)`` (1 = real token, 0 = padding) is passed on to ``attn``.
        """
        ### BEGIN SOLUTION (task 7)
        x = x + self.attn(self.ln_1(x), causal=True, attention_mask=attention_mask)
        x = x + self.mlp(self.ln_2(x))
        return x
        ### END SOLUTION


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
        ### BEGIN SOLUTION (task 8)
        self.wte = nn.Embedding(vocab_size, d_model)
        self.wpe = nn.Embedding(context_length, d_model)
        self.blocks = nn.ModuleList(
            TransformerBlock(d_model, n_heads, d_hidden) for _ in range(n_layers)
        )
        self.ln_f = nn.LayerNorm(d_model)
        self.lm_head = nn.Linear(d_model, vocab_size, bias=False)
        self.lm_head.weight = self.wte.weight
        ### END SOLUTION

    def forward(self, input_ids: Tensor, attention_mask: Tensor | None = None) -> Tensor:
        """``input_ids`` ``(B, T)`` with ``T <= context_length`` → logits ``(B, T, vocab_size)``.

        Token embedding plus the position embedding of positions ``0..T-1``, the blocks in
        order, ``ln_f``, then ``lm_head``. ``attention_mask`` (optional, ``(B, T)``, 1 = real
        token) is passed to every block.
        """
        ### BEGIN SOLUTION (task 8)
        seq = input_ids.shape[1]
        if seq > self.context_length:
            raise ValueError(f"sequence of {seq} tokens, context length is {self.context_length}")
        positions = torch.arange(seq, device=input_ids.device)
        x = self.wte(input_ids) + self.wpe(positions)
        for block in self.blocks:
            x = block(x, attention_mask=attention_mask)
        return self.lm_head(self.ln_f(x))
        ### END SOLUTION


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
    ### BEGIN SOLUTION (task 9)
    src = hf_model.transformer
    d = model.d_model
    model.wte.weight.copy_(src.wte.weight)
    model.wpe.weight.copy_(src.wpe.weight)
    for block, hf_block in zip(model.blocks, src.h, strict=True):
        block.ln_1.load_state_dict(hf_block.ln_1.state_dict())
        block.ln_2.load_state_dict(hf_block.ln_2.state_dict())
        weight, bias = hf_block.attn.c_attn.weight, hf_block.attn.c_attn.bias  # (d, 3d), (3d,)
        for i, proj in enumerate((block.attn.q_proj, block.attn.k_proj, block.attn.v_proj)):
            proj.weight.copy_(weight[:, i * d:(i + 1) * d].T)
            proj.bias.copy_(bias[i * d:(i + 1) * d])
        for ours, theirs in ((block.attn.o_proj, hf_block.attn.c_proj),
                             (block.mlp.c_fc, hf_block.mlp.c_fc),
                             (block.mlp.c_proj, hf_block.mlp.c_proj)):
            ours.weight.copy_(theirs.weight.T)
            ours.bias.copy_(theirs.bias)
    model.ln_f.load_state_dict(src.ln_f.state_dict())
    return model
    ### END SOLUTION


def count_parameters(vocab_size: int, context_length: int, d_model: int, n_layers: int,
                     d_hidden: int | None = None) -> int:
    """The number of parameters of ``TinyGPT`` with these sizes, from a closed formula.

    Count every weight and bias: embeddings, per block the two LayerNorms (a weight and a
    bias each), the four attention projections and the two MLP layers, the final LayerNorm.
    The LM head is tied to the token embedding: count it once. (The number of heads does not
    matter.) ``d_hidden`` defaults to ``4 * d_model``. Do not build a model: GPT-3's
    configuration would need 700 GB of memory.
    """
    ### BEGIN SOLUTION (task 10)
    d = d_model
    h = 4 * d if d_hidden is None else d_hidden
    embeddings = vocab_size * d + context_length * d
    attention = 4 * (d * d + d)                   # q, k, v, o: weight + bias
    mlp = (d * h + h) + (h * d + d)               # c_fc, c_proj
    layer_norms = 2 * (2 * d)                     # ln_1, ln_2: weight + bias
    return embeddings + n_layers * (attention + mlp + layer_norms) + 2 * d   # + ln_f
    ### END SOLUTION
