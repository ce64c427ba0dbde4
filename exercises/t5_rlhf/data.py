"""Given: the support-desk preference data of data/ and the chat format of this topic.

Nothing to write here. ``data/t5_make_data.py`` writes the files (read it to see how the
replies and the raters' choices were made); this module reads them and renders prompts in a
ChatML-like text format that the tiny base model of topic 3 can learn:

    <|im_start|>user
    How long does delivery take?<|im_end|>
    <|im_start|>assistant
    Thanks for asking! Delivery takes 3 to 5 days.<|im_end|>

The base model has no chat template; the prompt is plain text that ends where the assistant's
reply begins, and a reply ends with ``<|im_end|>``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

END_OF_TURN = "<|im_end|>"


def data_dir() -> Path:
    """The repository's data/ folder ($LLM_WORKSHOP_ROOT/data when set)."""
    from grader.core.topics import project_root

    return project_root() / "data"


def base_model_dir() -> Path:
    """The tiny Shakespeare base model that topic 3 pretrained (data/t3_base_model)."""
    return data_dir() / "t3_base_model"


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@lru_cache(maxsize=1)
def _questions() -> tuple[dict, ...]:
    return tuple(_read_jsonl(data_dir() / "t5_questions.jsonl"))


def load_questions() -> list[dict]:
    """The 20 questions: ``id``, ``phrasings``, ``fact``, ``key``, ``invented``, ``invented_keys``."""
    return [dict(q) for q in _questions()]


def load_preferences(split: str | None = "train") -> list[dict]:
    """Rated pairs of one split ("train": 400, "heldout": 120, or None for all).

    Each dict has ``prompt`` (the customer's question, plain text), ``chosen`` and
    ``rejected`` (the preferred and the other reply), ``question_id``, ``chosen_parts`` and
    ``rejected_parts`` (tone, content, length) and ``reason`` (what decided).
    """
    rows = _read_jsonl(data_dir() / "t5_preferences.jsonl")
    return [r for r in rows if split is None or r["split"] == split]


def format_prompt(question: str) -> str:
    """The text the model continues: the user's turn, then the start of the assistant's."""
    return f"<|im_start|>user\n{question}{END_OF_TURN}\n<|im_start|>assistant\n"


def format_reply(reply: str) -> str:
    """A reply as the model should write it: the text, then the end-of-turn token."""
    return reply + END_OF_TURN


def to_trl_rows(pairs: list[dict]) -> dict[str, list[str]]:
    """Columns ``prompt``, ``chosen``, ``rejected`` as trl's preference datasets expect them.

    ``datasets.Dataset.from_dict(to_trl_rows(pairs))`` is a "standard" (not conversational)
    preference dataset with an explicit prompt; trl appends the tokenizer's eos token.
    """
    return {
        "prompt": [format_prompt(p["prompt"]) for p in pairs],
        "chosen": [format_reply(p["chosen"]) for p in pairs],
        "rejected": [format_reply(p["rejected"]) for p in pairs],
    }


def question_of(prompt: str) -> str:
    """The customer's question inside a formatted prompt (or the text itself if plain)."""
    start = "<|im_start|>user\n"
    if start in prompt:
        prompt = prompt.split(start, 1)[1]
    return prompt.split(END_OF_TURN, 1)[0].strip()
