"""LoRA from scratch: a low-rank update beside a frozen linear layer.

Full fine-tuning changes every weight. LoRA (Hu et al., 2021) freezes the pretrained weight
``W`` (out × in) and learns a low-rank change instead::

    y = x Wᵀ + b + (alpha / r) · dropout(x) Aᵀ Bᵀ        A: (r × in), B: (out × r)

``B`` starts at zero, so the wrapped layer is exactly the base layer until training moves
``B``; ``A`` starts random (Kaiming-uniform, as in peft) so that gradients reach ``B``. Only
``A`` and ``B`` are trained: ``r · (in + out)`` numbers per layer instead of ``in · out``.
After training, ``W + (alpha / r) · B A`` can be folded into one plain ``nn.Linear``.
"""

from __future__ import annotations

import math

import torch
from torch import Tensor, nn


class LoRALinear(nn.Module):
    """A frozen ``nn.Linear`` plus a trainable low-rank update (``lora_A``, ``lora_B``).

    Attributes: ``base`` (the wrapped layer, every parameter frozen), ``lora_A`` an
    ``nn.Parameter`` of shape ``(r, in_features)`` initialised like peft
    (``nn.init.kaiming_uniform_(..., a=math.sqrt(5))``), ``lora_B`` an ``nn.Parameter`` of
    shape ``(out_features, r)`` initialised to zeros, ``scaling = alpha / r``, and
    ``dropout`` (``nn.Dropout(dropout)``, or ``nn.Identity()`` when ``dropout == 0``).
    """

    def __init__(self, base: nn.Linear, r: int, alpha: float, dropout: float = 0.0):
        super().__init__()
        ### BEGIN SOLUTION (task 3)
        self.base = base
        for p in self.base.parameters():
            p.requires_grad_(False)
        self.r, self.alpha = r, alpha
        self.scaling = alpha / r
        self.lora_A = nn.Parameter(torch.empty(r, base.in_features, dtype=base.weight.dtype))
        self.lora_B = nn.Parameter(torch.zeros(base.out_features, r, dtype=base.weight.dtype))
        nn.init.kaiming_uniform_(self.lora_A, a=math.sqrt(5))
        self.dropout = nn.Dropout(dropout) if dropout > 0 else nn.Identity()
        ### END SOLUTION

    def forward(self, x: Tensor) -> Tensor:
        """``base(x)`` plus ``scaling · dropout(x) @ lora_Aᵀ @ lora_Bᵀ``."""
        ### BEGIN SOLUTION (task 3)
        return self.base(x) + (self.dropout(x) @ self.lora_A.T @ self.lora_B.T) * self.scaling
        ### END SOLUTION

    def merge(self) -> nn.Linear:
        """A new plain ``nn.Linear`` with weight ``W + scaling · B @ A`` and the base's bias.

        It computes what this layer computes (in eval mode) with one matrix product. The
        wrapped base layer is left untouched.
        """
        ### BEGIN SOLUTION (task 4)
        base = self.base
        merged = nn.Linear(base.in_features, base.out_features, bias=base.bias is not None,
                           dtype=base.weight.dtype, device=base.weight.device)
        with torch.no_grad():
            merged.weight.copy_(base.weight + self.scaling * (self.lora_B @ self.lora_A))
            if base.bias is not None:
                merged.bias.copy_(base.bias)
        return merged
        ### END SOLUTION


def apply_lora(model: nn.Module, target_modules, r: int, alpha: float,
               dropout: float = 0.0) -> int:
    """Put LoRA on ``model`` in place; return the number of trainable parameters.

    1. Freeze every parameter of the model.
    2. Replace every ``nn.Linear`` whose name ends with one of ``target_modules`` (the last
       part of its dotted name, e.g. ``"q_proj"`` matches ``model.layers.0.self_attn.q_proj``,
       as peft matches them) by ``LoRALinear(that_linear, r, alpha, dropout)``, setting it on
       its parent module with ``setattr``.
    3. Return the number of elements of the parameters that still require gradients: those of
       the new ``lora_A`` and ``lora_B``. This equals peft's count for the same
       ``LoraConfig(r=r, lora_alpha=alpha, target_modules=target_modules)``.
    """
    ### BEGIN SOLUTION (task 5)
    for p in model.parameters():
        p.requires_grad_(False)
    targets = set(target_modules)
    chosen = [(name, module) for name, module in model.named_modules()
              if isinstance(module, nn.Linear) and name.rsplit(".", 1)[-1] in targets]
    for name, module in chosen:
        parent_name, _, child = name.rpartition(".")
        parent = model.get_submodule(parent_name) if parent_name else model
        setattr(parent, child, LoRALinear(module, r, alpha, dropout))
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
    ### END SOLUTION
