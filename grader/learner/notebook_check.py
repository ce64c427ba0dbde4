"""The check cells of the learner notebooks (``llm-grader notebooks``).

    %load_ext grader.learner.notebook_check      # the %%module cell magic
    from grader.learner.notebook_check import check, hint, start
    start("t7_trends", {1: ["test_trends.py::test_training_flops_of_gpt3", ...], ...})
    ...
    check(3)            # task 3's visible checks, printed under the cell
    check("t7", 3)      # the same, naming the topic
    check()             # the whole topic, hidden checks included when installed

Which code is checked: the code cells as they ran in this kernel. Every ``%%module`` cell
saves itself, when it runs, into the kernel's module folder
(``grader.run.notebook_modules.code_root()``, laid out like exercises/), so the checks import
exactly what the notebook defined; nothing reads the .ipynb file (unsaved in Colab, renamed
in VS Code). An edited cell counts once it has run again (Run All does it).

The checks run in a sandboxed child process (``runner.run_topic``, the one ``llm-grader
check`` uses) with its time and memory limits, so code that loops forever or allocates too
much costs one check run, reported as such, and the kernel stays usable. ``check`` never
raises: a failing check, or a run that could not happen, is printed output, so "Run All"
goes through the whole notebook. It returns the points earned (also when they are 0).
"""

from __future__ import annotations

import os
import time

from grader.core import topics
from grader.run import notebook_modules, runner, sandbox

TASK_BUDGET_S = 60.0  # one task's visible checks, all together
TOPIC_BUDGET_S = 240.0  # check(): the whole topic (as in the nbgrader course)
MEMORY_MB = 4096  # as `llm-grader score`
BUDGET_ENV = "LLM_GRADER_TASK_BUDGET_S"
MEMORY_ENV = "LLM_GRADER_MEMORY_MB"

_state: dict = {"topic": None, "tasks": {}}
_runs: dict[tuple, dict] = {}


def load_ipython_extension(ipython) -> None:
    """``%load_ext grader.learner.notebook_check``: registers the ``%%module`` cell magic."""
    notebook_modules.register_module_magic(ipython)


_quiet = notebook_modules.quiet


def start(topic: str, tasks: dict) -> None:
    """Remember the notebook's topic and its task -> visible check ids; print whether the
    environment is ready (the grader, the workshop folder, the topic's checks)."""
    with _quiet():
        try:
            _state["topic"] = topics.resolve_topic(topic)
            _state["tasks"] = {int(k): list(v) for k, v in tasks.items()}
            root = topics.project_root()
            visible = runner.check_files(_state["topic"], include_hidden=False)
            hidden = len(runner.check_files(_state["topic"])) - len(visible)
            import grader

            print(f"Ready: {_state['topic']} — {topics.TITLES.get(_state['topic'], '')}")
            print(f"  grader {os.path.dirname(grader.__file__)}; workshop {root}")
            print(
                f"  {len(visible)} visible check file(s)"
                + (f", {hidden} hidden (installed)" if hidden else ", no hidden checks here")
                + f"; your code is saved to {notebook_modules.code_root()} when a cell runs"
            )
            if not visible:
                print("  Problem: no visible checks found; is the workshop folder complete?")
        except Exception as exc:  # a notebook must go on: say what is wrong, do not raise
            print(f"Not ready: {type(exc).__name__}: {exc}")


def _limits(budget: float) -> tuple[float, sandbox.Limits]:
    budget = float(os.environ.get(BUDGET_ENV) or budget)
    memory = int(os.environ.get(MEMORY_ENV) or MEMORY_MB)
    return budget, sandbox.Limits(memory_mb=memory or None)


def _run(topic: str, ids, include_hidden: bool, budget: float) -> tuple[dict, float, bool]:
    """(outcome, seconds, reused) of the checks ``ids`` (None: all) on the kernel's code."""
    root = notebook_modules.code_root()
    key = (
        topic,
        notebook_modules.digest(root),
        tuple(ids) if ids is not None else None,
        include_hidden,
    )
    if key in _runs:
        return _runs[key], 0.0, True
    budget, limits = _limits(budget)
    began = time.perf_counter()
    outcome = runner.run_topic(
        topic,
        target=str(root),
        include_hidden=include_hidden,
        only=ids,
        budget_s=budget,
        limits=limits,
    )
    _runs[key] = outcome
    return outcome, time.perf_counter() - began, False


def _points(x: float) -> str:
    return f"{x:g}"


def _print_checks(checks: list[dict]) -> None:
    for c in checks:
        mark = "✔" if c["passed"] else "✘"
        title = c["title"] + (" (hidden)" if c["hidden"] else "")
        print(f"  {mark} {_points(c['points']):>3} pt  {title}")
        if not c["passed"]:
            for line in (c["message"] or "failed").splitlines():
                print(f"             {line}")


def _missing_note() -> str | None:
    missing = notebook_modules.missing_parts()
    if not missing:
        return None
    parts = "; ".join(f"{name} part {', '.join(map(str, idx))}" for name, idx in missing.items())
    return (
        f"Note: some code cells have not run in this kernel yet ({parts}); the checks see "
        "only the cells that ran. Run the cells above (or Run All)."
    )


def _resolve(topic_or_task, task) -> tuple[str, int | None]:
    if isinstance(topic_or_task, str) and not topic_or_task.strip().isdigit():
        return topics.resolve_topic(topic_or_task), (int(task) if task is not None else None)
    if topic_or_task is not None and task is not None:
        return topics.resolve_topic(topic_or_task), int(task)
    if _state["topic"] is None:
        raise topics.UsageError("run the notebook's set-up cells first (they call start())")
    return _state["topic"], (int(topic_or_task) if topic_or_task is not None else None)


def check(topic_or_task=None, task=None) -> float:
    """``check(K)``: task K's visible checks; ``check("t1_tokens", K)``; ``check()``: the
    whole topic, hidden checks included when installed. Prints the verdicts; returns the
    points earned. Never raises."""
    with _quiet():
        try:
            return _check(*_resolve(topic_or_task, task))
        except Exception as exc:
            print(f"The checks could not run ({type(exc).__name__}: {exc}).")
            return 0.0


def _check(topic: str, task: int | None) -> float:
    if task is None:
        outcome, seconds, reused = _run(topic, None, True, TOPIC_BUDGET_S)
        header = f"{topic}: all checks"
    else:
        ids = _state["tasks"].get(task) if topic == _state["topic"] else None
        if not ids:
            print(f"Task {task} of {topic} has no checks (a write-up, or an unknown task).")
            return 0.0
        outcome, seconds, reused = _run(topic, ids, False, TASK_BUDGET_S)
        header = f"Task {task}"
    checks = outcome["checks"]
    earned = sum(c["points"] for c in checks if c["passed"])
    total = sum(c["points"] for c in checks)
    passed = sum(c["passed"] for c in checks)
    when = "the same code as the last run" if reused else f"{seconds:.1f} s"
    verdict = "all passed" if checks and passed == len(checks) else f"{len(checks) - passed} failed"
    print(
        f"{header}: {passed} of {len(checks)} checks pass ({_points(earned)}/{_points(total)} "
        f"points) — {verdict} [{when}]"
    )
    if task is None:
        tasks = (
            {i: t for t, ids in _state["tasks"].items() for i in ids}
            if topic == _state["topic"]
            else {}
        )
        for t in sorted({tasks.get(c["id"]) for c in checks}, key=lambda t: (t is None, t or 0)):
            group = [c for c in checks if tasks.get(c["id"]) == t]
            print(f" Task {t}:" if t is not None else " Other checks (hidden):")
            _print_checks(group)
    else:
        _print_checks(checks)
    if outcome.get("error"):
        print(f"Problem while checking: {outcome['error']}")
    note = _missing_note()
    if note and passed < len(checks):
        print(note)
    if task is not None and passed < len(checks):
        print(f"Stuck? hint({task}) shows the next hint.")
    return round(earned, 6)


def hint(task: int, topic: str | None = None, reset: bool = False) -> None:
    """The next hint for ``task`` (as ``llm-grader hint``). Never raises."""
    from rich.console import Console

    from grader.learner import hints

    with _quiet():
        try:
            hints.show(
                Console(highlight=False),
                topics.resolve_topic(topic or _state["topic"]),
                int(task),
                reset=reset,
            )
        except Exception as exc:
            print(f"No hint ({type(exc).__name__}: {exc}).")
