"""Attention and a GPT forward pass: the reference code vs PyTorch's and transformers' own.

    python bench/t2_attention.py

Two comparisons, each timed in the same run on the same shapes, reported as ratios so they
travel between machines:

- the reference `scaled_dot_product_attention` (matmul, masked_fill, softmax, matmul) vs
  `torch.nn.functional.scaled_dot_product_attention` (a fused kernel), causal, float32;
- the reference `TinyGPT` forward vs `transformers`' `GPT2LMHeadModel` forward with the same
  weights (loaded with `load_gpt2_weights`), eval mode, no gradients.

Each figure is the median of several repetitions after a warm-up.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from grader.core import target  # noqa: E402  (importing grader sets the offline env)

ATTENTION_SHAPES = [(4, 8, 128, 64), (4, 8, 512, 64), (1, 8, 2048, 64)]  # (B, H, T, d_head)
GPT_SIZES = dict(n_layer=4, n_embd=256, n_head=8, vocab_size=4096, n_positions=256)
GPT_BATCH = (8, 256)
REPEATS = 5


def _median_s(fn, repeats: int = REPEATS) -> float:
    fn()  # warm up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@torch.no_grad()
def attention_rows() -> list[dict]:
    attention = target.oracle("t2_attention.attention")
    rows = []
    g = torch.Generator().manual_seed(0)
    for shape in ATTENTION_SHAPES:
        q, k, v = (torch.randn(*shape, generator=g) for _ in range(3))
        mask = attention.causal_mask(shape[2])
        ours = attention.scaled_dot_product_attention(q, k, v, mask)
        theirs = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        diff = (ours - theirs).abs().max().item()
        ref_s = _median_s(lambda: attention.scaled_dot_product_attention(q, k, v, mask))
        torch_s = _median_s(lambda: F.scaled_dot_product_attention(q, k, v, is_causal=True))
        rows.append(
            {
                "shape": shape,
                "reference_s": ref_s,
                "torch_s": torch_s,
                "ratio": ref_s / torch_s,
                "max_diff": diff,
            }
        )
    return rows


@torch.no_grad()
def gpt_row() -> dict:
    from transformers import GPT2Config, GPT2LMHeadModel

    tf = target.oracle("t2_attention.transformer")
    torch.manual_seed(0)
    config = GPT2Config(bos_token_id=None, eos_token_id=None, **GPT_SIZES)
    hf = GPT2LMHeadModel(config).eval()
    ours = tf.load_gpt2_weights(
        tf.TinyGPT(
            config.vocab_size, config.n_positions, config.n_embd, config.n_layer, config.n_head
        ),
        hf,
    ).eval()
    ids = torch.randint(0, config.vocab_size, GPT_BATCH, generator=torch.Generator().manual_seed(1))
    diff = (ours(ids) - hf(ids).logits).abs().max().item()
    ours_s = _median_s(lambda: ours(ids))
    hf_s = _median_s(lambda: hf(ids))
    return {
        "reference_s": ours_s,
        "hf_s": hf_s,
        "ratio": ours_s / hf_s,
        "max_diff": diff,
        "params": sum(p.numel() for p in ours.parameters()),
        "attn_impl": hf.config._attn_implementation,
    }


def markdown() -> str:
    """This benchmark's section of bench/RESULTS.md."""
    lines = [
        "## t2: attention and a GPT forward pass, reference vs torch / transformers",
        "",
        f"float32 on CPU, {torch.get_num_threads()} threads, median of {REPEATS} runs after a "
        "warm-up; ratio = reference time / peer time (above 1: the reference is slower).",
        "",
        "| what | shape | reference | peer | ratio | max abs diff |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for r in attention_rows():
        lines.append(
            f"| causal attention vs `F.scaled_dot_product_attention` | (B, H, T, d) = {r['shape']} "
            f"| {1e3 * r['reference_s']:.1f} ms | {1e3 * r['torch_s']:.1f} ms | "
            f"{r['ratio']:.2f}× | {r['max_diff']:.1e} |"
        )
    g = gpt_row()
    sizes = ", ".join(f"{k}={v}" for k, v in GPT_SIZES.items())
    lines.append(
        f"| `TinyGPT` vs `GPT2LMHeadModel` ({g['attn_impl']}), {g['params']:,} parameters "
        f"| {sizes}; batch {GPT_BATCH} | {1e3 * g['reference_s']:.1f} ms | "
        f"{1e3 * g['hf_s']:.1f} ms | {g['ratio']:.2f}× | {g['max_diff']:.1e} |"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown())
