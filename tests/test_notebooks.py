"""The learner notebooks (``llm-grader notebooks``): a check cell under every task.

Fast layout tests for every topic (no kernel, no check run), the check function in-process
(hang, memory, never raises), and t7 executed headless in a real Jupyter kernel (nbclient):
the reference with one task's code wrong (every other check cell passes, the wrong one fails
with the pytest path's message) and the stubs (Run All goes through, every check cell fails).
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys

import nbformat
import pytest

from grader import cli
from grader.build import authoring, learner_notebooks, nbgrader_course, task_trace
from grader.cohort import submissions
from grader.core import topics
from grader.learner import notebook_check
from grader.run import notebook_modules, runner

TOPIC = "t7_trends"
MUTANT = "chinchilla_optimal_forgets_6.py"  # task 5; no other task calls chinchilla_optimal
CHECK_CELL = re.compile(r"^check\((\d*)\)$")


def _fake_checks(topic: str) -> list[dict]:
    _, chunks, _ = learner_notebooks.topic_chunks(topic, "solutions")
    return [
        {"id": f"test_x.py::test_{t}", "task": t, "hidden": False, "points": 1.0}
        for t in sorted({c.task for c in chunks if c.task is not None})
    ]


def _top_level(source: str) -> list[str]:
    return sorted(ast.unparse(node) for node in ast.parse(source).body)


@pytest.mark.parametrize("topic", topics.available_topics())
def test_every_task_has_its_code_then_its_check_and_no_code_is_lost(topic):
    """Per task: its markdown, then its code cells, then check(K); the parts of each module
    joined give the module's statements, all of them, and it compiles."""
    if topic not in nbgrader_course.ready_topics([topic]):
        pytest.skip(f"{topic} has no regions or checks")
    for target in ("solutions", "exercises"):
        nb = learner_notebooks.build_notebook(topic, _fake_checks(topic), target)
        modules = notebook_modules.notebook_modules(nb)
        for name, source in modules.items():
            path = topics.solutions_dir().joinpath(*name.split(".")).with_suffix(".py")
            compile(source, name, "exec")
            if target == "solutions":
                assert _top_level(source) == _top_level(path.read_text(encoding="utf-8")), name
        cells = nb.cells
        for i, cell in enumerate(cells):
            match = CHECK_CELL.match(cell.source) if cell.cell_type == "code" else None
            if not match or not match.group(1):
                continue
            task = int(match.group(1))
            heading = max(
                j
                for j in range(i)
                if cells[j].cell_type == "markdown"
                and cells[j].source.startswith(f"### Task {task}")
            )
            between = cells[heading + 1 : i]
            assert not any(c.source.startswith("### Task") for c in between)
            owned = [c for c in between if c.cell_type == "code"]
            assert owned or "sits in" in between[0].source, (topic, task)
            assert all(c.metadata.get("editable", True) for c in owned), "task cells are editable"
        assert cells[-1].source == "check()" or any(c.source == "check()" for c in cells)
        assert nb.metadata[learner_notebooks.METADATA_KEY]["topic"] == topic


def test_parts_run_in_the_module_with_its_future_imports_and_line_numbers(tmp_path, monkeypatch):
    monkeypatch.setitem(notebook_modules._state, "root", tmp_path)
    for name in [n for n in sys.modules if n.startswith("nbpkg")]:
        monkeypatch.delitem(sys.modules, name)
    notebook_modules.run_cell(
        "nbpkg.m part 0/2", "from __future__ import annotations\nimport math\n"
    )
    module = notebook_modules.run_cell(
        "nbpkg.m part 1/2", "def f(x: Undefined) -> float:\n    return math.sqrt(x)\n"
    )
    assert module.f(4.0) == 2.0  # the annotation is not evaluated
    import nbpkg.m as again

    assert again is module
    text = (tmp_path / "nbpkg" / "m.py").read_text()
    assert text.startswith("from __future__ import annotations\nimport math\n")
    assert "def f(x: Undefined)" in text
    with pytest.raises(ZeroDivisionError) as info:
        notebook_modules.run_cell("nbpkg.m part 1/2", "x = 1\n\n1 / 0\n")
    assert info.traceback[-1].lineno + 1 == 4  # the cell's line (the magic is line 1)
    assert notebook_modules.missing_parts() == {}


def test_the_trace_reaches_the_build_package():
    """The instrumented reference records its task (a wrong import path once broke every trace)."""
    line = task_trace.instrument(
        "def f():\n    ### BEGIN SOLUTION (task 3)\n    pass\n"
    ).splitlines()[1]
    assert eval(line.strip().removesuffix("(3)")) is task_trace.hit


@pytest.fixture
def fresh_check(tmp_path, monkeypatch):
    """notebook_check on a private module folder, with the topic's task map."""
    monkeypatch.setitem(notebook_modules._state, "root", tmp_path)
    monkeypatch.setattr(notebook_modules, "_parts", {})
    monkeypatch.setattr(notebook_modules, "_totals", {})
    monkeypatch.setattr(notebook_check, "_runs", {})
    monkeypatch.setattr(notebook_check, "_state", {"topic": None, "tasks": {}})
    for name in [n for n in sys.modules if n.startswith(TOPIC)]:
        monkeypatch.delitem(sys.modules, name)
    return tmp_path


def _define_reference(task_one: str | None = None) -> None:
    source = (topics.solutions_dir() / TOPIC / "trends.py").read_text(encoding="utf-8")
    if task_one is not None:
        source = source.replace("def training_flops(", "def _reference_training_flops(")
        source += "\n\n" + task_one
    notebook_modules.define_part(f"{TOPIC}.trends", 0, 1, source)


def test_check_never_raises_and_says_why(fresh_check, capsys):
    assert notebook_check.check(1) == 0.0
    assert "set-up cells first" in capsys.readouterr().out
    notebook_check.start(TOPIC, {1: ["test_trends.py::test_training_flops_of_gpt3"]})
    assert "Ready: t7_trends" in capsys.readouterr().out
    assert notebook_check.check(42) == 0.0
    assert "has no checks" in capsys.readouterr().out
    assert notebook_check.check("t99", 1) == 0.0
    assert "unknown topic" in capsys.readouterr().out


def test_a_hanging_or_greedy_task_is_reported_and_the_kernel_goes_on(
    fresh_check, capsys, monkeypatch
):
    monkeypatch.setenv(notebook_check.BUDGET_ENV, "3")
    monkeypatch.setenv(notebook_check.MEMORY_ENV, "2048")
    ids = ["test_trends.py::test_training_flops_of_gpt3"]
    notebook_check.start(TOPIC, {1: ids})
    _define_reference("def training_flops(params, tokens):\n    while True:\n        pass\n")
    assert notebook_check.check(1) == 0.0
    out = capsys.readouterr().out
    assert "✘" in out and "timed out" in out, out
    monkeypatch.delenv(notebook_check.BUDGET_ENV)
    _define_reference(
        "def training_flops(params, tokens):\n"
        "    block = bytearray(3 * 1024**3)\n    return 6 * params * tokens\n"
    )
    assert notebook_check.check(1) == 0.0
    out = capsys.readouterr().out
    assert "✘" in out and "MemoryError: out of memory" in out, out
    _define_reference()
    assert notebook_check.check(1) == 1.0  # the same session checks again
    assert "all passed" in capsys.readouterr().out


# --- t7 in a real kernel -------------------------------------------------------------------


@pytest.fixture(scope="module")
def t7(tmp_path_factory):
    """The task map of t7 (one trace), the mutant's folder and its pytest-path outcome."""
    work = tmp_path_factory.mktemp("t7")
    checks = task_trace.trace_topic(TOPIC, work)
    source = next(m for m in authoring.mutants(TOPIC) if m.name == MUTANT)
    mutant = authoring.apply_mutant(source, TOPIC, work / "mutant")
    return {"checks": checks, "work": work, "mutant": mutant}


def _execute(nb, cwd) -> nbformat.NotebookNode:
    from nbclient import NotebookClient

    NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(cwd)}},
    ).execute()
    return nb


def _text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def _errors(nb) -> list[str]:
    return [
        f"{c.source.splitlines()[0]}: {o.ename}: {o.evalue}"
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.output_type == "error"
    ]


def _check_cells(nb) -> dict:
    return {
        CHECK_CELL.match(c.source).group(1): c
        for c in nb.cells
        if c.cell_type == "code" and CHECK_CELL.match(c.source)
    }


def test_t7_notebook_one_task_wrong_the_others_pass_with_the_pytest_paths_message(
    t7, tmp_path, monkeypatch
):
    """The notebook of a folder (the reference with task 5 wrong): every other check cell
    reports all passed, task 5's cell fails with the message `llm-grader check` gives, and
    the exported .ipynb scores what the folder scores."""
    nb = learner_notebooks.build_notebook(TOPIC, t7["checks"], str(t7["mutant"]))
    path = tmp_path / f"{TOPIC}.ipynb"
    nbformat.write(nb, path)
    monkeypatch.setattr(task_trace, "trace_topic", lambda topic, work: t7["checks"])  # traced once
    assert cli.main(["notebooks", str(tmp_path / "cli"), "7", "--target", str(t7["mutant"])]) == 0
    generated = nbformat.read(tmp_path / "cli" / f"{TOPIC}.ipynb", as_version=4)
    assert generated == nb  # the command writes the same notebook
    _execute(nb, tmp_path)
    assert not _errors(nb)
    pytest_path = runner.run_topic(TOPIC, target=str(t7["mutant"]))
    wrong = {c["id"]: c["message"] for c in pytest_path["checks"] if not c["passed"]}
    assert wrong and {c["task"] for c in t7["checks"] if c["id"] in wrong and not c["hidden"]} == {
        5
    }
    cells = _check_cells(nb)
    assert set(cells) == {str(t) for t in {c["task"] for c in t7["checks"] if not c["hidden"]}} | {
        ""
    }
    for task, cell in cells.items():
        out = _text(cell)
        if task in ("5", ""):
            assert "✘" in out and "failed" in out, out
            for check_id, message in wrong.items():
                visible = not next(c for c in t7["checks"] if c["id"] == check_id)["hidden"]
                if visible or task == "":
                    assert message.splitlines()[0] in out, (check_id, out)
        else:
            assert "all passed" in out and "✘" not in out, (task, out)
    exported = notebook_modules.export(path, tmp_path / "exported")
    assert (exported / TOPIC / "trends.py").read_text() == notebook_modules.notebook_modules(nb)[
        f"{TOPIC}.trends"
    ]
    subs = tmp_path / "subs"
    subs.mkdir()
    nbformat.write(nb, subs / "alice.ipynb")  # a notebook on its own, outputs and all
    assert (
        cli.main(
            ["score", str(subs), "--out", str(tmp_path / "grades"), "--topics", "7", "--jobs", "1"]
        )
        == 0
    )
    graded = json.loads((tmp_path / "grades" / "results" / "alice.json").read_text())
    assert graded["topics"][TOPIC]["score"] == sum(
        c["points"] for c in pytest_path["checks"] if c["passed"]
    )
    assert [(c["id"], c["passed"], c["message"]) for c in graded["topics"][TOPIC]["checks"]] == [
        (c["id"], c["passed"], c["message"]) for c in pytest_path["checks"]
    ]


def test_a_submitted_notebook_is_exported_and_wins_over_the_stubs_beside_it(tmp_path):
    nb = learner_notebooks.build_notebook(TOPIC, _fake_checks(TOPIC), "solutions")
    subs = tmp_path / "subs"
    (subs / "bob").mkdir(parents=True)
    nbformat.write(nb, subs / "bob" / f"{TOPIC}.ipynb")
    shutil.copytree(topics.exercises_dir() / TOPIC, subs / "bob" / TOPIC)  # untouched stubs
    nbformat.write(nb, subs / "carol.ipynb")
    (subs / "dave.ipynb").write_text("{not json")
    found = {s.learner: s for s in submissions.discover(subs)}
    assert sorted(found) == ["bob", "carol", "dave"]
    reference = (topics.solutions_dir() / TOPIC / "trends.py").read_text(encoding="utf-8")
    for learner in ("bob", "carol"):
        done = submissions.materialize(found[learner], tmp_path / learner, [TOPIC])
        text = (tmp_path / learner / TOPIC / "trends.py").read_text(encoding="utf-8")
        assert _top_level(text) == _top_level(reference), learner
        assert not done.missing and not done.problems, (learner, done)
    done = submissions.materialize(found["dave"], tmp_path / "dave", [TOPIC])
    assert done.missing == [f"{TOPIC}/trends.py"] and "not a workshop notebook" in done.problems[0]


def test_t7_stub_notebook_runs_through_and_every_check_cell_fails(t7, tmp_path):
    nb = learner_notebooks.build_notebook(TOPIC, t7["checks"], "exercises")
    assert json.loads(json.dumps(nb.metadata[learner_notebooks.METADATA_KEY]))["tasks"]
    _execute(nb, tmp_path)
    assert not _errors(nb)
    cells = _check_cells(nb)
    assert len(cells) >= 9
    for task, cell in cells.items():
        out = _text(cell)
        assert "✘" in out and "all passed" not in out and "✔" not in out, (task, out)
        assert "Traceback" not in out


def test_export_command_writes_the_modules_a_check_imports(tmp_path, capsys):
    nb = learner_notebooks.build_notebook(TOPIC, _fake_checks(TOPIC), "solutions")
    nbformat.write(nb, tmp_path / "t7.ipynb")
    assert cli.main(["export", str(tmp_path / "t7.ipynb"), str(tmp_path / "mine")]) == 0
    text = (tmp_path / "mine" / TOPIC / "trends.py").read_text(encoding="utf-8")
    reference = (topics.solutions_dir() / TOPIC / "trends.py").read_text(encoding="utf-8")
    assert _top_level(text) == _top_level(reference)
    assert "--target" in capsys.readouterr().out
    (tmp_path / "empty.ipynb").write_text(json.dumps(nbformat.v4.new_notebook()))
    assert cli.main(["export", str(tmp_path / "empty.ipynb"), str(tmp_path / "x")]) == 2
    assert "no %%module cells" in capsys.readouterr().out


def test_the_set_up_cell_without_the_grader_says_how_to_install_and_downloads_nothing(tmp_path):
    from IPython.core.inputtransformer2 import TransformerManager

    nb = learner_notebooks.build_notebook(TOPIC, _fake_checks(TOPIC), "exercises")
    setup = next(c.source for c in nb.cells if c.cell_type == "code")
    assert "INSTALL_FROM = ''" in setup
    code = TransformerManager().transform_cell(setup)
    done = subprocess.run(
        [sys.executable, "-S", "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": os.environ.get("PATH", "")},
    )
    assert done.returncode == 1
    assert "ModuleNotFoundError" in done.stderr and "pip install -e ." in done.stderr
    assert "set INSTALL_FROM" in done.stderr and not list(tmp_path.iterdir())


def test_hint_in_a_notebook_shows_the_next_hint(fresh_check, capsys, monkeypatch):
    monkeypatch.setattr(topics, "state_dir", lambda: fresh_check / "state")
    notebook_check.start(TOPIC, {1: []})
    capsys.readouterr()
    notebook_check.hint(1)
    assert "Task 1 — hint 1/" in capsys.readouterr().out
    notebook_check.hint(99)
    assert "has no task 99" in capsys.readouterr().out


@pytest.mark.parametrize("topic", ["t6_use_cases", "t5_rlhf"])  # a fast topic and a slow one
def test_notebook_in_a_real_kernel_reference_passes_and_stubs_fail_without_raising(topic, tmp_path):
    """Run All on the reference: every check cell says all passed; on the stubs: Run All goes
    through, every check cell reports failures, and none raises."""
    checks = task_trace.trace_topic(topic, tmp_path / "trace")
    for target, passing in (("solutions", True), ("exercises", False)):
        nb = _execute(learner_notebooks.build_notebook(topic, checks, target), tmp_path)
        assert not _errors(nb), (target, _errors(nb))
        cells = _check_cells(nb)
        assert len(cells) >= 5, (target, list(cells))
        for task, cell in cells.items():
            out = _text(cell)
            assert "Traceback" not in out, (target, task, out)
            if passing:
                assert "all passed" in out and "✘" not in out, (target, task, out)
            else:
                assert "✘" in out and "all passed" not in out, (target, task, out)
