"""The nbgrader course, driven through the real nbgrader CLI: same checks, same scores.

One course is built for every available topic. Per topic: ``generate_assignment``; three fake
submissions (the reference filled into the release, the untouched release, one mutant);
``autograde``, ``export`` and ``generate_feedback``; the notebook scores are compared, per
cell and in total, with the pytest path (``runner.run_topic``) on the same code.
"""

from __future__ import annotations

import ast
import csv
import html
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from grader import cli
from grader.build import authoring, nbgrader_course, notebook, sync
from grader.core import regions, topics
from grader.run import runner

TOPICS = topics.available_topics()


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    done = nbgrader_course.nbgrader(course, *args)
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stderr[-4000:]}"
    return done


def earned(outcome: dict) -> float:
    return sum(c["points"] for c in outcome["checks"] if c["passed"])


def _grade_topic(course: Path, manifest: dict, topic: str, work: Path) -> dict:
    nbgrader(course, "generate_assignment", topic)
    release = nbformat.read(course / "release" / topic / f"{topic}.ipynb", as_version=4)
    code = {
        "reference": topics.solutions_dir(),
        "release": sync.build_stubs(work / "stubs", [topic]),
    }
    mutants = authoring.mutants(topic)
    if mutants:
        code["mutant"] = authoring.apply_mutant(mutants[0], topic, work / "mutant")
    for student, root in code.items():
        folder = course / "submitted" / student / topic
        folder.mkdir(parents=True)
        nb = release if student == "release" else nbgrader_course.fill_in(release, root)
        nbformat.write(nb, folder / f"{topic}.ipynb")
    start = time.perf_counter()
    nbgrader(course, "autograde", topic)
    seconds = (time.perf_counter() - start) / len(code)
    nbgrader(course, "export", "--to", str(work / "grades.csv"))
    nbgrader(course, "generate_feedback", topic)
    with open(work / "grades.csv", newline="") as f:
        totals = {
            r["student_id"]: float(r["raw_score"])
            for r in csv.DictReader(f)
            if r["assignment"] == topic
        }
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        cells = {
            student: {
                g.name: g.auto_score
                for g in gb.find_submission_notebook(topic, topic, student).grades
            }
            for student in code
        }
    pytest_path = {
        s: runner.run_topic(topic, target=str(root)) for s, root in code.items() if s != "reference"
    }
    print(
        f"\n{topic}: autograde {seconds:.1f} s per notebook; notebook totals {totals}; "
        f"pytest path { ({s: earned(o) for s, o in pytest_path.items()}) }"
    )
    return {
        "release": release,
        "totals": totals,
        "cells": cells,
        "pytest": pytest_path,
        "mutant": mutants[0] if mutants else None,
        "checks": manifest["topics"][topic],
    }


@pytest.fixture(scope="module")
def course(request, tmp_path_factory):
    """The course, built for the topics whose tests were selected."""
    selected = {
        item.callspec.params["topic"]
        for item in request.session.items
        if item.module is request.module and hasattr(item, "callspec")
    }
    root = tmp_path_factory.mktemp("course")
    args = ["nbgrader", "build", str(root), *sorted(selected, key=TOPICS.index)]
    assert cli.main(args) in (0, 1)  # 1: some topic failed (reported by its tests below)
    return root, json.loads((root / nbgrader_course.MANIFEST).read_text())


@pytest.fixture(scope="module")
def graded(course, tmp_path_factory):
    """The graded round of a topic, done once per topic and shared by its tests."""
    root, manifest = course
    done: dict[str, dict] = {}

    def get(topic: str) -> dict:
        if topic in manifest["failed"]:
            pytest.fail(f"the course has no notebook for {topic}: {manifest['failed'][topic]}")
        if topic not in manifest["topics"]:
            pytest.skip(f"{topic} has no checks or no solution regions yet")
        if topic not in done:
            done[topic] = _grade_topic(root, manifest, topic, tmp_path_factory.mktemp(topic))
        return done[topic]

    return get


def _region_lines(topic: str) -> set[str]:
    """Distinctive lines of the reference's solution regions (absent from the given code and
    from the README, which may quote a formula)."""
    readme = (topics.exercises_dir() / topic / "README.md").read_text(encoding="utf-8")
    lines = set()
    for path in topics.solution_files(topic):
        text = path.read_text(encoding="utf-8")
        stub = sync.make_stub(text, f"{topic}/{path.name}")
        for region in regions.regions(text):
            for line in region.splitlines():
                code = line.strip()
                if (
                    len(code) >= 25
                    and not code.startswith("#")
                    and code not in stub
                    and code not in readme
                ):
                    lines.add(code)
    return lines


def _hidden_ids(checks: list[dict]) -> list[str]:
    return [c["id"] for c in checks if c["hidden"]]


@pytest.mark.timeout(1800)
@pytest.mark.parametrize("topic", TOPICS)
def test_release_has_no_solutions_and_no_hidden_checks(topic, graded):
    result = graded(topic)
    text = "\n".join(c.source for c in result["release"].cells)
    code = "\n".join(c.source for c in result["release"].cells if c.cell_type == "code")
    leaked = [line for line in _region_lines(topic) if line in code]
    assert not leaked, f"solution code in the release: {leaked[:3]}"
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text
    assert not [i for i in _hidden_ids(result["checks"]) if i in text]
    assert any(c["hidden"] for c in result["checks"]), (
        "the hidden checks are missing from the course"
    )


@pytest.mark.timeout(1800)
@pytest.mark.parametrize("topic", TOPICS)
def test_notebook_scores_equal_the_pytest_path(topic, graded):
    result = graded(topic)
    checks = result["checks"]
    total = sum(c["points"] for c in checks)
    assert result["totals"]["reference"] == total > 0
    assert result["totals"]["release"] == earned(result["pytest"]["release"]) == 0
    for student, outcome in result["pytest"].items():
        assert result["totals"][student] == earned(outcome), student
        passed = {c["id"] for c in outcome["checks"] if c["passed"]}
        per_cell = {}
        for check in checks:  # every check lands in exactly one cell, worth its points
            cell = f"{topic}-task{check['task']}"
            per_cell[cell] = per_cell.get(cell, 0.0) + (
                check["points"] if check["id"] in passed else 0
            )
        assert result["cells"][student] == pytest.approx(per_cell), student
    if result["mutant"] is not None:
        lost = total - result["totals"]["mutant"]
        assert lost > 0, f"the mutant {result['mutant'].name} lost no points"


def _hidden_source_lines(topic: str) -> set[str]:
    """Code lines of the hidden checks (not docstrings: their first lines are shown titles)."""
    lines = set()
    for path in runner.check_files(topic):
        if topics.checks_dir() not in path.parents:
            continue
        text = path.read_text(encoding="utf-8")
        docstrings = {
            n.body[0].value.lineno
            for n in ast.walk(ast.parse(text))
            if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.Module))
            and n.body
            and isinstance(n.body[0], ast.Expr)
            and isinstance(n.body[0].value, ast.Constant)
        }
        for number, line in enumerate(text.splitlines(), start=1):
            code = line.strip()
            if (
                number not in docstrings
                and len(code) >= 30
                and not code.startswith(("#", '"', "'", 'f"'))
            ):
                lines.add(code)
    return lines


@pytest.mark.timeout(1800)
@pytest.mark.parametrize("topic", TOPICS)
def test_feedback_shows_no_hidden_check_source(topic, graded, course):
    result = graded(topic)
    root, _ = course
    source_lines = _hidden_source_lines(topic)
    hidden = _hidden_ids(result["checks"])
    visible_names = {
        c["id"].split("::")[1].split("[")[0] for c in result["checks"] if not c["hidden"]
    }
    names = hidden + [
        n for n in {i.split("::")[1].split("[")[0] for i in hidden} if n not in visible_names
    ]
    for student in result["cells"]:
        page = root / "feedback" / student / topic / f"{topic}.html"
        text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
        submitted = (root / "submitted" / student / topic / f"{topic}.ipynb").read_text()
        assert "HIDDEN TESTS" not in text
        assert not [n for n in names if n in text], f"hidden check names in {student}'s feedback"
        # a line the learner's own code also contains is no leak (e.g. a loop over pairs)
        leaked = [
            line
            for line in source_lines
            if line in text and json.dumps(line)[1:-1] not in submitted
        ]
        assert not leaked, f"hidden check source in {student}'s feedback: {leaked[:3]}"


@pytest.mark.timeout(1800)
@pytest.mark.parametrize("topic", ["t7_trends"])  # (the course fixture builds the topics selected)
def test_a_deleted_check_cell_is_put_back_under_its_task_and_scores(topic, graded, course):
    """The reference with one task's autograded cell deleted gets full marks; the cell is
    back after that task's solution cell, before the next task's heading."""
    result = graded(topic)
    root, _ = course
    nb = nbgrader_course.fill_in(result["release"], topics.solutions_dir())
    graded_at = [i for i, c in enumerate(nb.cells) if _grade_task(c) is not None]
    task = _grade_task(nb.cells[graded_at[len(graded_at) // 2]])
    del nb.cells[graded_at[len(graded_at) // 2]]
    folder = root / "submitted" / "deleted" / topic
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{topic}.ipynb")
    nbgrader(root, "autograde", topic, "--student", "deleted")
    done = nbformat.read(root / "autograded" / "deleted" / topic / f"{topic}.ipynb", as_version=4)
    at = next(i for i, c in enumerate(done.cells) if _grade_task(c) == task)
    heading = max(
        i
        for i, c in enumerate(done.cells[:at])
        if c.cell_type == "markdown" and c.source.startswith("### Task")
    )
    assert done.cells[heading].source.startswith(f"### Task {task} ")
    assert done.cells[at - 1].metadata["nbgrader"].get("solution")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        scores = {
            g.name: g.auto_score
            for g in gb.find_submission_notebook(topic, topic, "deleted").grades
        }
    assert scores == result["cells"]["reference"]


# --- the per-task layout (issue 19), without nbgrader: seconds --------------------------

FAST_TOPICS = ["t6_use_cases", "t7_trends"]


def _fake_checks(topic: str) -> list[dict]:
    """A visible and a hidden check for every task that has code (no check run needed)."""
    from grader.build import learner_notebooks

    _, chunks, _ = learner_notebooks.topic_chunks(topic, "solutions")
    tasks = sorted({c.task for c in chunks if c.task is not None})
    return [
        {
            "id": f"test_{kind}.py::test_task{t}",
            "title": f"task {t}",
            "task": t,
            "hidden": kind == "hidden",
            "points": 1.0,
        }
        for t in tasks
        for kind in ("visible", "hidden")
    ]


def _grade_task(cell) -> int | None:
    match = re.match(r"\S+-task(\d+)$", cell.metadata.get("nbgrader", {}).get("grade_id", ""))
    return int(match.group(1)) if match and cell.metadata["nbgrader"].get("grade") else None


@pytest.mark.parametrize("topic", FAST_TOPICS)
def test_each_tasks_autograded_cell_follows_its_solution_cells(topic):
    """For every graded task: its heading, its solution cells, then its autograded cell
    (visible ids in the open, hidden ids inside the hidden markers), before the next task's
    heading; every solution cell holds whole BEGIN/END SOLUTION regions of its own task."""
    checks = _fake_checks(topic)
    nb = nbgrader_course.build_notebook(topic, checks)
    cells = nb.cells
    headings = {
        int(m.group(1)): i
        for i, c in enumerate(cells)
        if c.cell_type == "markdown"
        for m in [re.match(r"### Task (\d+)", c.source)]
        if m
    }
    graded = {t: i for i, c in enumerate(cells) if (t := _grade_task(c)) is not None}
    assert set(graded) == {c["task"] for c in checks}
    for task, at in graded.items():
        start = headings[task]
        later = [i for t, i in headings.items() if i > start]
        end = min(later, default=len(cells))
        assert start < at < end, (task, "the check cell is not under its task")
        solutions = [
            c for c in cells[start + 1 : at] if c.metadata.get("nbgrader", {}).get("solution")
        ]
        assert solutions, (task, "no solution cell between the heading and the check cell")
        for cell in solutions:
            regions = re.findall(r"### BEGIN SOLUTION \(task (\d+)", cell.source)
            assert regions and int(regions[0]) == task, (task, cell.source[:80])
            assert cell.source.count("BEGIN SOLUTION") == cell.source.count("END SOLUTION")
        # nbgrader puts a deleted grade cell back after the source cell before it, which must
        # be a solution or grade cell (a locked given cell there would crash autograde)
        before = [c for c in cells[:at] if c.cell_type == "code"][-1].metadata["nbgrader"]
        assert before.get("solution") or before.get("grade"), (task, before["grade_id"])
        source = cells[at].source
        visible, hidden = source.split("### BEGIN HIDDEN TESTS")
        assert f"test_visible.py::test_task{task}'" in visible
        assert f"test_hidden.py::test_task{task}'" in hidden.split("### END HIDDEN TESTS")[0]
        assert "test_hidden.py" not in visible
        compile(source, "cell", "exec")
    assert not [
        c
        for c in cells
        if c.cell_type == "code"
        and "BEGIN SOLUTION" in c.source
        and not c.metadata["nbgrader"].get("solution")
    ]


@pytest.mark.parametrize("topic", FAST_TOPICS)
def test_fill_in_puts_each_tasks_code_in_its_cell_and_loses_nothing(topic, tmp_path):
    """fill_in of the reference, and of a mutant with a helper of the learner's own: the
    notebook's modules are the code folder's modules (same top-level statements), so the
    notebook is checked on the same code as `llm-grader check --target` that folder."""
    nb = nbgrader_course.build_notebook(topic, _fake_checks(topic))
    from grader.run import notebook_modules

    def top_level(source):  # (an import the code folder repeats is the given one: a set)
        return sorted({ast.unparse(n) for n in ast.parse(source).body})

    folders = [topics.solutions_dir()]
    mutants = authoring.mutants(topic)
    if mutants:
        folders.append(authoring.apply_mutant(mutants[0], topic, tmp_path / "mutant"))
        module = next(
            p
            for p in (tmp_path / "mutant" / topic).glob("*.py")
            if p.name != "__init__.py"
            and any(
                c.metadata.get("llm_grader", {}).get("module") == f"{topic}.{p.stem}"
                for c in nb.cells
            )
        )
        module.write_text(module.read_text() + "\n\ndef _my_helper(x):\n    return x\n")
    for folder in folders:
        filled = nbgrader_course.fill_in(nb, folder)
        for name, source in notebook_modules.notebook_modules(filled).items():
            path = folder.joinpath(*name.split(".")).with_suffix(".py")
            assert top_level(source) == top_level(path.read_text(encoding="utf-8")), (folder, name)


# --- the kernel side, without a kernel ----------------------------------------------------


def test_module_cells_import_each_other(tmp_path, monkeypatch):
    monkeypatch.setitem(notebook._state, "root", tmp_path)
    notebook.define_module("t9_demo.base", "def double(x):\n    return 2 * x\n")
    user = notebook.define_module(
        "t9_demo.user", "from .base import double\n\nQUAD = double(double(1))\n"
    )
    assert user.QUAD == 4
    assert (tmp_path / "t9_demo" / "user.py").read_text().splitlines()[
        1
    ] == "from .base import double"
    with pytest.raises(ZeroDivisionError):
        notebook.define_module("t9_demo.broken", "1 / 0\n")
    assert "t9_demo.broken" not in sys.modules
    for name in ("t9_demo", "t9_demo.base", "t9_demo.user"):
        monkeypatch.delitem(sys.modules, name)


def test_no_check_run_scores_zero_quietly(capsys):
    outcome = {"checks": [], "error": "the check process was killed by SIGKILL"}
    assert notebook.score(outcome, ["test_x.py::test_y"]) == 0
    assert notebook.checks("no_such_topic", ["test_x.py::test_y"]) == 0
    out, err = capsys.readouterr()
    assert "did not run" in out and "could not run" in out and err == ""


def test_check_cells_of_one_pass_share_the_budget_and_rerunning_a_cell_starts_over(
    tmp_path, monkeypatch, capsys
):
    """Each check cell runs its own task's ids, with what the cells before it left of the
    budget; a cell of an earlier task (a learner re-running it) starts a new pass."""
    calls = []

    def fake_run_topic(topic, target, budget_s, limits, only):
        calls.append((list(only), budget_s))
        return {
            "checks": [
                {"id": i, "title": i, "points": 1.0, "passed": True, "hidden": False, "message": ""}
                for i in only
            ],
            "error": None,
            "log": "",
        }

    monkeypatch.setattr(runner, "run_topic", fake_run_topic)
    monkeypatch.setitem(notebook._state, "root", tmp_path)
    monkeypatch.setattr(notebook, "_runs", {})
    monkeypatch.setattr(notebook, "_spent", {})
    monkeypatch.setattr(notebook, "_last_task", {})
    monkeypatch.setenv(notebook.BUDGET_ENV, "100")
    assert notebook.checks("t7_trends", ["test_a.py::test_1"], task=1) == 1.0
    assert calls == [(["test_a.py::test_1"], 100.0)]
    notebook._spent[str(tmp_path)] = 100.0  # the cells so far used it all up
    (tmp_path / "changed.py").write_text("x = 1\n")  # a new part ran: new code state
    assert notebook.checks("t7_trends", ["test_a.py::test_2"], task=2) == 0.0
    assert (
        len(calls) == 1
        and "time budget (100 s for all of its checks) was used up" in capsys.readouterr().out
    )
    assert notebook.checks("t7_trends", ["test_a.py::test_1", "test_a.py::test_9"], task=1) == 2.0
    assert calls[-1] == (["test_a.py::test_1", "test_a.py::test_9"], 100.0)
    assert notebook.checks("t7_trends", [], task=3) == 0.0  # a task with hidden checks only
    assert "when the notebook is graded" in capsys.readouterr().out


def test_a_relative_target_path_is_checked(tmp_path, monkeypatch):
    """docs/nbgrader.md compares a notebook with `llm-grader check N --target some-folder`."""
    sync.build_stubs(tmp_path / "code", ["t7_trends"])
    monkeypatch.chdir(tmp_path)
    outcome = runner.run_topic("t7_trends", target="code")
    assert outcome["error"] is None and outcome["checks"]
    assert all(c["message"].startswith("not implemented yet") for c in outcome["checks"])


# --- a hanging notebook costs one topic budget, not the class's afternoon (issue 25.1) ------

SPIN_AT = "def fit_exponential_trend(years, values) -> Trend:\n"


def _config(monkeypatch, budget="240"):
    """The generated nbgrader_config.py, run as nbgrader runs it."""
    from traitlets.config import Config

    monkeypatch.setenv(notebook.BUDGET_ENV, budget)
    c = Config()
    exec(
        compile(nbgrader_course.CONFIG, "nbgrader_config.py", "exec"),  # noqa: S102
        {"get_config": lambda: c, "__file__": "nbgrader_config.py"},
    )
    return c


def test_module_cells_get_seconds_and_check_cells_the_topic_budget(monkeypatch):
    c = _config(monkeypatch, budget="200")
    timeout = c.Execute.timeout_func
    module = nbformat.v4.new_code_cell(
        "%%module t7_trends.trends\nx = 1", metadata=nbgrader_course._meta("m", solution=True)
    )
    given = nbformat.v4.new_code_cell(
        "%%module t7_trends.util\nx = 1", metadata=nbgrader_course._meta("g", locked=True)
    )
    scratch = nbformat.v4.new_code_cell("train()")  # a cell the learner added
    check = nbformat.v4.new_code_cell(
        "points = checks(...)",
        metadata=nbgrader_course._meta("t", grade=True, locked=True, points=3),
    )
    assert [timeout(cell) for cell in (module, given, scratch)] == [
        nbgrader_course.MODULE_CELL_TIMEOUT_S
    ] * 3
    assert nbgrader_course.MODULE_CELL_TIMEOUT_S <= 60
    assert 200 < timeout(check) <= 200 + 120
    assert c.Execute.interrupt_on_timeout is True
    assert "timeout" not in c.Execute, "a fixed cell timeout would cover the module cells too"


def _topic_copy(root: Path, change=lambda text: text) -> Path:
    folder = root / "t7_trends"
    for f in topics.solution_files("t7_trends"):
        (folder / f.name).parent.mkdir(parents=True, exist_ok=True)
        (folder / f.name).write_text(change(f.read_text(encoding="utf-8")), encoding="utf-8")
    return root


def test_a_hanging_notebook_costs_one_topic_budget_and_the_next_is_graded_normally(
    tmp_path, monkeypatch
):
    """notebook.run (what every check cell calls) on three kernels' code in a row: a module
    that hangs on import, a function the checks call that never returns, then the reference.
    Every run is one sandboxed process capped at the budget (plus a few seconds to report),
    with the memory cap of `llm-grader score`; the reference after them gets full marks."""
    from grader.run import sandbox

    seen = []
    real = sandbox.run_isolated

    def spy(cmd, **kwargs):
        seen.append((cmd, kwargs["limits"]))
        return real(cmd, **kwargs)

    monkeypatch.setattr(sandbox, "run_isolated", spy)
    monkeypatch.setattr(runner, "BUDGET_GRACE_S", 2.0)
    monkeypatch.setenv(notebook.MEMORY_ENV, "4096")
    monkeypatch.setattr(notebook, "_runs", {})
    sleeper = _topic_copy(
        tmp_path / "sleeper", lambda t: t + "\nimport time\nwhile True:\n    time.sleep(1)\n"
    )
    spinner = _topic_copy(
        tmp_path / "spinner",
        lambda t: t.replace(SPIN_AT, SPIN_AT + "    while True:\n        pass\n"),
    )
    reference = _topic_copy(tmp_path / "reference")
    outcomes = {}
    for name, root, budget in (
        ("sleeper", sleeper, "3"),
        ("spinner", spinner, "8"),
        ("reference", reference, ""),
    ):
        monkeypatch.setitem(notebook._state, "root", root)
        monkeypatch.setenv(notebook.BUDGET_ENV, budget)
        outcomes[name] = notebook.run("t7_trends")
    budgets = [3.0, 8.0, notebook.TOPIC_BUDGET_S]
    assert len(seen) == 3, "one check process per notebook, whatever hangs"
    for (cmd, limits), budget in zip(seen, budgets):
        assert cmd[cmd.index("--budget-s") + 1] == str(budget)
        assert limits.timeout_s == budget + 2.0 and limits.memory_mb == 4096

    def used_up(outcome, budget):
        """Checks cut short by the budget, or the run stopped at it: never one limit per check."""
        messages = [c["message"] for c in outcome["checks"]] + [outcome["error"] or ""]
        skipped = f"time budget ({budget} s for all its checks) was used up"
        stopped = f"time budget ({budget} s for all of them)"
        return any(skipped in m or stopped in m for m in messages), messages[:4]

    sleep = outcomes["sleeper"]
    assert not any(c["passed"] for c in sleep["checks"])
    assert used_up(sleep, 3)[0], used_up(sleep, 3)[1]

    spin = outcomes["spinner"]
    assert spin["checks"], "the records of the checks that ran must come back"
    assert not any(c["passed"] for c in spin["checks"] if "synthetic" in c["title"])
    assert used_up(spin, 8)[0], used_up(spin, 8)[1]

    ref = outcomes["reference"]
    assert ref["error"] is None and ref["checks"] and all(c["passed"] for c in ref["checks"]), [
        c["message"] for c in ref["checks"] if not c["passed"]
    ][:3]


def test_the_budget_cuts_each_checks_limit_and_skips_what_finds_none_left(tmp_path):
    """The plugin's --budget-s on its own: one check sleeps past the budget, the next fails unrun."""
    (tmp_path / "test_slow.py").write_text(
        "import time\n\ndef test_a():\n    time.sleep(30)\n\ndef test_b():\n    pass\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(tmp_path / "test_slow.py"),
            "-q",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            "-p",
            "grader.run.plugin",
            "--budget-s",
            "2",
            "-rf",
            "--no-header",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Timeout (>2.0s)" in done.stdout or "Timeout (>1.9s)" in done.stdout, done.stdout[-2000:]
    assert "time budget (2 s for all its checks) was used up" in done.stdout, done.stdout[-2000:]
