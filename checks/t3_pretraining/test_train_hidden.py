"""Hidden checks for train.py: the schedule vs transformers, and what the loop does each step."""

import copy
import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from grader.core import feedback, target

train_mod = target.module("t3_pretraining.train")
data = target.module("t3_pretraining.data")


# ---------------------------------------------------------------- cosine_lr


def _transformers_schedule(max_lr, warmup, total, min_lr):
    from transformers import (
        get_cosine_schedule_with_warmup,
        get_cosine_with_min_lr_schedule_with_warmup,
    )

    opt = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=max_lr)
    if min_lr:
        sched = get_cosine_with_min_lr_schedule_with_warmup(opt, warmup, total, min_lr=min_lr)
    else:
        sched = get_cosine_schedule_with_warmup(opt, warmup, total)
    rates = []
    for _ in range(total + 1):
        rates.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return rates


@pytest.mark.points(2)
@pytest.mark.parametrize(
    "max_lr, warmup, total, min_lr",
    [(1e-3, 10, 100, 0.0), (6e-4, 7, 53, 6e-5), (3e-3, 0, 40, 1e-4)],
    ids=["no-floor", "floor", "no-warmup"],
)
def test_cosine_lr_matches_transformers(max_lr, warmup, total, min_lr):
    """cosine_lr equals transformers' cosine schedule with warmup at every step"""
    expected = _transformers_schedule(max_lr, warmup, total, min_lr)
    got = [train_mod.cosine_lr(s, max_lr, warmup, total, min_lr=min_lr) for s in range(total + 1)]
    for step, (g, e) in enumerate(zip(got, expected)):
        if not math.isclose(g, e, rel_tol=1e-6, abs_tol=1e-12):
            phase = "warmup" if step < warmup else "decay"
            feedback.fail(
                f"cosine_lr(step={step}, max_lr={max_lr}, warmup_steps={warmup}, "
                f"total_steps={total}, min_lr={min_lr}) during the {phase}",
                e,
                g,
                hint=(
                    "warmup is max_lr * step / warmup_steps (0 at step 0, no +1)"
                    if phase == "warmup"
                    else "progress = (step - warmup_steps) / (total_steps - warmup_steps), "
                    "lr = min_lr + (max_lr - min_lr) * 0.5 * (1 + cos(pi * progress))"
                ),
            )


@pytest.mark.points(1)
def test_cosine_lr_stays_at_the_floor():
    """after total_steps the rate stays at min_lr (the cosine must not rise again)"""
    for step in (101, 150, 199, 1000):
        feedback.expect_close(
            train_mod.cosine_lr(step, 1e-3, 10, 100, min_lr=2e-4),
            2e-4,
            f"cosine_lr at step {step} > total_steps=100",
            atol=1e-12,
            hint="return min_lr for step >= total_steps",
        )


@pytest.mark.points(1)
def test_cosine_lr_without_a_decay_phase():
    """total_steps == warmup_steps: warmup, then min_lr at total_steps (no division by zero)"""
    try:
        got = [train_mod.cosine_lr(s, 1e-3, 10, 10, min_lr=2e-4) for s in (0, 5, 10, 11)]
    except ZeroDivisionError:
        feedback.fail(
            "cosine_lr(step=10, max_lr=1e-3, warmup_steps=10, total_steps=10, min_lr=2e-4)",
            2e-4,
            "ZeroDivisionError",
            hint="return min_lr for step >= total_steps before computing progress "
            "(total_steps - warmup_steps is 0 here)",
        )
    for step, g, e in zip((0, 5, 10, 11), got, (0.0, 5e-4, 2e-4, 2e-4)):
        feedback.expect_close(
            g,
            e,
            f"cosine_lr(step={step}, max_lr=1e-3, warmup_steps=10, total_steps=10, min_lr=2e-4)",
            atol=1e-12,
            hint="warmup while step < warmup_steps, then min_lr from total_steps on",
        )


# ---------------------------------------------------------------- train: what each step does


class _Recorder:
    """Records every optimizer step taken while active (a global optimizer pre-step hook)."""

    def __init__(self, on_step=None):
        self.steps, self.on_step = [], on_step

    def __enter__(self):
        def hook(optimizer, args, kwargs):
            params = [p for g in optimizer.param_groups for p in g["params"] if p.grad is not None]
            norm = (
                torch.norm(torch.stack([p.grad.detach().norm() for p in params])).item()
                if params
                else 0.0
            )
            record = {
                "type": type(optimizer),
                "lrs": [g["lr"] for g in optimizer.param_groups],
                "weight_decays": [g.get("weight_decay") for g in optimizer.param_groups],
                "grad_norm": norm,
            }
            if self.on_step:
                self.on_step(record)
            self.steps.append(record)

        from torch.optim.optimizer import register_optimizer_step_pre_hook

        self.handle = register_optimizer_step_pre_hook(hook)
        return self

    def __exit__(self, *exc):
        self.handle.remove()


class _TinyLM(nn.Module):
    """Embedding + one linear layer; returns raw logits; remembers the last input."""

    def __init__(self, vocab=20, dim=16, seed=0):
        super().__init__()
        torch.manual_seed(seed)
        self.embed = nn.Embedding(vocab, dim)
        self.mix = nn.Linear(2 * dim, dim)
        self.head = nn.Linear(dim, vocab)
        self.last_x = None

    def forward(self, x):
        self.last_x = x
        h = self.embed(x)
        prev = F.pad(h, (0, 0, 1, 0))[:, :-1]  # the previous token's embedding
        return self.head(torch.tanh(self.mix(torch.cat([h, prev], -1))))


def _batches(vocab=20, seed=0, batch=8, block=12):
    ids = torch.randint(0, vocab, (2000,), generator=torch.Generator().manual_seed(seed))
    gen = torch.Generator().manual_seed(seed + 1)
    while True:
        starts = torch.randint(0, len(ids) - block, (batch,), generator=gen)
        idx = starts[:, None] + torch.arange(block)
        yield ids[idx], ids[idx + 1]


@pytest.mark.points(2)
def test_train_uses_adamw_and_the_schedule_every_step():
    """train steps a torch AdamW with the given weight decay at cosine_lr(step, ...) each step"""
    model = _TinyLM()
    with _Recorder() as rec:
        losses = train_mod.train(
            model,
            _batches(),
            steps=30,
            max_lr=2e-3,
            warmup_steps=5,
            weight_decay=0.05,
            clip_norm=1.0,
        )
    feedback.expect_equal(
        len(rec.steps),
        30,
        "number of optimizer steps for steps=30",
        hint="one optimizer.step() per training step",
    )
    feedback.expect(
        isinstance(losses, list) and len(losses) == 30,
        "train must return a list with one loss per step",
        expected=30,
        got=len(losses) if isinstance(losses, list) else type(losses),
    )
    kinds = {r["type"] for r in rec.steps}
    feedback.expect(
        kinds == {torch.optim.AdamW},
        "the optimizer must be torch.optim.AdamW",
        expected="AdamW",
        got=sorted(k.__name__ for k in kinds),
        hint="Adam with weight_decay adds an L2 term to the gradient; AdamW decays the "
        "weights directly (decoupled weight decay)",
    )
    feedback.expect(
        max(rec.steps[0]["weight_decays"]) == 0.05,
        "AdamW's weight decay must be the weight_decay argument",
        expected=0.05,
        got=rec.steps[0]["weight_decays"],
    )
    for step, record in enumerate(rec.steps):
        want = train_mod.cosine_lr(step, 2e-3, 5, 30)
        ref = 2e-3 * step / 5 if step < 5 else 1e-3 * (1 + math.cos(math.pi * (step - 5) / 25))
        for lr in record["lrs"]:
            if not math.isclose(lr, ref, rel_tol=1e-6, abs_tol=1e-12):
                feedback.fail(
                    f"learning rate used at step {step} of 30 (max_lr 2e-3, warmup 5)",
                    ref,
                    lr,
                    hint="before each optimizer.step(), set every param_group's 'lr' to "
                    "cosine_lr(step, max_lr, warmup_steps, steps), step counting from 0",
                )
        del want


@pytest.mark.points(2)
def test_train_computes_the_right_gradient():
    """each step's gradient is that of the mean cross-entropy between the logits and y"""
    model = _TinyLM(seed=1)
    source = _batches(seed=3)
    seen = []

    def batches():
        for x, y in source:
            seen.append((x, y))
            yield x, y

    mismatches = []

    def check(record):
        x, y = seen[-1]
        probe = copy.deepcopy(model)
        probe.zero_grad(set_to_none=True)
        logits = probe(x)
        F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1)).backward()
        for (name, p), q in zip(model.named_parameters(), probe.parameters()):
            if p.grad is None or not torch.allclose(p.grad, q.grad, atol=1e-5, rtol=1e-4):
                mismatches.append((len(seen) - 1, name, q.grad, p.grad))
                break

    with _Recorder(check):
        train_mod.train(
            model, batches(), steps=6, max_lr=1e-2, warmup_steps=2, weight_decay=0.0, clip_norm=1e9
        )
    if mismatches:
        step, name, expected, got = mismatches[0]
        feedback.fail(
            f"the gradient of {name} at step {step} (no clipping) is not that of "
            "F.cross_entropy(logits.reshape(-1, vocab), y.reshape(-1))",
            expected,
            got,
            hint="y is already shifted: do not shift again (next_token_loss would drop a "
            "position); clear old gradients every step (optimizer.zero_grad()); use the "
            "mean over all positions, not the sum",
        )


@pytest.mark.points(1)
def test_train_clips_the_gradient_norm():
    """the gradient the optimizer sees has total norm at most clip_norm"""
    model = _TinyLM(seed=2)
    with _Recorder() as rec:
        train_mod.train(
            model,
            _batches(seed=4),
            steps=5,
            max_lr=1e-3,
            warmup_steps=1,
            weight_decay=0.0,
            clip_norm=0.05,
        )
    norms = [r["grad_norm"] for r in rec.steps]
    feedback.expect(
        bool(norms) and max(norms) <= 0.05 * 1.001,
        "with clip_norm=0.05 the total gradient norm at optimizer.step() must be <= 0.05",
        expected="<= 0.05",
        got=[round(n, 4) for n in norms],
        hint="torch.nn.utils.clip_grad_norm_(model.parameters(), clip_norm) after backward() "
        "and before optimizer.step() (clip the norm of all gradients together, not each value)",
    )


@pytest.mark.points(2)
def test_train_learns_shakespeare_with_a_transformers_model():
    """train accepts transformers outputs (.logits) and a tiny GPT-2 learns Shakespeare fast"""
    from transformers import GPT2Config, GPT2LMHeadModel

    text = data.load_corpus()[:50_000]
    tok = data.CharTokenizer(text)
    ids = torch.tensor(tok.encode(text))
    gen = torch.Generator().manual_seed(0)

    def batches():
        while True:
            yield data.get_batch(ids, 16, 32, generator=gen)

    torch.manual_seed(0)
    model = GPT2LMHeadModel(
        GPT2Config(
            n_layer=2,
            n_head=2,
            n_embd=32,
            n_positions=32,
            vocab_size=tok.vocab_size,
            bos_token_id=None,
            eos_token_id=None,
        )
    )
    model.eval()
    losses = train_mod.train(model, batches(), steps=120, max_lr=3e-3, warmup_steps=10)
    feedback.expect(
        model.training,
        "train must put the model in training mode (model.train())",
        expected=True,
        got=model.training,
    )
    final = sum(losses[-10:]) / 10
    # the reference reaches 2.89 nats per character here (uniform guessing: ln 67 = 4.20)
    feedback.expect(
        final < 3.15,
        f"after 120 steps the training loss should be below 3.15 (the reference reaches 2.89; "
        f"uniform guessing is ln {tok.vocab_size} = {math.log(tok.vocab_size):.2f})",
        expected="< 3.15",
        got=round(final, 3),
        hint="check the schedule (warmup then cosine), the optimizer step, and that the loss "
        "compares logits with y",
    )
