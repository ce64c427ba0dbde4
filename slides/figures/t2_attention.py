"""Figures for slides/t2_attention.md, drawn from the reference solutions (seeded, offline).

    python slides/make_figures.py t2

- t2_causal_mask.png: the causal mask over the tokens of a real sentence
- t2_attention_heads.png: attention weights of a tiny TinyGPT, trained here for a few
  seconds on Shakespeare, on a Hamlet line tokenized with topic 1's reference BPE
- t2_positions.png: sinusoidal position encodings and the RoPE angle per feature pair
- t2_gpt3_budget.png: where GPT-3's 174.6 billion parameters sit
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

from grader.core import corpus, target  # noqa: E402
from grader.core.plots import save_figure  # noqa: E402

SENTENCE = "To be, or not to be, that is the question."
VOCAB = 512
TRAIN_CHARS = 300_000
STEPS, BATCH, CONTEXT = 300, 16, 64


def _tokenizer():
    bpe = target.oracle("t1_tokens.bpe")
    vocab, merges = bpe.train_bpe(corpus.shakespeare()[:TRAIN_CHARS], VOCAB)
    return bpe.Tokenizer(vocab, merges), vocab


def _labels(ids, vocab):
    return [vocab[i].decode("utf-8", errors="replace").replace(" ", "␣") for i in ids]


def _train_tiny_gpt(tok):
    """A 2-layer TinyGPT trained for a few seconds: enough for readable attention patterns."""
    tf = target.oracle("t2_attention.transformer")
    torch.manual_seed(0)
    data = torch.tensor(tok.encode(corpus.shakespeare()[:TRAIN_CHARS]))
    model = tf.TinyGPT(VOCAB, CONTEXT, d_model=64, n_layers=2, n_heads=4)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
    g = torch.Generator().manual_seed(0)
    for _ in range(STEPS):
        starts = torch.randint(0, len(data) - CONTEXT - 1, (BATCH,), generator=g)
        x = torch.stack([data[s : s + CONTEXT] for s in starts])
        y = torch.stack([data[s + 1 : s + CONTEXT + 1] for s in starts])
        loss = torch.nn.functional.cross_entropy(model(x).flatten(0, 1), y.flatten())
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model.eval(), loss.item()


@torch.no_grad()
def _attention_weights(model, ids):
    """(layers, heads, T, T) weights, recomputed from each attention layer's input."""
    attn_mod = target.oracle("t2_attention.attention")
    inputs = []
    hooks = [
        b.attn.register_forward_hook(lambda m, args, out: inputs.append(args[0]))
        for b in model.blocks
    ]
    model(torch.tensor([ids]))
    for h in hooks:
        h.remove()
    maps = []
    for block, x in zip(model.blocks, inputs):
        a = block.attn
        q = attn_mod.split_heads(a.q_proj(x), a.n_heads)
        k = attn_mod.split_heads(a.k_proj(x), a.n_heads)
        scores = q @ k.transpose(-2, -1) / a.d_head**0.5
        scores = scores.masked_fill(~attn_mod.causal_mask(len(ids)), float("-inf"))
        maps.append(scores.softmax(-1)[0])
    return torch.stack(maps)


def causal_mask_figure(out_dir: Path, labels) -> Path:
    attn_mod = target.oracle("t2_attention.attention")
    mask = attn_mod.causal_mask(len(labels))
    fig, ax = plt.subplots(figsize=(6.5, 5.5))
    ax.imshow(mask.float(), cmap="Greens", vmin=0, vmax=1.3)
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=9)
    ax.set_yticks(range(len(labels)), labels, fontsize=9)
    ax.set_xlabel("key (what may be looked at)")
    ax.set_ylabel("query (who is looking)")
    ax.set_title(f"causal_mask({len(labels)}): True on and below the diagonal")
    return save_figure(fig, out_dir / "t2_causal_mask.png", dpi=130)


def attention_figure(out_dir: Path, tok, vocab) -> Path:
    ids = tok.encode(SENTENCE)
    labels = _labels(ids, vocab)
    model, loss = _train_tiny_gpt(tok)
    maps = _attention_weights(model, ids)
    fig, axes = plt.subplots(2, 4, figsize=(16, 8.4))
    for layer in range(2):
        for head in range(4):
            ax = axes[layer, head]
            ax.imshow(maps[layer, head], cmap="viridis", vmin=0, vmax=1)
            ax.set_title(f"layer {layer}, head {head}", fontsize=11)
            ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=7)
            ax.set_yticks(range(len(labels)), labels, fontsize=7)
    fig.suptitle(
        f"Attention weights of a 2-layer TinyGPT trained {STEPS} steps on Shakespeare "
        f"(final training loss {loss:.2f}); rows = queries, columns = keys",
        fontsize=12,
    )
    return save_figure(fig, out_dir / "t2_attention_heads.png", dpi=110)


def positions_figure(out_dir: Path) -> Path:
    attn_mod = target.oracle("t2_attention.attention")
    pe = attn_mod.sinusoidal_positions(128, 64)
    fig, (a, b) = plt.subplots(1, 2, figsize=(12, 4.2))
    im = a.imshow(pe.T, aspect="auto", cmap="RdBu", vmin=-1, vmax=1)
    a.set_xlabel("position")
    a.set_ylabel("feature (even = sin, odd = cos)")
    a.set_title("sinusoidal_positions(128, 64)")
    fig.colorbar(im, ax=a)
    # RoPE: a unit vector in feature pair j, rotated by position; plot the angle it turns
    d = 64
    x = torch.zeros(1, 1, 128, d)
    x[..., : d // 2] = 1.0
    rotated = attn_mod.apply_rope(x, torch.arange(128))
    for j in (0, 4, 8, 16, 31):
        angle = torch.atan2(rotated[0, 0, :, j + d // 2], rotated[0, 0, :, j])
        b.plot(torch.arange(128), np.unwrap(angle.numpy()), label=f"pair {j}")
    b.set_xlabel("position")
    b.set_ylabel("total rotation angle (radians)")
    b.set_yscale("symlog", linthresh=1)
    b.set_title("apply_rope: each feature pair turns at its own speed")
    b.legend(fontsize=8)
    return save_figure(fig, out_dir / "t2_positions.png", dpi=120)


def budget_figure(out_dir: Path) -> Path:
    tf = target.oracle("t2_attention.transformer")
    V, T, d, L = 50257, 2048, 12288, 96
    total = tf.count_parameters(V, T, d, L)
    parts = {
        "MLPs (c_fc, c_proj)": L * (2 * d * 4 * d + 4 * d + d),
        "attention (q, k, v, o)": L * 4 * (d * d + d),
        "token embedding = head": V * d,
        "position embedding": T * d,
        "LayerNorms": L * 4 * d + 2 * d,
    }
    assert sum(parts.values()) == total, (sum(parts.values()), total)
    fig, ax = plt.subplots(figsize=(10, 3.8))
    names = list(parts)[::-1]
    values = [parts[n] / 1e9 for n in names]
    bars = ax.barh(names, values, color=["#999", "#bbb", "#4c72b0", "#dd8452", "#55a868"])
    for bar, v in zip(bars, values):
        ax.text(
            bar.get_width() + 1,
            bar.get_y() + bar.get_height() / 2,
            f"{v:,.3f} B ({100 * v * 1e9 / total:.2f}%)",
            va="center",
            fontsize=10,
        )
    ax.set_xlim(0, 150)
    ax.set_xlabel("billions of parameters")
    ax.set_title(f"GPT-3 (96 layers, d_model 12288): count_parameters = {total:,}")
    return save_figure(fig, out_dir / "t2_gpt3_budget.png", dpi=130)


def make(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    tok, vocab = _tokenizer()
    labels = _labels(tok.encode(SENTENCE), vocab)
    return [
        causal_mask_figure(out_dir, labels),
        attention_figure(out_dir, tok, vocab),
        positions_figure(out_dir),
        budget_figure(out_dir),
    ]


if __name__ == "__main__":
    for p in make(Path(__file__).resolve().parent / "out"):
        print(p)
