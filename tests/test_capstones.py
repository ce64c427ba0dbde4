"""The capstones run end to end: t3 prints its sample (issue 24); t3, t4 and t5 show a
progress bar instead of raw log dicts, save their logs and pictures, and print no library
warning (issue 16)."""

import csv
import json
import os
import re
import warnings

import pytest
import torch

from grader.core import target
from grader.core.training_log import pick_device


def _module(name):
    """The reference module itself (solutions/, under a private alias): monkeypatching the
    lazy proxy of ``target.oracle`` would not reach the functions' globals."""
    return target.oracle(name)._load()


capstone = _module("t3_pretraining.capstone")
t4_capstone = _module("t4_finetuning.capstone")
t5_capstone = _module("t5_rlhf.capstone")

BUILD = capstone.build_model


def tiny(vocab_size, block_size, **kw):
    return BUILD(vocab_size, block_size, n_layer=1, n_embd=16, n_head=2)


def test_t3_capstone_main_prints_a_sample_longer_than_the_context(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(capstone, "build_model", tiny)
    capstone.main(
        [
            "--steps",
            "2",
            "--block-size",
            "8",
            "--batch-size",
            "2",
            "--max-new-tokens",
            "30",
            "--device",
            "auto",
            "--out",
            str(tmp_path),
        ]
    )
    out = capsys.readouterr().out
    log = list(re.finditer(r"^step +\d+ +[\d.]+ s .*\n", out, flags=re.MULTILINE))
    assert [m.group(0).split()[1] for m in log] == ["0", "2"], out
    files = re.search(r"^log and loss curve: .*\n", out, flags=re.MULTILINE)
    sample = out[files.end() :].removesuffix("\n")  # print's newline, not the sample's
    assert sample.startswith("ROMEO:")
    assert len(sample) == len("ROMEO:") + 30


def test_t3_capstone_saves_its_log_and_loss_curve(monkeypatch, tmp_path):
    monkeypatch.setattr(capstone, "build_model", tiny)
    capstone.main(
        [
            "--steps",
            "3",
            "--block-size",
            "8",
            "--batch-size",
            "2",
            "--max-new-tokens",
            "1",
            "--out",
            str(tmp_path),
        ]
    )
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


RAW_DICT = re.compile(r"\{\s*['\"][\w/ -]+['\"]\s*:")  # {'loss': ... or {"judge": ...


class _LibraryWarnings(warnings.catch_warnings):
    """Record the warnings a plain ``python -m ...`` run would print (Python's default filters)."""

    def __init__(self):
        super().__init__(record=True)

    def __enter__(self):
        caught = super().__enter__()
        warnings.resetwarnings()
        warnings.simplefilter("default")
        for category in (
            DeprecationWarning,
            PendingDeprecationWarning,
            ImportWarning,
            ResourceWarning,
        ):
            warnings.filterwarnings("ignore", category=category)
        return caught


def _assert_quiet(out: str, err: str, caught) -> None:
    assert not RAW_DICT.search(out), f"a raw log dict was printed:\n{out}"
    assert not [str(w.message) for w in caught], [
        f"{w.category.__name__}: {w.message}" for w in caught
    ]
    assert "Warning" not in err and "{'" not in err, err


def test_t4_capstone_shows_a_bar_saves_its_log_and_picture_and_prints_no_dicts(
    capfd, monkeypatch, tmp_path
):
    load_base, load_conversations = t4_capstone.load_base_model, t4_capstone.load_conversations

    def small_model():  # the base model cut to one layer, for speed
        model, tokenizer = load_base()
        model.model.layers = model.model.layers[:1]
        model.config.num_hidden_layers = 1
        return model, tokenizer

    monkeypatch.setattr(t4_capstone, "load_base_model", small_model)
    monkeypatch.setattr(
        t4_capstone, "load_conversations", lambda split: load_conversations(split).select(range(4))
    )
    with _LibraryWarnings() as caught:
        t4_capstone.main(
            ["--steps", "2", "--max-new-tokens", "2", "--device", "auto", "--out", str(tmp_path)]
        )
    out, err = capfd.readouterr()
    _assert_quiet(out, err, caught)
    assert re.search(r"^before step +0 +held-out loss [\d.]+ +stops 0%", out, re.MULTILINE), out
    assert re.search(r"^after +step +2 +held-out loss", out, re.MULTILINE), out
    rows = list(csv.DictReader((tmp_path / "t4_finetuning.csv").open()))
    assert [r["when"] for r in rows if r["when"]] == ["before", "after"]
    assert any(r["loss"] for r in rows), "the trainer's loss was not logged"
    assert json.loads((tmp_path / "t4_finetuning.json").read_text())[-1]["step"] == 2
    assert (tmp_path / "t4_finetuning.png").read_bytes()[:4] == b"\x89PNG"


def test_t5_capstone_shows_a_bar_saves_its_logs_and_pictures_and_prints_no_dicts(
    capfd, monkeypatch, tmp_path
):
    load_policy, load_backbone = t5_capstone.load_policy, t5_capstone.load_reward_backbone
    monkeypatch.setattr(t5_capstone, "load_policy", lambda: load_policy(num_hidden_layers=1))
    monkeypatch.setattr(
        t5_capstone, "load_reward_backbone", lambda: load_backbone(num_hidden_layers=1)
    )
    with _LibraryWarnings() as caught:
        t5_capstone.main(
            [
                "--sft-steps",
                "2",
                "--reward-steps",
                "2",
                "--dpo-steps",
                "2",
                "--samples",
                "2",
                "--device",
                "auto",
                "--out",
                str(tmp_path),
            ]
        )
    out, err = capfd.readouterr()
    _assert_quiet(out, err, caught)
    for line in (
        "warm-up (2 steps",
        "reward model (2 steps",
        "best-of-n",
        "DPO (2 steps",
        "length probe, trained",
    ):
        assert re.search(rf"^{re.escape(line)}", out, re.MULTILINE), out
    for stage in ("warmup", "reward", "dpo"):
        rows = list(csv.DictReader((tmp_path / f"t5_rlhf_{stage}.csv").open()))
        assert [int(r["step"]) for r in rows] == [1, 2], stage
        assert json.loads((tmp_path / f"t5_rlhf_{stage}.json").read_text())[-1]["loss"] > 0
    assert "rewards/margins" in rows[0]
    results = json.loads((tmp_path / "t5_rlhf_results.json").read_text())
    assert results["settings"]["dpo_steps"] == 2 and results["settings"]["device"] == "cpu"
    for png in ("t5_rlhf_reward.png", "t5_rlhf_dpo.png"):
        assert (tmp_path / png).read_bytes()[:4] == b"\x89PNG"


def test_trainer_progress_replaces_the_printer_only_inside_and_sets_the_device(monkeypatch):
    import transformers.trainer as trainer_module
    from rich.console import Console

    from grader.core.training_log import TrainingLog, trainer_progress

    monkeypatch.setenv("ACCELERATE_USE_CPU", "false")
    saved = trainer_module.PrinterCallback, trainer_module.DEFAULT_PROGRESS_CALLBACK
    display = TrainingLog(1, None, "x", console=Console(quiet=True))
    with trainer_progress(display, torch.device("cpu")):
        assert trainer_module.PrinterCallback is trainer_module.DEFAULT_PROGRESS_CALLBACK
        assert trainer_module.PrinterCallback not in saved
        assert os.environ["ACCELERATE_USE_CPU"] == "true"
    assert (trainer_module.PrinterCallback, trainer_module.DEFAULT_PROGRESS_CALLBACK) == saved
    assert os.environ["ACCELERATE_USE_CPU"] == "false"
