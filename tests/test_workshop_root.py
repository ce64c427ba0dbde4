"""Which workshop the CLI acts on: the checkout the current folder is in (issue 17.1, issue 16
"any install mode"), `reset` asking first and never touching another clone, `--version`."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from grader import cli
from grader.core import topics

REPO = topics.package_root()
TOPIC = "t7_trends"  # the smallest topic: a workshop copy of it is a few files
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc")


def make_workshop(folder: Path, monkeypatch) -> Path:
    """A minimal workshop checkout: pyproject.toml, solutions/ and exercises/ of one topic."""
    folder.mkdir(parents=True)
    shutil.copy2(REPO / "pyproject.toml", folder / "pyproject.toml")
    shutil.copytree(REPO / "solutions" / TOPIC, folder / "solutions" / TOPIC, ignore=SKIP)
    (folder / "exercises").mkdir()
    monkeypatch.chdir(folder)
    assert topics.project_root() == folder.resolve()  # never write stubs into the real repo
    assert cli.main(["sync", TOPIC]) == 0
    return folder


def a_stub(root: Path) -> Path:
    return next(
        p
        for p in sorted((root / "exercises" / TOPIC).glob("*.py"))
        if "NotImplementedError" in p.read_text()
    )


@pytest.fixture
def clones(tmp_path, monkeypatch):
    """An original clone the grader is 'installed' from, and a copy of it (venv and all)."""
    monkeypatch.delenv("LLM_WORKSHOP_ROOT", raising=False)
    original = make_workshop(tmp_path / "original", monkeypatch)
    copy = tmp_path / "copy"
    shutil.copytree(original, copy)
    monkeypatch.setattr(topics, "package_root", lambda: original.resolve())
    for root in (original, copy):
        stub = a_stub(root)
        stub.write_text(stub.read_text() + "\n# my work\n")
    return original, copy


def snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_reset_in_a_copied_clone_resets_the_copy_and_never_the_original(
    clones, monkeypatch, capsys
):
    original, copy = clones
    before = snapshot(original)
    monkeypatch.chdir(copy / "exercises" / TOPIC)  # anywhere inside the copy
    assert topics.project_root() == copy.resolve()
    assert cli.main(["reset", "7", "--yes"]) == 0
    out, err = capsys.readouterr()
    assert "using the workshop at" not in err, "the root is the cwd's checkout: no notice"
    assert snapshot(original) == before, "reset in the copy changed the original clone"
    assert "# my work" not in a_stub(copy).read_text()
    saved = list((copy / ".llm-grader" / "backups").glob(f"{TOPIC}-*/*.py"))
    assert [p.name for p in saved] == [a_stub(copy).name] and "# my work" in saved[0].read_text()
    assert str(copy) in out


def test_reset_without_a_terminal_refuses_unless_yes(clones, monkeypatch, capsys):
    _, copy = clones
    monkeypatch.chdir(copy)
    before = snapshot(copy)
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))  # piped: nobody to ask
    assert cli.main(["reset", "7"]) == 2
    out = capsys.readouterr().out
    assert "--yes" in out and str(copy / "exercises" / TOPIC) in out
    assert snapshot(copy) == before, "a refused reset must change nothing (not even a backup)"


class _Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("answer, code, reset", [("n", 1, False), ("", 1, False), ("y", 0, True)])
def test_reset_asks_first_and_only_yes_resets(clones, monkeypatch, capsys, answer, code, reset):
    _, copy = clones
    monkeypatch.chdir(copy)
    before = snapshot(copy)
    monkeypatch.setattr(sys, "stdin", _Terminal())
    monkeypatch.setattr("builtins.input", lambda *a: answer)
    assert cli.main(["reset", "7"]) == code
    out = capsys.readouterr().out
    assert "[y/N]" in out and str(copy / "exercises" / TOPIC) in out
    assert ("# my work" not in a_stub(copy).read_text()) is reset
    if not reset:
        assert snapshot(copy) == before


def test_reset_of_untouched_stubs_makes_no_backup(tmp_path, monkeypatch, capsys):
    """Issue 17.8: nothing of the learner's to save → no (empty) backup folder."""
    monkeypatch.delenv("LLM_WORKSHOP_ROOT", raising=False)
    root = make_workshop(tmp_path / "ws", monkeypatch)
    assert cli.main(["reset", "7", "--yes"]) == 0
    assert "nothing to reset" in capsys.readouterr().out
    missing = a_stub(root)
    missing.unlink()  # an untouched stub deleted: restored, nothing saved
    assert cli.main(["reset", "7", "--yes"]) == 0
    assert missing.exists()
    assert not (root / ".llm-grader").exists(), "reset made a backup of untouched stubs"


def test_the_root_in_use_is_named_when_it_is_not_the_cwds_checkout(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("LLM_WORKSHOP_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)  # not a workshop: the package's clone
    assert cli.main(["status"]) == 0
    err = capsys.readouterr().err
    assert err.strip() == (
        f"llm-grader: using the workshop at {REPO} "
        f"(the current folder is not inside a workshop checkout)"
    )
    monkeypatch.chdir(REPO / "grader")
    assert cli.main(["status"]) == 0
    assert capsys.readouterr().err == ""


def test_a_submission_that_is_a_whole_clone_is_graded_with_the_graders_workshop(
    tmp_path, monkeypatch
):
    """The check process runs inside the target; a submission with its own pyproject.toml and
    solutions/ must not become the workshop (its solutions/ would be the hidden checks' oracle)."""
    from grader.run import runner, sandbox

    monkeypatch.delenv("LLM_WORKSHOP_ROOT", raising=False)
    sub = tmp_path / "learner"
    (sub / "exercises").mkdir(parents=True)
    shutil.copy2(REPO / "pyproject.toml", sub / "pyproject.toml")
    shutil.copytree(REPO / "solutions" / TOPIC, sub / "solutions" / TOPIC, ignore=SKIP)
    shutil.copytree(REPO / "exercises" / TOPIC, sub / "exercises" / TOPIC, ignore=SKIP)
    seen = {}

    def fake_run(cmd, *, cwd, env, limits, pass_fds=()):
        seen.update(cwd=Path(cwd), env=env)
        return sandbox.Outcome(1, False, "", False, 0)

    monkeypatch.setattr(sandbox, "run_isolated", fake_run)
    runner.run_topic(TOPIC, target=str(sub))
    assert seen["cwd"] == (sub / "exercises").resolve()
    assert seen["env"]["LLM_WORKSHOP_ROOT"] == str(REPO)


def test_a_folder_named_like_a_workshop_of_another_project_is_not_one(tmp_path):
    (tmp_path / "exercises").mkdir()
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "something-else"\n')
    assert not topics.is_workshop(tmp_path)
    assert topics.checkout_of(tmp_path / "exercises") != tmp_path


def _installed_copy(tmp_path: Path) -> dict:
    """The grader as a wheel installs it: the package alone, no exercises/ beside it."""
    site = tmp_path / "site-packages"
    shutil.copytree(REPO / "grader", site / "grader", ignore=SKIP)
    env = {k: v for k, v in os.environ.items() if k != "LLM_WORKSHOP_ROOT"}
    env["PYTHONPATH"] = str(site)
    return env


@pytest.mark.timeout(300)
def test_a_non_editable_install_grades_the_workshop_of_the_cwd(tmp_path, monkeypatch, llm_grader):
    env = _installed_copy(tmp_path)
    monkeypatch.delenv("LLM_WORKSHOP_ROOT", raising=False)
    ws = make_workshop(tmp_path / "my-workshop", monkeypatch)
    for test in (REPO / "exercises" / TOPIC).glob("test_*.py"):
        shutil.copy2(test, ws / "exercises" / TOPIC / test.name)
    out = tmp_path / "report.json"
    env["COLUMNS"] = "500"  # long tmp paths unbroken in the output
    done = llm_grader(["check", "7", "--visible-only", "--json", str(out)], ws / "exercises", env)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"against exercises ({ws / 'exercises'})" in done.stdout
    report = json.loads(out.read_text())
    assert report["score"] == 0 and report["max_score"] > 0, "the stubs were not graded"
    assert not report["topics"][TOPIC].get("error"), report["topics"][TOPIC]


def test_outside_a_workshop_a_non_editable_install_says_where_to_go(tmp_path, llm_grader):
    env = _installed_copy(tmp_path)
    elsewhere = tmp_path / "Downloads"
    elsewhere.mkdir()
    for args in (["check", "7"], ["reset", "7", "--yes"], ["status"]):
        done = llm_grader(args, elsewhere, env)
        assert done.returncode == 2, done.stdout + done.stderr
        assert "Traceback" not in done.stdout + done.stderr, done.stderr
        lines = done.stdout.strip().splitlines()
        assert len(lines) == 1, lines
        assert "not inside a workshop folder" in lines[0] and "cd into your workshop" in lines[0]
        assert "exercises/" in lines[0] and "pyproject.toml" in lines[0]


def test_doctor_outside_a_workshop_reports_it_instead_of_failing(tmp_path, monkeypatch, capsys):
    from grader.learner import doctor

    monkeypatch.delenv("LLM_WORKSHOP_ROOT", raising=False)
    monkeypatch.setattr(topics, "package_root", lambda: tmp_path / "site-packages")
    monkeypatch.chdir(tmp_path)
    folder = next(f for f in doctor.diagnose() if f.what == "workshop folder")
    assert folder.level == "error" and "cd into your workshop folder" in folder.fix


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"llm-grader {metadata.version('llm-deep-dive')}"


@pytest.mark.timeout(600)
def test_a_wheel_installed_in_a_fresh_venv_scores_topic_7_in_full(tmp_path):
    """Issue 16: `pip install <wheel>` (no editable checkout behind the grader); the learner's
    folder is found from the cwd. Dependencies are borrowed from this venv, as in test_release."""
    import site

    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(REPO / name, src / name)
    shutil.copytree(REPO / "grader", src / "grader", ignore=SKIP)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            str(tmp_path / "wheel"),
            str(src),
        ],
        check=True,
    )
    wheel = next((tmp_path / "wheel").glob("llm_deep_dive-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    purelib = Path(
        subprocess.run(
            [py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (purelib / "_deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(py),
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
    )  # into the new venv

    ws = tmp_path / "workshop"
    ws.mkdir()
    shutil.copy2(REPO / "pyproject.toml", ws / "pyproject.toml")
    for folder in ("exercises", "solutions"):
        shutil.copytree(REPO / folder / TOPIC, ws / folder / TOPIC, ignore=SKIP)
    (ws / "data").mkdir()
    shutil.copy2(REPO / "data" / "notable_models.csv", ws / "data" / "notable_models.csv")
    env = {k: v for k, v in os.environ.items() if k not in ("LLM_WORKSHOP_ROOT", "PYTHONPATH")}
    where = subprocess.run(
        [py, "-c", "import grader; print(grader.__file__)"],
        cwd=ws,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(purelib)), f"grader imported from {where}"
    out = tmp_path / "report.json"
    done = subprocess.run(
        [venv / "bin" / "llm-grader", "check", "7", "--target", "solutions", "--json", str(out)],
        cwd=ws / "exercises" / TOPIC,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = json.loads(out.read_text())
    assert report["score"] == report["max_score"] > 0
