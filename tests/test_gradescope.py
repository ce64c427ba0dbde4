"""`llm-grader gradescope`: the autograder zip, run as Gradescope runs it (without setup.sh:
this environment is the locked one), on the reference, the stubs, a hang, a cheat and the
shapes Gradescope delivers submissions in. Every results.json is checked against
gradescope_results.schema.json."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import jsonschema
import pytest

from grader import cli
from grader.build import gradescope, sync
from grader.cohort import submissions
from grader.core import topics

SCHEMA = json.loads((Path(__file__).with_name("gradescope_results.schema.json")).read_text())
FAST, SLOW = "t7_trends", "t1_tokens"
SECONDS: dict[str, float] = {}  # run_autograder wall time per run, printed at the end


@pytest.fixture(scope="module")
def zips(tmp_path_factory):
    out = tmp_path_factory.mktemp("zips")
    built = {
        FAST: gradescope.build(out / "t7.zip", [FAST]),
        SLOW: gradescope.build(out / "t1.zip", [SLOW]),
        # a short time per check file, for the hanging submission; hidden results hidden
        "hang": gradescope.build(
            out / "hang.zip", [FAST], timeout_s=15, total_s=600, hidden_visibility="hidden"
        ),
        "stopped": gradescope.build(out / "stopped.zip", [FAST], total_s=3),
    }
    return built


def run_autograder(zip_path: Path, tmp: Path, fill_submission, label: str) -> dict:
    """Unpack as Gradescope does (source/, submission/, results/) and run run_autograder."""
    ag = tmp / "autograder"
    for name in ("source", "submission", "results"):
        (ag / name).mkdir(parents=True)
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(ag / "source")
    (ag / "source" / "run_autograder").chmod(0o755)  # extractall drops the mode bits
    fill_submission(ag / "submission")
    env = {**os.environ, "AUTOGRADER_DIR": str(ag), "LLM_GRADER_PYTHON": sys.executable}
    env.pop("LLM_WORKSHOP_ROOT", None)
    started = time.perf_counter()
    proc = subprocess.run(
        [str(ag / "source" / "run_autograder")],
        env=env,
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=900,
    )
    SECONDS[label] = round(time.perf_counter() - started, 1)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results = json.loads((ag / "results" / "results.json").read_text())
    jsonschema.validate(results, SCHEMA)
    return results


def _copy(topic: str, rel_root: str = ""):
    def fill(submission: Path) -> None:
        shutil.copytree(topics.solutions_dir() / topic, submission / rel_root / topic)

    return fill


def _total(results: dict) -> float:
    return sum(t["max_score"] for t in results["tests"])


@pytest.mark.parametrize("topic", [FAST, SLOW])
def test_the_reference_gets_full_marks(zips, tmp_path, topic):
    results = run_autograder(zips[topic]["path"], tmp_path, _copy(topic), f"{topic} reference")
    assert results["tests"] and results["score"] == _total(results)
    assert all(t["status"] == "passed" for t in results["tests"])
    hidden = [t for t in results["tests"] if t["name"].endswith("(hidden)")]
    assert hidden and all(t["visibility"] == "after_published" for t in hidden)
    assert all(t["visibility"] == "visible" for t in results["tests"] if t not in hidden)


def test_the_stubs_get_zero_with_the_learner_facing_messages(zips, tmp_path, stub_target):
    results = run_autograder(
        zips[FAST]["path"],
        tmp_path,
        lambda s: shutil.copytree(stub_target / FAST, s / FAST),
        "t7 stubs",
    )
    assert results["score"] == 0 and _total(results) > 0
    assert all(t["status"] == "failed" and t["output"] for t in results["tests"])
    assert any(
        "NotImplementedError" in t["output"] or "not implemented" in t["output"].lower()
        for t in results["tests"]
    )
    hidden_source = (topics.checks_dir() / FAST / "test_trends_hidden.py").read_text()
    for t in results["tests"]:
        assert "def test_" not in t["output"] and hidden_source[:300] not in t["output"]


def test_a_repo_clone_and_a_zip_inside_are_graded_alike(zips, tmp_path):
    clone = run_autograder(
        zips[FAST]["path"], tmp_path / "clone", _copy(FAST, "llm-workshop/exercises"), "t7 clone"
    )
    assert clone["score"] == _total(clone) > 0

    def zipped(submission: Path) -> None:
        with zipfile.ZipFile(submission / "my work.zip", "w") as archive:
            for path in (topics.solutions_dir() / FAST).glob("*.py"):
                archive.write(path, f"exercises/{FAST}/{path.name}")

    inside = run_autograder(zips[FAST]["path"], tmp_path / "zip", zipped, "t7 zip inside")
    assert inside["score"] == _total(inside) == _total(clone)


def _hanging(submission: Path) -> None:
    shutil.copytree(topics.solutions_dir() / FAST, submission / FAST)
    with (submission / FAST / "trends.py").open("a") as f:
        f.write("\n\ndef fit_power_law(x, y):\n    while True:\n        pass\n")


def test_a_hanging_submission_finishes_with_a_reason(zips, tmp_path):
    results = run_autograder(zips["hang"]["path"], tmp_path, _hanging, "t7 hanging")
    assert 0 < results["score"] < _total(results)  # the other checks keep their points
    assert "ran out of time" in results["output"]  # the reason, for the learner too
    failed = [t for t in results["tests"] if t["status"] == "failed"]
    assert failed and all(t["output"] for t in failed)
    assert any("ran out of time" in t["output"] for t in failed)
    hidden = [t for t in results["tests"] if t["name"].endswith("(hidden)")]
    assert hidden and all(t["visibility"] == "hidden" for t in hidden)  # --hidden-visibility


def test_grading_stopped_as_a_whole_still_leaves_a_results_json(zips, tmp_path):
    """A hanging submission, so that the 3 s limit stops the run on any machine (the
    reference alone can finish in under 3 s)."""
    results = run_autograder(zips["stopped"]["path"], tmp_path, _hanging, "t7 stopped at 3 s")
    assert results["score"] == 0 and "longer than 3 s" in results["output"]


CHEAT = """
import os as _os, sys as _sys
_root = _os.environ.get("LLM_WORKSHOP_ROOT", "/autograder/source")
try:   # the reference, read and run
    exec(open(_os.path.join(_root, "solutions", "t7_trends", "trends.py")).read())
except PermissionError:
    pass
try:   # the reference, imported from the autograder's source folder
    _sys.path.insert(0, _root)
    from solutions.t7_trends.trends import *  # noqa
except (PermissionError, ImportError):
    pass
try:   # the hidden checks' expected values
    open(_os.path.join(_root, "checks", "t7_trends", "test_trends_hidden.py")).read()
    raise SystemExit("read the hidden checks")
except PermissionError:
    pass
"""


def test_a_submission_cannot_reach_the_reference_in_the_zip(zips, tmp_path):
    def cheat(submission: Path) -> None:
        shutil.copytree(
            topics.exercises_dir() / FAST,
            submission / FAST,
            ignore=shutil.ignore_patterns("test_*", "__pycache__"),
        )
        (submission / FAST / "trends.py").write_text(CHEAT)

    results = run_autograder(zips[FAST]["path"], tmp_path, cheat, "t7 cheat")
    assert results["score"] == 0, [t["name"] for t in results["tests"] if t["status"] == "passed"]


def test_the_zip_holds_nothing_a_submission_could_import_to_get_points(zips):
    for built in zips.values():
        with zipfile.ZipFile(built["path"]) as archive:
            names = archive.namelist()
            assert {"setup.sh", "run_autograder", "pyproject.toml", "constraints.txt"} <= set(names)
            modes = {i.filename: i.external_attr >> 16 for i in archive.infolist()}
            assert modes["run_autograder"] & 0o111 and modes["setup.sh"] & 0o111
            for name in names:
                base = name.rsplit("/", 1)[-1]
                # nothing Python or pytest picks up by itself, wherever the folder lands
                assert not base.endswith(".pth") and base not in (
                    "sitecustomize.py",
                    "usercustomize.py",
                )
                assert base != "conftest.py" or name.startswith("checks/"), name
                assert not name.endswith((".pyc", ".zip")), name
            # the reference and the checks are no packages of their own
            assert "solutions/__init__.py" not in names and "checks/__init__.py" not in names
            # exercises/ holds the stubs and visible tests only: no one's finished work
            for name in names:
                if name.startswith("exercises/") and name.endswith(".py") and "/test_" not in name:
                    rel = name.removeprefix("exercises/")
                    stub = sync.make_stub((topics.solutions_dir() / rel).read_text(), rel)
                    assert archive.read(name).decode() == stub, name
            topics_in = {n.split("/")[1] for n in names if n.startswith("solutions/")}
            assert topics_in == set(built["topics"])


def test_the_scripts_are_valid_bash_and_setup_installs_the_lock(zips, tmp_path):
    with zipfile.ZipFile(zips[FAST]["path"]) as archive:
        archive.extractall(tmp_path)
    for script in ("setup.sh", "run_autograder"):
        done = subprocess.run(
            ["bash", "-n", str(tmp_path / script)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    setup = (tmp_path / "setup.sh").read_text()
    torch = next(
        line
        for line in (tmp_path / "constraints.txt").read_text().splitlines()
        if line.startswith("torch==")
    )
    assert f"-c constraints.txt {torch} --index-url https://download.pytorch.org/whl/cpu" in setup
    assert setup.index(torch) < setup.index("-c constraints.txt .")  # the CPU torch first


def test_the_cli_writes_the_zip_and_reports_its_size(tmp_path, capsys):
    assert (
        cli.main(["gradescope", str(tmp_path / "ag.zip"), "7", "--hidden-visibility", "visible"])
        == 0
    )
    out = capsys.readouterr().out
    assert "MB" in out and "t7_trends" in out
    with zipfile.ZipFile(tmp_path / "ag.zip") as archive:
        script = archive.read("run_autograder").decode()
    assert "--hidden-visibility visible" in script and "--topics t7_trends" in script


def test_zz_report_the_times(zips):
    for built in zips.values():
        print(f"\n{built['path'].name}: {built['bytes'] / 1e6:.2f} MB, {len(built['files'])} files")
    for label, seconds in SECONDS.items():
        print(f"run_autograder {label}: {seconds} s")


def test_a_topic_notebook_is_taken_apart_into_its_modules(tmp_path):
    """How a learner of the nbgrader course hands in: the notebook, its `%%module` cells
    becoming the modules (the notebook's module wins over a .py stub beside it)."""
    reference = (topics.solutions_dir() / FAST / "trends.py").read_text()
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Topic 7"]},
        {
            "cell_type": "code",
            "metadata": {},
            "outputs": [],
            "execution_count": 1,
            "source": ["%load_ext grader.build.notebook"],
        },
        {
            "cell_type": "code",
            "metadata": {},
            "outputs": [],
            "execution_count": 2,
            "source": f"%%module {FAST}.trends\n{reference}".splitlines(keepends=True),
        },
    ]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    for shape in ("folder", "zip"):
        sub_dir = tmp_path / shape / "sub"
        sub_dir.mkdir(parents=True)
        (sub_dir / f"{FAST}.ipynb").write_text(json.dumps(notebook))
        source = sub_dir
        if shape == "zip":
            source = tmp_path / shape / "sub.zip"
            with zipfile.ZipFile(source, "w") as archive:
                archive.write(sub_dir / f"{FAST}.ipynb", f"work/{FAST}.ipynb")
        got = submissions.materialize(
            submissions.Submission("learner", source), tmp_path / shape / "box", [FAST]
        )
        assert f"{FAST}/trends.py" in got.copied and not got.missing, got
        assert (
            tmp_path / shape / "box" / FAST / "trends.py"
        ).read_text().strip() == reference.strip()
