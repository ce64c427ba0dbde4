"""The capstone: align the tiny Shakespeare model to the support desk's raters, end to end.

    python -m t5_rlhf.capstone              (run from exercises/ or solutions/; a few minutes)

Given code that puts your pieces together, on the full base model of topic 3:

1. **Warm-up.** ``sft_warmup`` teaches the base model the chat format on every reply the
   raters saw, good and bad: the "before" policy, which samples all styles.
2. **Reward model.** Your ``train_reward_model`` (trl ``RewardTrainer``) on the 400 training
   pairs; your ``RewardModel`` and ``preference_accuracy`` score the 120 held-out pairs.
3. **Best-of-n.** Your ``best_of_n`` with the reward model as ``score_fn``, for growing n:
   the judge's score of the reply it picks (and of a random pick, n = 1).
4. **DPO.** Your ``run_dpo`` (trl ``DPOTrainer``) aligns a copy of the warmed-up policy; your
   ``sequence_logprobs`` and ``dpo_loss`` measure the implicit reward margin on held-out
   pairs, and the judge scores fresh samples before and after.
5. **Length-bias probe.** The same concise, correct replies with two empty sentences added
   (the filler the raters saw, and filler they never saw): does the reward model pay for
   length that the judge penalises?

``run()`` returns every number as a dict (the README, bench and slides report them).

A progress bar shows each training stage's steps, loss, tokens/s and time left (trl's own log
lines are not printed); each stage's log is saved as ``runs/t5_rlhf_<stage>.csv`` and ``.json``
(``warmup``, ``reward``, ``dpo``), every number in ``runs/t5_rlhf_results.json``, and the
pictures as ``runs/t5_rlhf_reward.png`` (the reward model's loss, accuracy and margin) and
``runs/t5_rlhf_dpo.png`` (DPO's loss and reward margin, and the judge before and after)
(``--out``). It trains on the CPU by default; ``--device auto`` uses a GPU when there is one.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import tempfile
import time
from pathlib import Path

import torch
from rich.console import Console

import grader  # noqa: F401  (sets the offline environment before transformers loads)
from grader.core.training_log import TrainingLog, pick_device, trainer_progress

from .data import load_preferences, load_questions
from .dpo import dpo_loss
from .judge import judge, judge_parts
from .reward import best_of_n, preference_accuracy
from .train import (
    as_reward_model,
    load_policy,
    load_reward_backbone,
    load_tokenizer,
    reply_logprobs,
    reward_scores,
    run_dpo,
    sample_replies,
    sft_warmup,
    train_reward_model,
)

# Two sentences with nothing in them, put in front of concise, correct replies: the first pair
# is the rambling the raters saw (and penalised), the second is new to the reward model.
PROBES = {
    "seen filler": "As you may know, we think about many things every day. "
                   "We always try to do our best in every possible way.",
    "new filler": "The weather was mild this week and the office is quiet. "
                  "Our team likes long walks after lunch.",
}
BEST_OF = (1, 2, 4, 8, 16)


def _judged(s: dict) -> str:
    return (f"judge {s['judge']:+.2f} (polite {s['polite']:.0%}, rude {s['rude']:.0%}, "
            f"correct {s['correct']:.0%}, rambling {s['rambling']:.0%})")


def judge_summary(questions: list[str], replies: list[str]) -> dict:
    """Mean judge score and the share of replies that are polite / rude / correct / rambling."""
    parts = [judge_parts(q, r) for q, r in zip(questions, replies)]
    n = len(parts)
    return {
        "judge": sum(sum(p.values()) for p in parts) / n,
        "polite": sum(p["tone"] == 1 for p in parts) / n,
        "rude": sum(p["tone"] == -1 for p in parts) / n,
        "correct": sum(p["content"] == 1 for p in parts) / n,
        "wrong": sum(p["content"] == -1 for p in parts) / n,
        "rambling": sum(p["length"] == -1 for p in parts) / n,
    }


def implicit_margins(policy, reference, tokenizer, pairs, beta: float) -> dict:
    """DPO's implicit rewards on ``pairs``: mean margin and the share ranked right."""
    prompts = [p["prompt"] for p in pairs]
    logps = [reply_logprobs(m, tokenizer, prompts, [p[k] for p in pairs])
             for m in (policy, reference) for k in ("chosen", "rejected")]
    _, chosen, rejected = dpo_loss(logps[0], logps[1], logps[2], logps[3], beta)
    return {"margin": (chosen - rejected).mean().item(),
            "accuracy": preference_accuracy(chosen, rejected)}


def length_probe(reward_model, tokenizer, heldout: list[dict], seed: int = 0) -> dict:
    """How the reward model treats length the judge penalises (see ``PROBES``).

    For 40 concise chosen replies of held-out pairs: the share whose reward rises when the
    filler is put in front, the mean change, and the judge's change. Then, over all 240
    held-out replies grouped by judge score: the reward per extra word within a group (a
    pooled least-squares slope) and the correlation of reward and length within groups.
    """
    concise = [p for p in heldout if p["chosen_parts"][2] == "concise"]
    random.Random(seed).shuffle(concise)
    concise = concise[:40]
    qs, plain = [p["prompt"] for p in concise], [p["chosen"] for p in concise]
    s_plain = reward_scores(reward_model, tokenizer, qs, plain)
    out: dict = {"replies": len(plain)}
    for name, filler in PROBES.items():
        padded = [filler + " " + r for r in plain]
        s_padded = reward_scores(reward_model, tokenizer, qs, padded)
        out[name] = {
            "reward_up_share": (s_padded > s_plain).float().mean().item(),
            "mean_reward_change": (s_padded - s_plain).mean().item(),
            "judge_change": sum(judge(q, b) - judge(q, a) for q, a, b in zip(qs, plain, padded)) / len(plain),
        }
    replies = [(p["prompt"], p[k]) for p in heldout for k in ("chosen", "rejected")]
    scores = reward_scores(reward_model, tokenizer, [q for q, _ in replies], [r for _, r in replies]).tolist()
    groups: dict = {}
    for (q, r), score in zip(replies, scores):
        groups.setdefault(judge(q, r), []).append((len(r.split()), score))
    dx = [w - sum(a for a, _ in g) / len(g) for g in groups.values() for w, _ in g]
    dy = [v - sum(b for _, b in g) / len(g) for g in groups.values() for _, v in g]
    slope = sum(x * y for x, y in zip(dx, dy)) / sum(x * x for x in dx)
    out["within_judge_score"] = {"reward_per_word": slope,
                                 "correlation": slope * (sum(x * x for x in dx) / sum(y * y for y in dy)) ** 0.5}
    return out


def run(sft_steps: int = 200, reward_steps: int = 200, dpo_steps: int = 80,
        dpo_lr: float = 2e-4, beta: float = 0.1, samples: int = 16, seed: int = 0,
        verbose: bool = True, device: str = "cpu", out_dir: str | None = None) -> dict:
    """Run the whole pipeline (see the module docstring); returns every measurement.

    With ``out_dir`` the logs, the results and the pictures are written there (``files``
    in the result lists them).
    """
    dev = pick_device(device)
    console = Console(quiet=not verbose, soft_wrap=True)
    say = lambda line: console.print(line, highlight=False, markup=False)  # noqa: E731
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    out: dict = {"settings": dict(sft_steps=sft_steps, reward_steps=reward_steps,
                                  dpo_steps=dpo_steps, dpo_lr=dpo_lr, beta=beta,
                                  samples=samples, seed=seed, device=dev.type)}
    displays = {name: TrainingLog(steps, out_dir, f"t5_rlhf_{name}", console=console)
                for name, steps in (("warmup", sft_steps), ("reward", reward_steps),
                                    ("dpo", dpo_steps))}
    try:
        tokenizer = load_tokenizer()
        train_pairs, heldout = load_preferences("train"), load_preferences("heldout")
        questions = [q["phrasings"][2] for q in load_questions()]  # never trained on
        asked = [q for q in questions for _ in range(samples)]

        # 1. the warmed-up policy
        start = time.perf_counter()
        policy = load_policy().to(dev)
        warmup = displays["warmup"]

        def on_step(step: int, loss: float) -> None:
            warmup.record({"step": step, "loss": loss})
            warmup.step(step, loss)

        with warmup:
            losses = sft_warmup(policy, tokenizer, train_pairs, sft_steps, seed=seed,
                                on_step=on_step)
        before = sample_replies(policy, tokenizer, questions, n=samples, seed=seed)
        out["sft"] = {"loss_first": losses[0], "loss_last": sum(losses[-10:]) / len(losses[-10:]),
                      "seconds": time.perf_counter() - start, **judge_summary(asked, before)}
        say(f"warm-up ({sft_steps} steps, {out['sft']['seconds']:.0f} s): loss "
            f"{out['sft']['loss_first']:.2f} -> {out['sft']['loss_last']:.2f}; "
            f"{len(before)} samples: {_judged(out['sft'])}")

        # 2. the reward model
        start = time.perf_counter()
        classifier = load_reward_backbone()
        with displays["reward"], trainer_progress(displays["reward"], dev):
            trainer = train_reward_model(classifier, tokenizer, train_pairs, tempfile.mkdtemp(),
                                         max_steps=reward_steps, seed=seed)
        reward_model = as_reward_model(classifier)
        prompts = [p["prompt"] for p in heldout]
        r_chosen = reward_scores(reward_model, tokenizer, prompts, [p["chosen"] for p in heldout])
        r_rejected = reward_scores(reward_model, tokenizer, prompts, [p["rejected"] for p in heldout])
        by_reason: dict = {}
        for p, c, r in zip(heldout, r_chosen, r_rejected):
            kind = "tie (longer wins)" if p["reason"].startswith("tie") else p["reason"]
            by_reason.setdefault(kind, []).append(float(c > r))
        history = [h for h in trainer.state.log_history if "margin" in h]
        out["reward"] = {
            "heldout_accuracy": preference_accuracy(r_chosen, r_rejected),
            "by_reason": {k: (sum(v) / len(v), len(v)) for k, v in sorted(by_reason.items())},
            "train_curve": [(h["step"], h["loss"], h["accuracy"], h["margin"]) for h in history],
            "seconds": time.perf_counter() - start,
        }
        reasons = ", ".join(f"{k} {a:.0%}" for k, (a, _) in out["reward"]["by_reason"].items())
        say(f"reward model ({reward_steps} steps, {out['reward']['seconds']:.0f} s): ranks "
            f"{out['reward']['heldout_accuracy']:.0%} of {len(heldout)} held-out pairs right "
            f"(by reason: {reasons})")

        # 3. best-of-n with the reward model, judged by the judge
        rm_scores = reward_scores(reward_model, tokenizer, asked, before).tolist()
        table = {(q, s): score for q, s, score in zip(asked, before, rm_scores)}
        curve = {}
        for n in [n for n in BEST_OF if n <= samples]:
            picked_judge, picked_rm = [], []
            for i, q in enumerate(questions):
                pool = before[i * samples:(i + 1) * samples]
                for g in range(samples // n):
                    group = iter(pool[g * n:(g + 1) * n])
                    best = best_of_n(lambda _prompt, group=group: next(group),
                                     lambda p, r: table[(p, r)], q, n)
                    picked_judge.append(judge(q, best))
                    picked_rm.append(table[(q, best)])
            curve[n] = {"judge": sum(picked_judge) / len(picked_judge),
                        "reward": sum(picked_rm) / len(picked_rm), "picks": len(picked_judge)}
        oracle = []
        for i, q in enumerate(questions):
            pool = before[i * samples:(i + 1) * samples]
            oracle.append(max(judge(q, r) for r in pool))
        out["best_of_n"] = {"curve": curve, "judge_oracle_best_of_16": sum(oracle) / len(oracle)}
        say("best-of-n, the judge of the pick: " + ", ".join(
            f"n={n} {c['judge']:+.2f}" for n, c in curve.items())
            + f"; the judge's own best of {samples}: {out['best_of_n']['judge_oracle_best_of_16']:+.2f}")

        # 4. DPO on a copy of the warmed-up policy
        start = time.perf_counter()
        reference = copy.deepcopy(policy)
        aligned = copy.deepcopy(policy)
        with displays["dpo"], trainer_progress(displays["dpo"], dev):
            dpo = run_dpo(aligned, tokenizer, train_pairs, tempfile.mkdtemp(),
                          max_steps=dpo_steps, learning_rate=dpo_lr, beta=beta, seed=seed)
        after = sample_replies(aligned, tokenizer, questions, n=samples, seed=seed)
        dpo_history = [h for h in dpo.state.log_history if "rewards/margins" in h]
        out["dpo"] = {
            "heldout_before": implicit_margins(policy, reference, tokenizer, heldout, beta),
            "heldout_after": implicit_margins(aligned, reference, tokenizer, heldout, beta),
            "train_curve": [(h["step"], h["loss"], h["rewards/margins"], h["rewards/accuracies"])
                            for h in dpo_history],
            "judge_before": out["sft"]["judge"], **{"after_" + k: v for k, v in
                                                  judge_summary(asked, after).items()},
            "seconds": time.perf_counter() - start,
        }
        examples = []
        for i, q in enumerate(questions[:6]):
            examples.append({"question": q, "before": before[i * samples], "after": after[i * samples]})
        out["dpo"]["examples"] = examples
        d = out["dpo"]
        say(f"DPO ({dpo_steps} steps, {d['seconds']:.0f} s): held-out implicit margin "
            f"{d['heldout_before']['margin']:+.2f} -> {d['heldout_after']['margin']:+.2f} "
            f"({d['heldout_after']['accuracy']:.0%} of pairs ranked right); samples after: "
            + _judged({k[len("after_"):]: v for k, v in d.items() if k.startswith("after_")}))

        # 5. the length-bias probe, on the trained reward model and on an untrained one
        torch.manual_seed(seed)
        untrained = as_reward_model(load_reward_backbone())
        out["length_probe"] = {
            "trained": length_probe(reward_model, tokenizer, heldout, seed),
            "untrained": length_probe(untrained, tokenizer, heldout, seed),
        }
        for name, probe in out["length_probe"].items():
            say(f"length probe, {name} reward model: " + "; ".join(
                f"{kind}: reward up for {probe[kind]['reward_up_share']:.0%} of {probe['replies']} "
                f"replies (judge {probe[kind]['judge_change']:+.2f})" for kind in PROBES)
                + f"; reward per extra word {probe['within_judge_score']['reward_per_word']:+.3f}")
        if out_dir is not None:
            out["files"] = write_files(out, displays, out_dir)
        return out
    finally:
        torch.set_num_threads(threads)


def write_files(result: dict, displays: dict, out_dir: str) -> list[str]:
    """Given: the stages' logs (CSV, JSON; saved as each stage ends), the results as JSON, and
    the two pictures; returns the paths written."""
    d, judged = result["dpo"], ("judge", "polite", "rude", "rambling")
    pngs = [
        displays["reward"].plot("step", {"loss": "loss", "accuracy": "accuracy",
                                         "margin": "margin"}, "reward model training"),
        displays["dpo"].plot(
            "step", {"DPO loss": "loss", "reward margin": "rewards/margins"}, "DPO training",
            before_after=("before and after DPO",
                          {"held-out margin": (d["heldout_before"]["margin"],
                                               d["heldout_after"]["margin"]),
                           **{k: (result["sft"][k], d["after_" + k]) for k in judged}})),
    ]
    results = Path(out_dir) / "t5_rlhf_results.json"
    logs = [p for log in displays.values() if log.entries
            for p in (log.out_dir / f"{log.name}.csv", log.out_dir / f"{log.name}.json")]
    files = [str(p) for p in (*logs, results, *pngs)]
    results.write_text(json.dumps({**result, "files": files}, indent=1, default=str),
                       encoding="utf-8")
    return files


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="align the tiny Shakespeare model to the "
                                     "support desk's raters: reward model, best-of-n, DPO",
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--sft-steps", type=int, default=200, help="steps of the warm-up")
    parser.add_argument("--reward-steps", type=int, default=200,
                        help="steps of your train_reward_model")
    parser.add_argument("--dpo-steps", type=int, default=80, help="steps of your run_dpo")
    parser.add_argument("--dpo-lr", type=float, default=2e-4, help="DPO learning rate")
    parser.add_argument("--beta", type=float, default=0.1, help="DPO's beta")
    parser.add_argument("--samples", type=int, default=16,
                        help="samples per held-out question (best-of-n up to this n)")
    parser.add_argument("--device", choices=["auto", "cpu", "cuda", "mps"], default="cpu",
                        help="where to train (auto: a GPU when there is one)")
    parser.add_argument("--out", default="runs",
                        help="folder for the logs (CSV, JSON), the results and the PNGs")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    result = run(args.sft_steps, args.reward_steps, args.dpo_steps, args.dpo_lr, args.beta,
                 args.samples, device=args.device, out_dir=args.out)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")
    print("logs, results and pictures: " + ", ".join(result["files"]))


if __name__ == "__main__":
    main()
