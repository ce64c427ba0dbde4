"""Hidden checks for dpo.py: sequence log-probs, the DPO loss against trl's DPOTrainer, the KL penalty."""

import copy
import tempfile

import pytest
import torch

from grader.core import feedback, target

dpo = target.module("t5_rlhf.dpo")
data = target.module("t5_rlhf.data")
ref_train = target.oracle("t5_rlhf.train")


# ---------------------------------------------------------------- sequence_logprobs (task 6)


def _direct_logprobs(logits, labels, ignore_index=-100):
    """Row by row, token by token, in float64."""
    logp = logits.double().log_softmax(-1)
    out = []
    for b in range(labels.shape[0]):
        total = 0.0
        for t in range(1, labels.shape[1]):
            if labels[b, t] != ignore_index:
                total += logp[b, t - 1, labels[b, t]].item()
        out.append(total)
    return torch.tensor(out)


@pytest.mark.points(2)
def test_sequence_logprobs_matches_a_direct_computation():
    """sequence_logprobs sums the shifted log-probs of the labelled tokens, row by row"""
    gen = torch.Generator().manual_seed(0)
    logits = 3 * torch.randn(4, 9, 13, generator=gen)
    labels = torch.randint(0, 13, (4, 9), generator=gen)
    labels[0, :3] = -100  # a prompt
    labels[1, 6:] = -100  # right padding
    labels[2, :5] = -100  # a long prompt
    labels[3, [0, 2, 4]] = -100  # scattered
    got = dpo.sequence_logprobs(logits, labels)
    feedback.expect_close(
        got,
        _direct_logprobs(logits, labels),
        "sequence_logprobs of 4 rows with prompt / padding labels of -100",
        atol=1e-4,
        hint="the logits at position t predict the label at t + 1: use logits[:, :-1] "
        "with labels[:, 1:]; skip labels equal to ignore_index; SUM the "
        "log-probs of each row (a mean per token is a different quantity)",
    )


@pytest.mark.points(1)
def test_sequence_logprobs_matches_transformers_loss():
    """for one row, -sequence_logprobs equals transformers' loss times the number of labels"""
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    model = LlamaForCausalLM(
        LlamaConfig(
            vocab_size=50,
            hidden_size=32,
            intermediate_size=64,
            num_hidden_layers=1,
            num_attention_heads=4,
            num_key_value_heads=4,
        )
    ).eval()
    ids = torch.randint(0, 50, (1, 12), generator=torch.Generator().manual_seed(1))
    labels = ids.clone()
    labels[0, :4] = -100
    with torch.no_grad():
        out = model(input_ids=ids, labels=labels)
    n_predicted = int((labels[0, 1:] != -100).sum())
    feedback.expect_close(
        dpo.sequence_logprobs(out.logits, labels),
        -out.loss.reshape(1) * n_predicted,
        "sequence_logprobs vs -(transformers loss × number of labelled tokens)",
        atol=1e-4,
        hint="shift inside, like transformers; sum over the labelled tokens",
    )


@pytest.mark.points(1)
def test_sequence_logprobs_custom_ignore_index_and_bfloat16():
    """sequence_logprobs honours ignore_index and computes in float32 for bfloat16 logits"""
    gen = torch.Generator().manual_seed(2)
    logits = 2 * torch.randn(2, 6, 7, generator=gen)
    labels = torch.randint(0, 7, (2, 6), generator=gen)
    labels[:, :2] = -1
    feedback.expect_close(
        dpo.sequence_logprobs(logits, labels, ignore_index=-1),
        _direct_logprobs(logits, labels, ignore_index=-1),
        "sequence_logprobs with ignore_index=-1",
        atol=1e-4,
        hint="compare the labels with the ignore_index argument, not with -100",
    )
    half = logits.bfloat16()
    got = dpo.sequence_logprobs(half, labels.clamp(min=0))
    feedback.expect(
        got.dtype == torch.float32,
        "sequence_logprobs of bfloat16 logits must be float32",
        expected=torch.float32,
        got=got.dtype,
        hint="call .float() on the logits first",
    )
    feedback.expect_close(
        got,
        _direct_logprobs(half.float(), labels.clamp(min=0)),
        "sequence_logprobs of bfloat16 logits",
        atol=1e-3,
    )


# ---------------------------------------------------------------- dpo_loss vs trl (task 7)


@pytest.fixture(scope="module")
def trl_batches():
    """trl's DPOTrainer on a tiny Llama: its loss, rewards and log-probs for 4 held-out pairs."""
    from transformers import LlamaConfig, LlamaForCausalLM
    from trl import DPOConfig, DPOTrainer

    tokenizer = ref_train.load_tokenizer()
    torch.manual_seed(0)
    policy = LlamaForCausalLM(
        LlamaConfig(
            vocab_size=len(tokenizer),
            hidden_size=32,
            intermediate_size=64,
            num_hidden_layers=1,
            num_attention_heads=4,
            num_key_value_heads=4,
            pad_token_id=tokenizer.pad_token_id,
            eos_token_id=tokenizer.eos_token_id,
        )
    )
    reference = copy.deepcopy(policy)
    with torch.no_grad():  # the policy has moved away from the reference
        for p in policy.parameters():
            p.add_(0.3 * torch.randn(p.shape, generator=torch.Generator().manual_seed(p.numel())))
    beta = 0.3
    pairs = data.load_preferences("heldout")[:4]
    args = DPOConfig(
        output_dir=tempfile.mkdtemp(),
        beta=beta,
        per_device_train_batch_size=4,
        **ref_train.CPU_SETTINGS,
    )
    trainer = DPOTrainer(
        model=policy,
        ref_model=reference,
        args=args,
        train_dataset=ref_train.preference_dataset(pairs),
        processing_class=tokenizer,
    )
    rows = [trainer.train_dataset[i] for i in range(len(pairs))]
    singles = []
    with torch.no_grad():
        for row in rows:
            batch = trainer.data_collator([row])
            loss = trainer.compute_loss(trainer.model, batch).item()
            metrics = {k: v[-1] for k, v in trainer._metrics["train"].items()}
            singles.append({"batch": batch, "loss": loss, **metrics})
        whole = trainer.data_collator(rows)
        whole_loss = trainer.compute_loss(trainer.model, whole).item()
    return {
        "policy": policy,
        "reference": reference,
        "beta": beta,
        "singles": singles,
        "whole": whole,
        "whole_loss": whole_loss,
    }


def _learner_logps(model, batch):
    labels = batch["input_ids"].masked_fill(batch["completion_mask"] == 0, -100)
    with torch.no_grad():
        logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
    return dpo.sequence_logprobs(logits, labels).chunk(2)


@pytest.mark.points(3)
def test_dpo_loss_equals_trl_dpo_trainer(trl_batches):
    """dpo_loss on your sequence_logprobs equals the loss trl's DPOTrainer computes, pair by pair"""
    beta = trl_batches["beta"]
    for i, single in enumerate(trl_batches["singles"]):
        pc, pr = _learner_logps(trl_batches["policy"], single["batch"])
        rc, rr = _learner_logps(trl_batches["reference"], single["batch"])
        feedback.expect_close(
            pc,
            torch.tensor([single["logps/chosen"]]),
            f"pair {i}: sequence_logprobs of the chosen reply vs trl's logps/chosen",
            atol=2e-3,
            rtol=1e-4,
            hint="trl sums the log-probs of the completion tokens (the labels that are not -100)",
        )
        losses, chosen, rejected = dpo.dpo_loss(pc, pr, rc, rr, beta=beta)
        feedback.expect_close(
            losses,
            torch.tensor([single["loss"]]),
            f"pair {i}: dpo_loss vs trl DPOTrainer.compute_loss (beta={beta})",
            atol=1e-4,
            hint="-logsigmoid(beta * ((policy_chosen - ref_chosen) - (policy_rejected - ref_rejected)))",
        )
        feedback.expect_close(
            chosen,
            torch.tensor([single["rewards/chosen"]]),
            f"pair {i}: chosen reward vs trl's rewards/chosen",
            atol=1e-4,
            hint="chosen_rewards = beta * (policy_chosen_logps - ref_chosen_logps)",
        )
        feedback.expect_close(
            rejected,
            torch.tensor([single["rewards/rejected"]]),
            f"pair {i}: rejected reward vs trl's rewards/rejected",
            atol=1e-4,
            hint="rejected_rewards = beta * (policy_rejected_logps - ref_rejected_logps)",
        )
    pc, pr = _learner_logps(trl_batches["policy"], trl_batches["whole"])
    rc, rr = _learner_logps(trl_batches["reference"], trl_batches["whole"])
    losses, _, _ = dpo.dpo_loss(pc, pr, rc, rr, beta=beta)
    feedback.expect_equal(
        tuple(losses.shape),
        (4,),
        "dpo_loss must return one loss per pair (B,)",
        hint="return the per-example losses; the trainer takes their mean",
    )
    feedback.expect_close(
        losses.mean(),
        torch.tensor(trl_batches["whole_loss"]),
        "mean dpo_loss of a padded batch of 4 pairs vs trl",
        atol=1e-4,
    )


@pytest.mark.points(2)
def test_dpo_loss_rewards_and_stability():
    """rewards are β·(policy − reference) log-ratios, detached; losses stay finite for huge ratios"""
    pc = torch.tensor([-10.0, -4.0, 0.0, -3e4], requires_grad=True)
    pr = torch.tensor([-12.0, -2.0, 0.0, -1.0], requires_grad=True)
    rc = torch.tensor([-11.0, -5.0, 0.0, -1.0])
    rr = torch.tensor([-11.0, -5.0, 0.0, -3e4])
    beta = 0.5
    losses, chosen, rejected = dpo.dpo_loss(pc, pr, rc, rr, beta=beta)
    feedback.expect_close(
        chosen,
        beta * (pc - rc),
        "chosen rewards with beta=0.5",
        atol=1e-3,
        hint="beta * (policy_chosen_logps - ref_chosen_logps): policy minus reference",
    )
    feedback.expect_close(rejected, beta * (pr - rr), "rejected rewards with beta=0.5", atol=1e-3)
    feedback.expect(
        not chosen.requires_grad and not rejected.requires_grad,
        "the returned rewards must be detached (they are for monitoring; only the loss "
        "is back-propagated)",
        expected="requires_grad=False",
        got=chosen.requires_grad,
        hint="return chosen_rewards.detach(), rejected_rewards.detach()",
    )
    expected = torch.nn.functional.softplus(-(beta * ((pc - rc) - (pr - rr)))).detach()
    feedback.expect_close(
        losses,
        expected,
        "dpo_loss with beta=0.5 (last pair: log-ratio margin -6e4)",
        atol=1e-3,
        rtol=1e-5,
        hint="use F.logsigmoid (stable); -log(sigmoid(x)) is inf for very negative x",
    )
    feedback.expect(
        losses.requires_grad,
        "the losses must carry gradients to the policy log-probs",
        expected=True,
        got=losses.requires_grad,
    )


# ---------------------------------------------------------------- kl_penalized_reward (task 8)


@pytest.mark.points(1)
def test_kl_penalized_reward_matches_the_formula():
    """kl_penalized_reward = reward − β·(policy_logps − ref_logps)"""
    gen = torch.Generator().manual_seed(4)
    r, p, q = (
        torch.randn(6, generator=gen),
        -20 * torch.rand(6, generator=gen),
        -20 * torch.rand(6, generator=gen),
    )
    for beta in (0.05, 0.5):
        feedback.expect_close(
            dpo.kl_penalized_reward(r, p, q, beta),
            r - beta * (p - q),
            f"kl_penalized_reward with beta={beta}",
            atol=1e-5,
            hint="subtract beta times (policy_logps - ref_logps): replies the policy made "
            "more likely than the reference cost reward",
        )
