"""Supervised fine-tuning with trl: put the mask on the topic-3 base model.

Given here: loading the base model (with the ChatML template set on its tokenizer), loading
the support-desk conversations with ``datasets``, generating replies to held-out prompts, and
measuring how often they follow the house style and stop. You write ``run_sft``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import torch

from .chat import CHAT_TEMPLATE, IM_END, render_chat, tokenize_for_sft
from .lora import apply_lora

OPENER, CLOSER = "Happy to help!", "Have a nice day!"   # the house style of data/t4_sft_*.jsonl


def data_dir() -> Path:
    """Given: the repository's data/ folder ($LLM_WORKSHOP_ROOT/data when set)."""
    if os.environ.get("LLM_WORKSHOP_ROOT"):
        return Path(os.environ["LLM_WORKSHOP_ROOT"]) / "data"
    here = Path(__file__).resolve().parents[2] / "data"
    if (here / "t3_base_model").is_dir():
        return here
    from grader.core.topics import project_root  # a copy of this file outside the checkout

    return project_root() / "data"


def load_base_model(path: str | os.PathLike | None = None):
    """Given: ``(model, tokenizer)`` of the topic-3 base model, with ``CHAT_TEMPLATE`` set.

    ``path`` defaults to ``data/t3_base_model``; any local folder (or, online, a hub id) of a
    causal LM whose tokenizer has ``<|im_start|>`` and ``<|im_end|>`` works too.
    """
    from transformers import AutoModelForCausalLM, AutoTokenizer

    path = Path(path) if path is not None else data_dir() / "t3_base_model"
    tokenizer = AutoTokenizer.from_pretrained(path)
    tokenizer.chat_template = CHAT_TEMPLATE
    model = AutoModelForCausalLM.from_pretrained(path)
    model.eval()
    return model, tokenizer


def load_conversations(split: str = "train", folder: str | os.PathLike | None = None):
    """Given: the support-desk conversations as a ``datasets.Dataset``.

    ``split`` is ``"train"`` (270 conversations) or ``"heldout"`` (60, with question wordings
    never seen in training). Columns: ``id``, ``intent``, ``messages``.
    """
    from datasets import Dataset

    folder = Path(folder) if folder is not None else data_dir()
    with open(folder / f"t4_sft_{split}.jsonl", encoding="utf-8") as f:
        return Dataset.from_list([json.loads(line) for line in f if line.strip()])


def run_sft(model, tokenizer, dataset, output_dir, max_steps: int, learning_rate: float,
            lora: dict | None = None, *, max_length: int = 192, batch_size: int = 8,
            seed: int = 0):
    """Fine-tune ``model`` on the conversations of ``dataset`` with trl; return the model.

    - ``dataset`` has a ``messages`` column. Turn every row into ``input_ids`` /
      ``attention_mask`` / ``labels`` with your ``tokenize_for_sft(messages, tokenizer,
      max_length)`` (``Dataset.map``, dropping the original columns): trl trains on a dataset
      that already has ``input_ids`` and ``labels`` as it is, so the loss covers only what the
      assistant wrote. (trl's own way, ``assistant_only_loss=True``, reads the
      ``{% generation %}`` markers of ``CHAT_TEMPLATE`` and gives the same labels.)
    - ``lora``: ``None`` trains every weight. A dict such as
      ``{"target_modules": ["q_proj", "v_proj"], "r": 8, "alpha": 16}`` first calls your
      ``apply_lora(model, **lora)``: only the adapters train, the base weights stay as they were.
    - Train with ``trl.SFTTrainer(model=model, args=SFTConfig(...), train_dataset=...,
      processing_class=tokenizer)`` and ``trainer.train()``. The SFTConfig: ``output_dir``,
      ``max_steps``, ``learning_rate``, ``per_device_train_batch_size=batch_size``,
      ``max_length=max_length``, ``seed=seed``, and what a CPU and a tiny model need:
      ``bf16=False, activation_checkpointing=False, save_strategy="no", report_to="none",
      disable_tqdm=True, dataloader_pin_memory=False`` (trl's defaults assume a GPU with
      bfloat16 and a model too big for its memory). Name no device: the checks train on the
      CPU, the capstone where ``--device`` says.
    - Return the trained model in eval mode.
    """
    # YOUR CODE HERE
    raise NotImplementedError("run_sft — task 6 in exercises/t4_finetuning/README.md")


@torch.no_grad()
def generate_replies(model, tokenizer, conversations, max_new_tokens: int = 64,
                     batch_size: int = 30) -> list[dict]:
    """Given: the model's greedy reply to each conversation's last user turn.

    Each conversation's final assistant message (if any) is dropped; the rest is rendered with
    the generation prompt and continued greedily until ``<|im_end|>`` (or ``<|endoftext|>``),
    at most ``max_new_tokens`` tokens. Returns one dict per conversation: ``reply`` (the text
    before the end token), ``stopped`` (an end token was produced) and ``expected`` (the
    dropped assistant message, or ``None``).
    """
    end_ids = [tokenizer.convert_tokens_to_ids(IM_END), tokenizer.eos_token_id]
    was_training = model.training
    model.eval()
    side = tokenizer.padding_side
    tokenizer.padding_side = "left"
    results = []
    try:
        for start in range(0, len(conversations), batch_size):
            chunk = [list(c) for c in conversations[start:start + batch_size]]
            expected = [c.pop()["content"] if c and c[-1]["role"] == "assistant" else None for c in chunk]
            prompts = [render_chat(c, add_generation_prompt=True) for c in chunk]
            batch = tokenizer(prompts, return_tensors="pt", padding=True,
                              add_special_tokens=False).to(model.device)
            out = model.generate(**batch, max_new_tokens=max_new_tokens, do_sample=False,
                                 eos_token_id=end_ids, pad_token_id=tokenizer.pad_token_id)
            for row, want in zip(out[:, batch["input_ids"].shape[1]:].tolist(), expected):
                stop = next((i for i, t in enumerate(row) if t in end_ids), None)
                kept = row if stop is None else row[:stop]
                results.append({"reply": tokenizer.decode(kept, skip_special_tokens=True),
                                "stopped": stop is not None, "expected": want})
    finally:
        tokenizer.padding_side = side
        model.train(was_training)
    return results


def follows_style(reply: str) -> bool:
    """Given: the house style: ``OPENER``, an answer of at least three words, ``CLOSER``, one line."""
    text = reply.strip()
    if not (text.startswith(OPENER) and text.endswith(CLOSER)) or "\n" in text:
        return False
    return len(text[len(OPENER):len(text) - len(CLOSER)].split()) >= 3


def reply_rates(replies: list[dict]) -> dict:
    """Given: shares of replies that stopped (``stop``), that open like the assistant and stop
    (``format``: ``OPENER`` first), that follow the whole house style and stop (``style``), and
    that are word for word the reply of the data set (``exact``)."""
    n = max(1, len(replies))
    return {"stop": sum(r["stopped"] for r in replies) / n,
            "format": sum(r["stopped"] and r["reply"].strip().startswith(OPENER) for r in replies) / n,
            "style": sum(r["stopped"] and follows_style(r["reply"]) for r in replies) / n,
            "exact": sum(r["stopped"] and r["reply"] == r["expected"] for r in replies) / n,
            "n": len(replies)}
