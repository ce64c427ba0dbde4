"""RLHF on CPU: trl's DPOTrainer vs a plain DPO loop, and the topic's end-to-end numbers.

    python bench/t5_rlhf.py

1. DPO speed. The base model of topic 3 (1.1M parameters) and a frozen copy as reference,
   the same 30 batches of 8 training pairs (collated by trl's own data collator, so both sides
   see identical tensors), AdamW at the same learning rate. Once through `DPOTrainer.train()`,
   once through a learner-level loop: two forward passes, the reference's log-probs under
   `no_grad`, the reference `sequence_logprobs` and `dpo_loss`, backward, step. The table
   gives steps per second of each and their ratio, measured in the same run, plus the losses
   of both along the way as a sanity check (same batches, same optimizer: they must agree).
2. The capstone (`t5_rlhf.capstone.run()` with its defaults): held-out reward-model accuracy,
   the best-of-n curve, DPO's held-out margin and the judge before and after, and the
   length-bias probe.

Everything runs on one thread (torch.set_num_threads(1)); times depend on the machine, the
ratio in part 1 travels between machines.
"""

from __future__ import annotations

import contextlib
import copy
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grader.core import target

STEPS, BATCH, LR, BETA = 30, 8, 2e-4, 0.1


def dpo_speed() -> dict:
    import torch
    from trl import DPOConfig, DPOTrainer

    train = target.oracle("t5_rlhf.train")
    data = target.oracle("t5_rlhf.data")
    dpo = target.oracle("t5_rlhf.dpo")
    torch.set_num_threads(1)
    tokenizer = train.load_tokenizer()
    pairs = data.load_preferences("train")
    torch.manual_seed(0)
    policy = train.load_policy()
    start_state = copy.deepcopy(policy.state_dict())

    args = DPOConfig(
        output_dir=tempfile.mkdtemp(),
        max_steps=STEPS,
        learning_rate=LR,
        beta=BETA,
        per_device_train_batch_size=BATCH,
        seed=0,
        lr_scheduler_type="constant",
        **train.CPU_SETTINGS,
    )
    trainer = DPOTrainer(
        model=policy,
        ref_model=copy.deepcopy(policy),
        args=args,
        train_dataset=train.preference_dataset(pairs),
        processing_class=tokenizer,
    )
    batches = [b for _, b in zip(range(STEPS), trainer.get_train_dataloader())]
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        trainer.train()
    trl_s = time.perf_counter() - start
    trl_losses = [h["loss"] for h in trainer.state.log_history if "loss" in h and "step" in h][
        :STEPS
    ]

    # the learner-level loop, from the same starting weights, on the same batches
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(data.base_model_dir())
    model.load_state_dict(start_state)
    reference = copy.deepcopy(model).eval()
    model.train()
    # what DPOConfig does by default: AdamW without weight decay, gradient norm clipped to 1
    optimizer = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=0.0)
    losses = []
    start = time.perf_counter()
    for batch in batches:
        labels = batch["input_ids"].masked_fill(batch["completion_mask"] == 0, -100)
        inputs = dict(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
        logps = dpo.sequence_logprobs(model(**inputs).logits, labels)
        with torch.no_grad():
            ref_logps = dpo.sequence_logprobs(reference(**inputs).logits, labels)
        pc, pr = logps.chunk(2)
        rc, rr = ref_logps.chunk(2)
        loss = dpo.dpo_loss(pc, pr, rc, rr, beta=BETA)[0].mean()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        losses.append(loss.item())
    loop_s = time.perf_counter() - start
    return {
        "trl_steps_per_s": STEPS / trl_s,
        "loop_steps_per_s": STEPS / loop_s,
        "trl_last_loss": trl_losses[-1],
        "loop_last_loss": losses[-1],
        "max_loss_diff": max(abs(a - b) for a, b in zip(trl_losses, losses)),
    }


def markdown() -> str:
    """This benchmark's section of bench/RESULTS.md."""
    speed = dpo_speed()
    capstone = target.oracle("t5_rlhf.capstone")
    result = capstone.run(verbose=False)
    s = result["settings"]
    lines = [
        "## t5: DPO with trl's `DPOTrainer` vs a plain loop; the RLHF capstone",
        "",
        f"DPO on the 1.1M-parameter base model, {STEPS} identical batches of {BATCH} pairs, AdamW "
        f"at {LR}, beta {BETA}, one thread; ratio = loop / trl (above 1: trl is slower).",
        "",
        "| | DPOTrainer | plain loop | ratio | last-step loss (trl / loop) | largest loss difference |",
        "|---|---:|---:|---:|---:|---:|",
        f"| steps per second | {speed['trl_steps_per_s']:.2f} | {speed['loop_steps_per_s']:.2f} | "
        f"{speed['loop_steps_per_s'] / speed['trl_steps_per_s']:.2f}× | "
        f"{speed['trl_last_loss']:.4f} / {speed['loop_last_loss']:.4f} | {speed['max_loss_diff']:.1e} |",
        "",
        f"Capstone (`t5_rlhf.capstone.run()`: warm-up {s['sft_steps']} steps, reward model "
        f"{s['reward_steps']} steps, DPO {s['dpo_steps']} steps at {s['dpo_lr']}, beta {s['beta']}, "
        f"{s['samples']} samples per held-out question):",
        "",
        f"- reward model: held-out accuracy **{result['reward']['heldout_accuracy']:.2f}** on 120 pairs "
        "(by deciding signal: "
        + ", ".join(f"{k} {v[0]:.2f} ({v[1]})" for k, v in result["reward"]["by_reason"].items())
        + ")",
        "- best-of-n with the reward model, mean judge score of the pick: "
        + ", ".join(f"n={n}: {v['judge']:+.2f}" for n, v in result["best_of_n"]["curve"].items())
        + f" (best of 16 by the judge itself: {result['best_of_n']['judge_oracle_best_of_16']:+.2f})",
        f"- DPO: held-out implicit margin {result['dpo']['heldout_before']['margin']:+.2f} → "
        f"**{result['dpo']['heldout_after']['margin']:+.2f}**, pairs ranked right "
        f"{result['dpo']['heldout_after']['accuracy']:.2f}; judge of samples "
        f"{result['dpo']['judge_before']:+.2f} → **{result['dpo']['after_judge']:+.2f}** (polite "
        f"{result['sft']['polite']:.2f} → {result['dpo']['after_polite']:.2f}, rude "
        f"{result['sft']['rude']:.2f} → {result['dpo']['after_rude']:.2f})",
    ]
    for which in ("trained", "untrained"):
        probe = result["length_probe"][which]
        for name in (k for k in probe if k not in ("replies", "within_judge_score")):
            lines.append(
                f"- length probe, {which} reward model, {name}: reward up for "
                f"{probe[name]['reward_up_share']:.0%} of {probe['replies']} replies (mean change "
                f"{probe[name]['mean_reward_change']:+.2f}), judge change {probe[name]['judge_change']:+.2f}"
            )
        within = probe["within_judge_score"]
        lines.append(
            f"- {which} reward model at equal judge score: {within['reward_per_word']:+.3f} reward "
            f"per word (correlation {within['correlation']:+.2f}, 240 held-out replies)"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown())
