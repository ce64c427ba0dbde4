"""Training with trl: a reward model with ``RewardTrainer``, a policy with ``DPOTrainer``.

Both start from the tiny Shakespeare model of topic 3 (``data/t3_base_model``). The given
helpers load it, give the policy a short supervised warm-up on support-desk replies (so that
it has something to sample before alignment), sample replies, and score them; the two
trainers are yours.

trl on a CPU: its configs default to bf16 and fail without a GPU, and its default learning
rates are made for billion-parameter models. The settings in ``CPU_SETTINGS`` make it run
here; use them in both trainers.
"""

from __future__ import annotations

import copy
from pathlib import Path

import torch
from torch import nn

from .data import END_OF_TURN, base_model_dir, format_prompt, format_reply, to_trl_rows
from .dpo import sequence_logprobs
from .reward import RewardModel

MAX_LENGTH = 128  # tokens of prompt + reply; the longest pair of data/ has about 90

# What trl needs to run here (see the README): pass these to RewardConfig/DPOConfig. float32
# (trl's default bf16 fails without a GPU); the device is not set: the checks and the capstone's
# default run on the CPU (--device picks another).
CPU_SETTINGS = dict(
    bf16=False, activation_checkpointing=False, save_strategy="no", report_to="none",
    logging_steps=1,
    disable_tqdm=True, dataloader_pin_memory=False, max_length=MAX_LENGTH,
)


# ------------------------------------------------------------------ given: models and data


def load_tokenizer(path: str | Path | None = None):
    """Given: the base model's tokenizer (byte-level BPE, ``<|pad|>`` for padding)."""
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(path or base_model_dir())


def load_policy(path: str | Path | None = None, num_hidden_layers: int | None = None):
    """Given: the base causal LM (``num_hidden_layers`` keeps only the first layers: faster)."""
    from transformers import AutoModelForCausalLM
    from transformers.utils import logging

    extra = {} if num_hidden_layers is None else {"num_hidden_layers": num_hidden_layers}
    verbosity = logging.get_verbosity()
    logging.set_verbosity_error()  # a cut model leaves the other layers' weights unused
    try:
        return AutoModelForCausalLM.from_pretrained(path or base_model_dir(), **extra)
    finally:
        logging.set_verbosity(verbosity)


def load_reward_backbone(path: str | Path | None = None, num_hidden_layers: int | None = None):
    """Given: the base model as a ``LlamaForSequenceClassification`` with one output.

    The transformer body (``.model``) comes from the checkpoint; the new head ``.score``
    (``hidden_size → 1``, no bias) starts random. This is what trl's ``RewardTrainer`` trains.
    """
    from transformers import AutoModelForSequenceClassification
    from transformers.utils import logging

    extra = {} if num_hidden_layers is None else {"num_hidden_layers": num_hidden_layers}
    verbosity = logging.get_verbosity()
    logging.set_verbosity_error()  # the report of the new, random head is expected
    try:
        return AutoModelForSequenceClassification.from_pretrained(path or base_model_dir(),
                                                                  num_labels=1, **extra)
    finally:
        logging.set_verbosity(verbosity)


def as_reward_model(classifier) -> RewardModel:
    """Given: your ``RewardModel`` sharing the body and head weights of a trained classifier.

    ``LlamaForSequenceClassification`` scores the last non-padding token with ``score``
    (no bias); ``RewardModel`` does the same with ``head`` (bias set to 0).
    """
    model = RewardModel(classifier.model, classifier.config.hidden_size)
    with torch.no_grad():
        model.head.weight.copy_(classifier.score.weight)
        model.head.bias.zero_()
    return model.to(classifier.device).eval()


def preference_dataset(pairs: list[dict]):
    """Given: rated pairs as a ``datasets.Dataset`` with ``prompt``, ``chosen``, ``rejected``."""
    from datasets import Dataset

    return Dataset.from_dict(to_trl_rows(pairs))


def encode(tokenizer, prompts: list[str], replies: list[str], padding_side: str = "right"):
    """Given: formatted prompt + reply + eos as trl sees them, padded into one batch.

    Returns ``input_ids``, ``attention_mask`` and ``labels`` (the reply's tokens; the prompt
    and the padding are -100), tensors of shape (B, T).
    """
    rows = []
    for prompt, reply in zip(prompts, replies):
        p = tokenizer(format_prompt(prompt), add_special_tokens=False)["input_ids"]
        r = tokenizer(format_reply(reply) + tokenizer.eos_token, add_special_tokens=False)["input_ids"]
        rows.append((p + r, [-100] * len(p) + r))
    width = max(len(ids) for ids, _ in rows)
    batch = {"input_ids": torch.full((len(rows), width), tokenizer.pad_token_id),
             "attention_mask": torch.zeros((len(rows), width), dtype=torch.long),
             "labels": torch.full((len(rows), width), -100)}
    for i, (ids, labels) in enumerate(rows):
        span = slice(width - len(ids), width) if padding_side == "left" else slice(0, len(ids))
        batch["input_ids"][i, span] = torch.tensor(ids)
        batch["attention_mask"][i, span] = 1
        batch["labels"][i, span] = torch.tensor(labels)
    return batch


def sft_warmup(model, tokenizer, pairs: list[dict], steps: int, learning_rate: float = 1e-3,
               batch_size: int = 16, seed: int = 0, on_step=None) -> list[float]:
    """Given: a short supervised fine-tuning on *every* reply the raters saw, good and bad.

    The base model only knows Shakespeare; after this it answers in the chat format, in all the
    styles of the data: polite and rude, helpful and evasive, short and rambling. That mix is
    the behaviour that alignment then shifts. Trains on the replies' tokens only (the prompt
    is masked); AdamW, constant learning rate. Returns the loss of every step;
    ``on_step(step, loss)`` (optional) is called after each one (counting from 1).
    """
    prompts = [p["prompt"] for p in pairs for _ in (0, 1)]
    replies = [r for p in pairs for r in (p["chosen"], p["rejected"])]
    gen = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate)
    model.train()
    losses = []
    for step in range(steps):
        idx = torch.randint(0, len(replies), (batch_size,), generator=gen).tolist()
        batch = encode(tokenizer, [prompts[i] for i in idx], [replies[i] for i in idx])
        loss = model(**{k: v.to(model.device) for k, v in batch.items()}).loss
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        if on_step is not None:
            on_step(step + 1, losses[-1])
    model.eval()
    return losses


@torch.no_grad()
def sample_replies(model, tokenizer, questions: list[str], n: int = 1, max_new_tokens: int = 48,
                   temperature: float = 1.0, seed: int = 0) -> list[str]:
    """Given: ``n`` sampled replies per question (question-major: q0 × n, q1 × n, ...).

    Plain sampling (no top-k / top-p) from the policy, stopping at ``<|im_end|>``; seeded.
    """
    was_training = model.training
    model.eval()
    end = [tokenizer.convert_tokens_to_ids(END_OF_TURN), tokenizer.eos_token_id]
    prompts = [format_prompt(q) for q in questions for _ in range(n)]
    batch = tokenizer(prompts, return_tensors="pt", padding=True, padding_side="left",
                      add_special_tokens=False).to(getattr(model, "device", "cpu"))
    torch.manual_seed(seed)
    out = model.generate(**batch, do_sample=True, temperature=temperature, top_k=0, top_p=1.0,
                         max_new_tokens=max_new_tokens, eos_token_id=end,
                         pad_token_id=tokenizer.pad_token_id)
    model.train(was_training)
    width = batch["input_ids"].shape[1]
    return [tokenizer.decode(row[width:], skip_special_tokens=True).strip() for row in out]


@torch.no_grad()
def reward_scores(reward_model: nn.Module, tokenizer, prompts: list[str], replies: list[str],
                  batch_size: int = 64) -> torch.Tensor:
    """Given: your ``RewardModel``'s score of each (prompt, reply), as trl formats them."""
    reward_model.eval()
    device = next(reward_model.parameters()).device
    scores = []
    for start in range(0, len(replies), batch_size):
        batch = encode(tokenizer, prompts[start:start + batch_size],
                       replies[start:start + batch_size], padding_side="left")
        scores.append(reward_model(batch["input_ids"].to(device),
                                   batch["attention_mask"].to(device)).cpu())
    return torch.cat(scores)


@torch.no_grad()
def reply_logprobs(model, tokenizer, prompts: list[str], replies: list[str],
                   batch_size: int = 64) -> torch.Tensor:
    """Given: ``log π(reply | prompt)`` of each pair with your ``sequence_logprobs``."""
    model.eval()
    out = []
    for start in range(0, len(replies), batch_size):
        batch = encode(tokenizer, prompts[start:start + batch_size], replies[start:start + batch_size])
        logits = model(input_ids=batch["input_ids"].to(model.device),
                       attention_mask=batch["attention_mask"].to(model.device)).logits
        out.append(sequence_logprobs(logits, batch["labels"].to(model.device)).cpu())
    return torch.cat(out)


# ------------------------------------------------------------------ the trainers (your part)


def train_reward_model(model, tokenizer, pairs: list[dict], output_dir: str | Path,
                       max_steps: int, learning_rate: float = 1e-3, batch_size: int = 8,
                       seed: int = 0):
    """Train ``model`` (a sequence classifier with one output, e.g. ``load_reward_backbone()``)
    on the rated ``pairs`` with trl's ``RewardTrainer``; return the trainer after training.

    Build a ``RewardConfig`` with ``output_dir``, ``max_steps``, ``learning_rate``,
    ``per_device_train_batch_size=batch_size``, ``seed`` and the ``CPU_SETTINGS``; the training
    data is ``preference_dataset(pairs)`` and the tokenizer is the ``processing_class``. The
    trainer computes the Bradley–Terry loss of your task 1 on the classifier's scores of
    ``prompt + chosen`` and ``prompt + rejected``. ``model`` is trained in place.
    """
    # YOUR CODE HERE
    raise NotImplementedError("train_reward_model — task 4 in exercises/t5_rlhf/README.md")


def run_dpo(policy, tokenizer, pairs: list[dict], output_dir: str | Path, max_steps: int,
            learning_rate: float = 1e-3, beta: float = 0.1, batch_size: int = 8, seed: int = 0):
    """Align ``policy`` (a causal LM) to the rated ``pairs`` with trl's ``DPOTrainer``; return
    the trainer after training.

    The reference model is a frozen copy of the policy *as it is now* (``copy.deepcopy``):
    pass it as ``ref_model`` (without it, trl tries to reload the reference from the model's
    name, which an in-memory model does not have). ``DPOConfig`` takes ``output_dir``,
    ``max_steps``, ``learning_rate``, ``beta``, ``per_device_train_batch_size=batch_size``,
    ``seed`` and the ``CPU_SETTINGS``; the data is ``preference_dataset(pairs)`` and the
    tokenizer is the ``processing_class``. ``policy`` is trained in place.
    """
    # YOUR CODE HERE
    raise NotImplementedError("run_dpo — task 9 in exercises/t5_rlhf/README.md")
