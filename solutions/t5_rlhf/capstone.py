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
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import json
import random
import tempfile
import time

import torch

import grader  # noqa: F401  (sets the offline environment before transformers loads)

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


def _quiet(fn, *args, **kwargs):
    """Run a trl trainer without its per-step log lines on stdout."""
    with contextlib.redirect_stdout(io.StringIO()):
        return fn(*args, **kwargs)


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
        verbose: bool = True) -> dict:
    """Run the whole pipeline (see the module docstring); returns every measurement."""
    say = print if verbose else (lambda *a, **k: None)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    out: dict = {"settings": dict(sft_steps=sft_steps, reward_steps=reward_steps,
                                  dpo_steps=dpo_steps, dpo_lr=dpo_lr, beta=beta,
                                  samples=samples, seed=seed)}
    try:
        tokenizer = load_tokenizer()
        train_pairs, heldout = load_preferences("train"), load_preferences("heldout")
        questions = [q["phrasings"][2] for q in load_questions()]  # never trained on
        asked = [q for q in questions for _ in range(samples)]

        # 1. the warmed-up policy
        start = time.perf_counter()
        policy = load_policy()
        losses = sft_warmup(policy, tokenizer, train_pairs, sft_steps, seed=seed)
        before = sample_replies(policy, tokenizer, questions, n=samples, seed=seed)
        out["sft"] = {"loss_first": losses[0], "loss_last": sum(losses[-10:]) / 10,
                      "seconds": time.perf_counter() - start, **judge_summary(asked, before)}
        say("warm-up", json.dumps(out["sft"]))

        # 2. the reward model
        start = time.perf_counter()
        classifier = load_reward_backbone()
        trainer = _quiet(train_reward_model, classifier, tokenizer, train_pairs,
                         tempfile.mkdtemp(), max_steps=reward_steps, seed=seed)
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
        say("reward model", json.dumps({k: v for k, v in out["reward"].items() if k != "train_curve"}))

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
                    best = best_of_n(lambda _prompt, group=group: next(group), lambda p, r: table[(p, r)], q, n)
                    picked_judge.append(judge(q, best))
                    picked_rm.append(table[(q, best)])
            curve[n] = {"judge": sum(picked_judge) / len(picked_judge),
                        "reward": sum(picked_rm) / len(picked_rm), "picks": len(picked_judge)}
        oracle = []
        for i, q in enumerate(questions):
            pool = before[i * samples:(i + 1) * samples]
            oracle.append(max(judge(q, r) for r in pool))
        out["best_of_n"] = {"curve": curve, "judge_oracle_best_of_16": sum(oracle) / len(oracle)}
        say("best-of-n", json.dumps(out["best_of_n"]))

        # 4. DPO on a copy of the warmed-up policy
        start = time.perf_counter()
        reference = copy.deepcopy(policy)
        aligned = copy.deepcopy(policy)
        dpo = _quiet(run_dpo, aligned, tokenizer, train_pairs, tempfile.mkdtemp(),
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
        say("dpo", json.dumps({k: v for k, v in out["dpo"].items() if k not in ("train_curve", "examples")}))

        # 5. the length-bias probe, on the trained reward model and on an untrained one
        torch.manual_seed(seed)
        untrained = as_reward_model(load_reward_backbone())
        out["length_probe"] = {
            "trained": length_probe(reward_model, tokenizer, heldout, seed),
            "untrained": length_probe(untrained, tokenizer, heldout, seed),
        }
        say("length probe", json.dumps(out["length_probe"]))
        return out
    finally:
        torch.set_num_threads(threads)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sft-steps", type=int, default=200)
    parser.add_argument("--reward-steps", type=int, default=200)
    parser.add_argument("--dpo-steps", type=int, default=80)
    parser.add_argument("--dpo-lr", type=float, default=2e-4)
    parser.add_argument("--beta", type=float, default=0.1)
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args(argv)
    result = run(args.sft_steps, args.reward_steps, args.dpo_steps, args.dpo_lr, args.beta)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=1, default=str)


if __name__ == "__main__":
    main()
