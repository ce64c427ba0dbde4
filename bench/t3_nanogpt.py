"""The t3 capstone against a nanoGPT-style loop: validation loss at equal training time.

    OMP_NUM_THREADS=1 python bench/t3_nanogpt.py          # prints this bench's section

The peer follows nanoGPT's published recipe for Shakespeare on a CPU (Karpathy, nanoGPT,
README "I only have a macbook": ``config/train_shakespeare_char.py`` with ``--device=cpu
--compile=False --block_size=64 --batch_size=12 --n_layer=4 --n_head=4 --n_embd=128
--max_iters=2000 --lr_decay_iters=2000 --dropout=0.0``): a pre-LayerNorm GPT without biases,
attention through ``F.scaled_dot_product_attention``, tied embeddings, AdamW (lr 1e-3, betas
0.9/0.99, weight decay 0.1 on matrices only), 100 warmup steps then cosine to 1e-4, gradient
clipping at 1.0. The capstone is ``t3_pretraining.capstone.pretrain`` of the reference,
unchanged. Both train on the same split and batch shape, are scored on the same first 200
validation windows every ``EVAL_EVERY`` steps, and take turns every ``TURN`` steps in one
process (a race with a baton), so a machine whose load changes slows both alike. Each
clock runs only while its side holds the baton and stops during its evaluations.

A second table finds where time per step goes: the CPU time of one training step (one
thread) of the capstone's GPT-2 as it was (``gelu_new``, AdamW's loop over parameters), as it
is (``gelu_pytorch_tanh``, the fused AdamW of ``train``), with eager attention, and of the
peer model, all in turns.
"""

from __future__ import annotations

import importlib
import math
import sys
import threading
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

ROOT = Path(__file__).resolve().parents[1]
STEPS = 2000
EVAL_EVERY = 100
TURN = 10
AT_SECONDS = (30, 60, 90)
CAPSTONE_KW: dict = {}  # the capstone as a learner runs it: its own defaults


def _reference(name: str):
    solutions = str(ROOT / "solutions")
    if solutions not in sys.path:
        sys.path.insert(0, solutions)
    return importlib.import_module(name)


# --- the peer: a nanoGPT-style model and loop ---------------------------------------------


class _Attention(nn.Module):
    def __init__(self, d: int, heads: int):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(d, 3 * d, bias=False)
        self.proj = nn.Linear(d, d, bias=False)

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = (
            z.view(b, t, self.heads, d // self.heads).transpose(1, 2)
            for z in self.qkv(x).split(d, dim=2)
        )
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        return self.proj(y.transpose(1, 2).reshape(b, t, d))


class _Block(nn.Module):
    def __init__(self, d: int, heads: int):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d, bias=False), nn.LayerNorm(d, bias=False)
        self.attn = _Attention(d, heads)
        self.fc, self.proj = nn.Linear(d, 4 * d, bias=False), nn.Linear(4 * d, d, bias=False)

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.proj(F.gelu(self.fc(self.ln2(x))))


class PeerGPT(nn.Module):
    """nanoGPT's model at its CPU size: 4 layers, 4 heads, 128 wide, no bias, no dropout."""

    def __init__(self, vocab: int, block: int, d: int = 128, layers: int = 4, heads: int = 4):
        super().__init__()
        self.tok, self.pos = nn.Embedding(vocab, d), nn.Embedding(block, d)
        self.blocks = nn.ModuleList(_Block(d, heads) for _ in range(layers))
        self.ln = nn.LayerNorm(d, bias=False)
        self.head = nn.Linear(d, vocab, bias=False)
        self.head.weight = self.tok.weight
        for name, p in self.named_parameters():
            if p.dim() == 2:  # nanoGPT: N(0, 0.02), residual projections scaled by depth
                std = 0.02 / math.sqrt(2 * layers) if name.endswith("proj.weight") else 0.02
                nn.init.normal_(p, 0.0, std)

    def forward(self, idx):
        h = self.tok(idx) + self.pos(torch.arange(idx.shape[1], device=idx.device))
        for block in self.blocks:
            h = block(h)
        return self.head(self.ln(h))


def _peer_lr(step: int, max_lr=1e-3, min_lr=1e-4, warmup=100, decay_steps=STEPS) -> float:
    if step < warmup:
        return max_lr * (step + 1) / (warmup + 1)
    ratio = min(1.0, (step - warmup) / (decay_steps - warmup))
    return min_lr + 0.5 * (1.0 + math.cos(math.pi * ratio)) * (max_lr - min_lr)


# --- taking turns ---------------------------------------------------------------------------


class Race:
    """Two sides take turns every ``TURN`` steps; each has a clock that runs only in its turn."""

    def __init__(self, sides=("capstone", "peer")):
        self.cv = threading.Condition()
        self.sides, self.turn, self.done = list(sides), sides[0], set()
        self.spent = dict.fromkeys(sides, 0.0)
        self.since = time.perf_counter()

    def clock(self, side: str) -> float:
        with self.cv:
            running = time.perf_counter() - self.since if self.turn == side else 0.0
            return self.spent[side] + running

    def hand_over(self, side: str, finished: bool = False) -> None:
        with self.cv:
            if self.turn == side:
                self.spent[side] += time.perf_counter() - self.since
                if finished:
                    self.done.add(side)
                others = [s for s in self.sides if s != side and s not in self.done]
                self.turn = others[0] if others else side
                self.since = time.perf_counter()
                self.cv.notify_all()
            elif finished:
                self.done.add(side)
            if not finished:
                self.cv.wait_for(lambda: self.turn == side)


class _Clock:
    """Stands in for the ``time`` module inside the capstone: its perf_counter is the race's."""

    def __init__(self, race: Race, side: str):
        self.race, self.side = race, side

    def perf_counter(self) -> float:
        return self.race.clock(self.side)


def run_capstone(race: Race, out: dict) -> None:
    capstone = _reference("t3_pretraining.capstone")
    real_get_batch, calls = capstone.get_batch, [0]

    def get_batch(*args, **kwargs):
        calls[0] += 1
        if calls[0] % TURN == 0:
            race.hand_over("capstone")
        return real_get_batch(*args, **kwargs)

    capstone.get_batch, capstone.time = get_batch, _Clock(race, "capstone")
    try:
        race.hand_over("capstone") if race.turn != "capstone" else None
        log = capstone.pretrain(STEPS, eval_every=EVAL_EVERY, verbose=False, **CAPSTONE_KW)["log"]
    finally:
        capstone.get_batch, capstone.time = real_get_batch, time
        race.hand_over("capstone", finished=True)
    out["capstone"] = [(e["seconds"], e["step"], e["val_loss"]) for e in log]


def run_peer(race: Race, out: dict) -> None:
    data, train_mod = _reference("t3_pretraining.data"), _reference("t3_pretraining.train")
    race.hand_over("peer") if race.turn != "peer" else None
    train_text, val_text = data.load_splits()
    tok = data.CharTokenizer(train_text + val_text)
    train_ids = torch.tensor(tok.encode(train_text))
    val = torch.tensor(tok.encode(val_text))[: 200 * 64 + 1]
    torch.manual_seed(0)
    model = PeerGPT(tok.vocab_size, 64)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(
        [
            {"params": [p for p in params if p.dim() >= 2], "weight_decay": 0.1},
            {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0},
        ],
        lr=1e-3,
        betas=(0.9, 0.99),
    )
    gen = torch.Generator().manual_seed(0)
    paused, curve = 0.0, []
    began = race.clock("peer")

    def evaluate(step: int) -> None:
        nonlocal paused
        start = race.clock("peer")
        loss = train_mod.evaluate(model, val, 64)
        curve.append((start - began - paused, step, loss))
        paused += race.clock("peer") - start

    evaluate(0)
    model.train()
    for step in range(STEPS):
        if step and step % TURN == 0:
            race.hand_over("peer")
        for group in optimizer.param_groups:
            group["lr"] = _peer_lr(step)
        x, y = data.get_batch(train_ids, 12, 64, generator=gen)
        logits = model(x)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        if (step + 1) % EVAL_EVERY == 0:
            evaluate(step + 1)
    race.hand_over("peer", finished=True)
    out["peer"] = curve


def race() -> dict:
    """Both sides, in turns; returns ``{side: [(seconds, step, val nats/char), ...]}``."""
    race_, out = Race(), {}
    threads = [threading.Thread(target=fn, args=(race_, out)) for fn in (run_capstone, run_peer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def at(curve, seconds: float) -> float | None:
    """Validation loss at ``seconds`` of training, linear between two evaluations."""
    for (s0, _, l0), (s1, _, l1) in zip(curve, curve[1:]):
        if s0 <= seconds <= s1:
            return l0 + (l1 - l0) * (seconds - s0) / (s1 - s0)
    return None


# --- where the time goes ----------------------------------------------------------------------


def step_costs(rounds: int = 8, per_round: int = 10) -> dict[str, float]:
    """CPU milliseconds per training step (one thread) of each model, measured in turns."""
    from transformers import GPT2Config, GPT2LMHeadModel

    capstone, data = _reference("t3_pretraining.capstone"), _reference("t3_pretraining.data")
    train_text, val_text = data.load_splits()
    tok = data.CharTokenizer(train_text + val_text)
    ids = torch.tensor(tok.encode(train_text))

    def gpt2(**extra):
        torch.manual_seed(0)
        return GPT2LMHeadModel(
            GPT2Config(
                vocab_size=tok.vocab_size,
                n_positions=64,
                n_embd=128,
                n_layer=4,
                n_head=4,
                resid_pdrop=0.0,
                embd_pdrop=0.0,
                attn_pdrop=0.0,
                bos_token_id=None,
                eos_token_id=None,
                **extra,
            )
        )

    models = {
        "capstone GPT-2 as it was (gelu_new)": gpt2(activation_function="gelu_new"),
        "capstone GPT-2 now (`build_model`, fused AdamW)": capstone.build_model(tok.vocab_size, 64),
        "GPT-2, eager attention": gpt2(
            activation_function="gelu_pytorch_tanh", attn_implementation="eager"
        ),
        "nanoGPT-style peer": PeerGPT(tok.vocab_size, 64),
    }
    optimizers = {
        k: torch.optim.AdamW(m.parameters(), lr=1e-3, fused="fused" in k) for k, m in models.items()
    }  # the capstone's `train` uses the fused AdamW
    spent = dict.fromkeys(models, 0.0)
    gen = torch.Generator().manual_seed(0)
    for r in range(rounds + 1):
        for name, model in models.items():
            start = time.thread_time()
            for _ in range(per_round):
                x, y = data.get_batch(ids, 12, 64, generator=gen)
                out = model(x)
                logits = out if isinstance(out, torch.Tensor) else out.logits
                loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
                optimizers[name].zero_grad(set_to_none=True)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optimizers[name].step()
            if r:  # the first round warms up
                spent[name] += time.thread_time() - start
    return {k: 1000 * v / (rounds * per_round) for k, v in spent.items()}


def _cell(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def markdown() -> str:
    """This benchmark's section of bench/RESULTS.md."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        costs = step_costs()
        curves = race()
    finally:
        torch.set_num_threads(threads)
    cap, peer = curves["capstone"], curves["peer"]
    lines = [
        "## t3: the capstone vs a nanoGPT-style loop at equal training time",
        "",
        f"`python bench/t3_nanogpt.py`, one thread, both sides in one process taking turns every "
        f"{TURN} steps (each clock runs only in its own turn and stops for evaluations); "
        f"{STEPS} steps of batch 12×64 characters each, validation loss on the first 200 "
        "held-out windows (nats per character). Peer: nanoGPT's CPU recipe for Shakespeare "
        "(see the module docstring for the exact settings).",
        "",
        "| training seconds | capstone val loss | nanoGPT-style val loss | capstone − peer |",
        "|---:|---:|---:|---:|",
    ]
    for s in AT_SECONDS:
        a, b = at(cap, s), at(peer, s)
        diff = "—" if a is None or b is None else f"{a - b:+.3f}"
        lines.append(f"| {s} | {_cell(a)} | {_cell(b)} | {diff} |")
    lines += [
        "",
        f"Whole runs: capstone {cap[-1][1]} steps in {cap[-1][0]:.1f} s "
        f"({1000 * cap[-1][0] / cap[-1][1]:.1f} ms/step), final {cap[-1][2]:.3f}; peer "
        f"{peer[-1][1]} steps in {peer[-1][0]:.1f} s ({1000 * peer[-1][0] / peer[-1][1]:.1f} "
        f"ms/step), final {peer[-1][2]:.3f}.",
        "",
        "CPU time of one training step (forward, backward, clipping, AdamW), one thread, "
        "measured in turns:",
        "",
        "| model | ms per step | ratio to the peer |",
        "|---|---:|---:|",
    ]
    base = costs["nanoGPT-style peer"]
    lines += [f"| {k} | {v:.1f} | {v / base:.2f}× |" for k, v in costs.items()]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown())
