"""The t3 capstone runs end to end and prints its sample (issue 24)."""

import csv
import json
import re

import pytest
import torch

from grader.core import target
from grader.core.training_log import pick_device

capstone = target.oracle("t3_pretraining.capstone")  # solutions/, under a private alias

BUILD = capstone.build_model


def tiny(vocab_size, block_size, **kw):
    return BUILD(vocab_size, block_size, n_layer=1, n_embd=16, n_head=2)


def test_t3_capstone_main_prints_a_sample_longer_than_the_context(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(capstone, "build_model", tiny)
    capstone.main(["--steps", "2", "--block-size", "8", "--batch-size", "2",
                   "--max-new-tokens", "30", "--device", "auto", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    log = list(re.finditer(r"^step +\d+ +[\d.]+ s .*\n", out, flags=re.MULTILINE))
    assert [m.group(0).split()[1] for m in log] == ["0", "2"], out
    files = re.search(r"^log and loss curve: .*\n", out, flags=re.MULTILINE)
    sample = out[files.end():].removesuffix("\n")  # print's newline, not the sample's
    assert sample.startswith("ROMEO:")
    assert len(sample) == len("ROMEO:") + 30


def test_t3_capstone_saves_its_log_and_loss_curve(monkeypatch, tmp_path):
    monkeypatch.setattr(capstone, "build_model", tiny)
    capstone.main(["--steps", "3", "--block-size", "8", "--batch-size", "2",
                   "--max-new-tokens", "1", "--out", str(tmp_path)])
    rows = list(csv.DictReader((tmp_path / "t3_pretraining.csv").open()))
    assert [int(r["step"]) for r in rows] == [0, 3]
    assert json.loads((tmp_path / "t3_pretraining.json").read_text())[1]["step"] == 3
    assert (tmp_path / "t3_pretraining.png").read_bytes()[:4] == b"\x89PNG"


def test_pick_device_auto_falls_back_to_the_cpu_and_names_a_missing_gpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    assert pick_device("auto").type == "cpu"
    with pytest.raises(ValueError, match="no CUDA device"):
        pick_device("cuda")
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: True)
    assert pick_device("auto").type == "mps"


def test_t3_generate_crops_a_prompt_longer_than_the_context():
    model = tiny(10, 8).eval()
    out = capstone.generate(model, torch.zeros(1, 20, dtype=torch.long), 5)
    assert out.shape == (1, 25)
