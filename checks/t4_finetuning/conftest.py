"""Fixtures of topic 4's checks: one CPU thread, the base model, and the SFT runs shared by the checks.

The models here are tiny: one thread is as fast as two on an idle laptop, and far faster on a
busy machine. The two fine-tuning runs (full and LoRA) train once per session; every check
that needs a trained model reads the same run.
"""

from __future__ import annotations

import pytest
import torch

from grader.core import target, topics

ref_sft = target.oracle("t4_finetuning.sft")


@pytest.fixture(autouse=True, scope="session")
def _one_thread():
    """Session-wide, so that it is in place before the session's training runs start."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="session")
def base_path():
    return topics.project_root() / "data" / "t3_base_model"


@pytest.fixture(scope="session")
def tokenizer(base_path):
    """The base model's tokenizer with the topic's CHAT_TEMPLATE (from the reference)."""
    return ref_sft.load_base_model(base_path)[1]
