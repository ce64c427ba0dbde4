"""Alignment's diversity cost: how much range a model gives up when SFT and DPO tame it.

A base model says many different things to the same prompt; an aligned one says the preferred
thing, more and more often the same way. Two numbers measure that range:

- **distinct-n** (Li et al., 2016): of all the n-grams in a set of samples, the share that are
  different. 1.0: no n-gram repeats; near 0: the samples repeat each other (or themselves).
- **sample entropy**: how spread the samples are over different replies. Draw ``k`` replies to
  one prompt: ``ln k`` nats if they are all different, 0 if they are all the same.

``measure_diversity`` puts them next to the judge's score for several models sampled the same
way on the same held-out prompts: quality and range, side by side. Given: ``run()`` builds the
three models of the capstone (the base model, its SFT warm-up, DPO on top) and measures them:

    python -m t5_rlhf.diversity             (run from exercises/ or solutions/; about 3 minutes)
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import json
import math
import tempfile
from collections import Counter

import torch
from rich.console import Console

from grader.core.training_log import TrainingLog, pick_device, trainer_progress

from .data import load_preferences, load_questions
from .judge import judge
from .train import load_policy, load_tokenizer, run_dpo, sample_replies, sft_warmup


def distinct_n(samples: list[str], n: int) -> float:
    """The distinct-n ratio of ``samples``: unique n-grams / total n-grams, as a float.

    - Tokens are whitespace-separated words: ``sample.split()`` (case and punctuation kept:
      ``"Thanks"`` and ``"thanks!"`` are different tokens).
    - An n-gram is ``n`` consecutive tokens *of one sample*: a sample of ``L`` tokens has
      ``max(L - n + 1, 0)`` of them, and no n-gram spans the end of one sample and the start of
      the next.
    - The n-grams of all the samples are pooled: ``total`` counts every occurrence, ``unique``
      counts each different n-gram once, wherever it occurs. Two identical samples count their
      n-grams twice in ``total`` and once in ``unique``.
    - No n-gram at all (no samples, or every sample shorter than ``n`` tokens): 0.0.
    - ``n < 1`` raises ``ValueError``.

    Example: ``distinct_n(["a b a b", "a b"], 2)``: the bigrams are ``(a b), (b a), (a b)`` and
    ``(a b)``: 2 unique out of 4, so 0.5.
    """
    ### BEGIN SOLUTION (task 11)
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    grams = Counter()
    for sample in samples:
        tokens = sample.split()
        grams.update(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    total = sum(grams.values())
    return len(grams) / total if total else 0.0
    ### END SOLUTION


def sample_entropy(samples: list[str]) -> float:
    """The plug-in entropy, in nats, of the replies sampled for one prompt: a float.

    The samples are treated as draws from the model's distribution over whole replies. Two
    samples are the same reply when their strings are equal (exactly: no stripping, no case
    folding). With ``c_i`` the count of the ``i``-th different reply among the ``N`` samples,
    the estimate is ``H = −Σ_i (c_i / N) · ln(c_i / N)`` (natural log: nats, not bits).

    - All ``N`` samples the same: 0.0. All different: ``ln N``, the most ``N`` samples can show.
    - No samples: 0.0.

    (With few samples the plug-in estimate is biased low: a model with far more than ``N``
    possible replies still scores at most ``ln N``. Compare models on the same ``N``.)
    """
    ### BEGIN SOLUTION (task 12)
    total = len(samples)
    if total == 0:
        return 0.0
    return -sum(c / total * math.log(c / total) for c in Counter(samples).values()) + 0.0
    ### END SOLUTION


def measure_diversity(models: dict, tokenizer, prompts: list[str], n: int = 8,
                      max_new_tokens: int = 48, temperature: float = 1.0, seed: int = 0,
                      sample_fn=sample_replies) -> dict[str, dict]:
    """Sample every model the same way on the same prompts; report range and quality.

    ``models`` maps a name (e.g. ``"base"``, ``"sft"``, ``"dpo"``) to a causal LM. For each
    model, draw ``n`` replies to every prompt with one call

        replies = sample_fn(model, tokenizer, prompts, n=n, max_new_tokens=max_new_tokens,
                            temperature=temperature, seed=seed)

    (``sample_replies`` of train.py by default: question-major, ``prompts[0]`` × n, then
    ``prompts[1]`` × n, ...). Every model gets the same prompts, ``n``, temperature and seed:
    a difference in the numbers is then a difference between the models, not the sampling.

    Returns a dict with the same names, in the same order, each mapping to:

    - ``"distinct_1"``, ``"distinct_2"``: ``distinct_n`` of the ``n`` replies to one prompt,
      averaged over the prompts (the range *for a given prompt*, which is what alignment
      narrows; pooling all prompts would also count how different the questions are);
    - ``"entropy"``: ``sample_entropy`` of the ``n`` replies to one prompt, averaged over the
      prompts (nats; at most ``ln n``);
    - ``"judge"``: the mean ``judge(prompt, reply)`` over all the replies (quality);
    - ``"samples"``: the replies, in ``sample_fn``'s order.

    All numbers are Python floats. ``prompts`` must not be empty.
    """
    ### BEGIN SOLUTION (task 13)
    report = {}
    for name, model in models.items():
        replies = sample_fn(model, tokenizer, prompts, n=n, max_new_tokens=max_new_tokens,
                            temperature=temperature, seed=seed)
        groups = [replies[i * n:(i + 1) * n] for i in range(len(prompts))]
        asked = [p for p in prompts for _ in range(n)]
        report[name] = {
            "distinct_1": sum(distinct_n(g, 1) for g in groups) / len(groups),
            "distinct_2": sum(distinct_n(g, 2) for g in groups) / len(groups),
            "entropy": sum(sample_entropy(g) for g in groups) / len(groups),
            "judge": sum(judge(q, r) for q, r in zip(asked, replies)) / len(replies),
            "samples": list(replies),
        }
    return report
    ### END SOLUTION


# ------------------------------------------------------------------ given: base vs SFT vs DPO


def run(sft_steps: int = 200, dpo_steps: int = 80, dpo_lr: float = 2e-4, beta: float = 0.1,
        samples: int = 16, temperatures: tuple[float, ...] = (1.0, 0.7), max_new_tokens: int = 48,
        questions: int | None = None, num_hidden_layers: int | None = None, seed: int = 0,
        verbose: bool = True, device: str = "cpu") -> dict:
    """Given: the base model, the capstone's SFT warm-up of it and DPO on top of that (same
    settings as ``capstone.run``), measured by your ``measure_diversity`` on the held-out
    phrasing of every question, at each temperature. Returns ``{temperature: report}`` with
    the samples dropped. ``device``: cpu, cuda, mps or auto (``pick_device``)."""
    say = print if verbose else (lambda *a, **k: None)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    try:
        tokenizer = load_tokenizer()
        train_pairs = load_preferences("train")
        prompts = [q["phrasings"][2] for q in load_questions()][:questions]
        dev = pick_device(device)
        base = load_policy(num_hidden_layers=num_hidden_layers).to(dev)
        sft = copy.deepcopy(base)
        sft_warmup(sft, tokenizer, train_pairs, sft_steps, seed=seed)
        dpo = copy.deepcopy(sft)
        quiet = TrainingLog(dpo_steps, None, "t5_diversity_dpo", console=Console(quiet=True))
        with contextlib.redirect_stdout(io.StringIO()), quiet, trainer_progress(quiet, dev):
            run_dpo(dpo, tokenizer, train_pairs, tempfile.mkdtemp(), max_steps=dpo_steps,
                    learning_rate=dpo_lr, beta=beta, seed=seed)
        out = {}
        for temperature in temperatures:
            report = measure_diversity({"base": base, "sft": sft, "dpo": dpo}, tokenizer, prompts,
                                       n=samples, max_new_tokens=max_new_tokens,
                                       temperature=temperature, seed=seed)
            out[temperature] = {name: {k: v for k, v in r.items() if k != "samples"}
                                for name, r in report.items()}
            say(f"temperature {temperature}: {len(prompts)} held-out questions x {samples} samples "
                f"(entropy at most ln {samples} = {math.log(samples):.2f})")
            say(f"  {'model':<6} {'distinct-1':>10} {'distinct-2':>10} {'entropy':>8} {'judge':>7}")
            for name, r in out[temperature].items():
                say(f"  {name:<6} {r['distinct_1']:>10.3f} {r['distinct_2']:>10.3f} "
                    f"{r['entropy']:>8.3f} {r['judge']:>+7.2f}")
        return out
    finally:
        torch.set_num_threads(threads)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="alignment's diversity cost: base vs SFT vs DPO")
    parser.add_argument("--sft-steps", type=int, default=200)
    parser.add_argument("--dpo-steps", type=int, default=80)
    parser.add_argument("--samples", type=int, default=16)
    parser.add_argument("--temperature", type=float, nargs="+", default=[1.0, 0.7])
    parser.add_argument("--json", help="write the results to this file")
    parser.add_argument("--device", choices=["auto", "cpu", "cuda", "mps"], default="cpu",
                        help="where to train and sample: auto picks a CUDA GPU or Apple's mps")
    args = parser.parse_args(argv)
    result = run(args.sft_steps, args.dpo_steps, samples=args.samples,
                 temperatures=tuple(args.temperature), device=args.device)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
