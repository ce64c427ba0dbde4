"""Helpers that a topic's visible tests and its hidden checks share: the references they
compare against and the stand-ins they run the learner's code on (one copy of each; the
comparisons that word a failure for the learner are in ``feedback``)."""

from __future__ import annotations

import torch


def generator(seed: int) -> torch.Generator:
    """A CPU ``torch.Generator`` seeded with ``seed``."""
    return torch.Generator().manual_seed(seed)


def gpt2_config(**sizes):
    """A transformers ``GPT2Config`` of the given sizes, with no BOS/EOS token."""
    from transformers import GPT2Config

    return GPT2Config(bos_token_id=None, eos_token_id=None, **sizes)


@torch.no_grad()
def randomise(module: torch.nn.Module, seed: int) -> torch.nn.Module:
    """Every parameter random (LayerNorm weights around 1), so no mistake hides behind 0s and 1s."""
    g = generator(seed)
    for name, p in module.named_parameters():
        noise = torch.randn(p.shape, generator=g)
        if "ln" in name:
            p.copy_((1.0 if name.endswith("weight") else 0.0) + 0.5 * noise)
        else:
            p.copy_(0.3 * noise)
    return module


def torch_mha(mine) -> torch.nn.MultiheadAttention:
    """torch.nn.MultiheadAttention with the same weights as a MultiHeadSelfAttention."""
    d = mine.q_proj.in_features
    ref = torch.nn.MultiheadAttention(d, mine.n_heads, batch_first=True)
    with torch.no_grad():
        ref.in_proj_weight.copy_(
            torch.cat([mine.q_proj.weight, mine.k_proj.weight, mine.v_proj.weight])
        )
        ref.in_proj_bias.copy_(torch.cat([mine.q_proj.bias, mine.k_proj.bias, mine.v_proj.bias]))
        ref.out_proj.weight.copy_(mine.o_proj.weight)
        ref.out_proj.bias.copy_(mine.o_proj.bias)
    return ref.eval()


class ReplyStandIn(torch.nn.Module):
    """Enough of a causal LM for t5's ``sample_replies``: ``generate`` appends
    ``reply(question)`` to each prompt row and records the keyword arguments it was called with.

    ``data`` is the t5 data module whose ``question_of`` and ``format_reply`` it uses.
    """

    def __init__(self, tokenizer, reply, data):
        super().__init__()
        self.tokenizer, self.reply, self.calls, self.data = tokenizer, reply, [], data

    def generate(self, input_ids, attention_mask, **kwargs):
        """The prompts, each followed by the reply's tokens, right-padded to one width."""
        self.calls.append(kwargs)
        tok = self.tokenizer
        rows = []
        for ids, mask in zip(input_ids, attention_mask):
            question = self.data.question_of(tok.decode(ids[mask.bool()]))
            reply = tok(self.data.format_reply(self.reply(question)), add_special_tokens=False)[
                "input_ids"
            ]
            rows.append(ids.tolist() + reply)
        width = max(len(r) for r in rows)
        return torch.tensor([r + [tok.pad_token_id] * (width - len(r)) for r in rows])
