"""Fixtures of topic 4's checks: the base model and the SFT runs shared by the checks.

The two fine-tuning runs (full and LoRA) train once per session; every check that needs a
trained model reads the same run. (One CPU thread for every check: grader.run.plugin.)
"""

from __future__ import annotations

import pytest

from grader.core import target, topics

ref_sft = target.oracle("t4_finetuning.sft")


@pytest.fixture(scope="session")
def base_path():
    return topics.project_root() / "data" / "t3_base_model"


@pytest.fixture(scope="session")
def tokenizer(base_path):
    """The base model's tokenizer with the topic's CHAT_TEMPLATE (from the reference)."""
    return ref_sft.load_base_model(base_path)[1]
