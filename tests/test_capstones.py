"""The t3 capstone runs end to end and prints its sample (issue 24)."""

import importlib
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "solutions"))
capstone = importlib.import_module("t3_pretraining.capstone")

BUILD = capstone.build_model


def tiny(vocab_size, block_size, **kw):
    return BUILD(vocab_size, block_size, n_layer=1, n_embd=16, n_head=2)


def test_t3_capstone_main_prints_a_sample_longer_than_the_context(capsys, monkeypatch):
    monkeypatch.setattr(capstone, "build_model", tiny)
    capstone.main(["--steps", "2", "--block-size", "8", "--batch-size", "2",
                   "--max-new-tokens", "30"])
    last = capsys.readouterr().out.rstrip("\n").split("step")[-1]
    sample = last.split("\n", 1)[1]
    assert sample.startswith("ROMEO:")
    assert len(sample) == len("ROMEO:") + 30


def test_t3_generate_crops_a_prompt_longer_than_the_context():
    model = tiny(10, 8).eval()
    out = capstone.generate(model, torch.zeros(1, 20, dtype=torch.long), 5)
    assert out.shape == (1, 25)
