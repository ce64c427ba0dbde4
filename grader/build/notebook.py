"""The kernel side of the nbgrader course: ``%%module`` cells and ``checks``.

    %load_ext grader.build.notebook

A cell starting with ``%%module t1_tokens.bpe part 2/5`` runs as part 2 of that module (see
``grader.run.notebook_modules``): the module lands in ``sys.modules`` (so ``from
t1_tokens.bpe import train_bpe`` and relative imports between a topic's modules work) and is
saved as a file (its parts joined) in a folder private to the kernel.

``checks(topic, ids, task)`` runs those of the topic's checks, the very ones ``llm-grader
check`` runs, against that folder in a sandboxed child process (``runner.run_topic``, once
per state of the code): a task's test cell sits right under the task's code and runs that
task's checks. It prints a pass/fail list on stdout and returns the points the listed checks
earned. It never writes to stderr and never raises (nbgrader scores such a cell 0, and a
traceback could show the test cell's hidden part); when no check ran, the cell scores 0 and
says why. That is for the learner's own kernel: in nbgrader's grading kernel it runs nothing,
and the grade comes from the instructor's side (``grader.build.nbgrader_grading``), which no
cell can reach.
"""

from __future__ import annotations

import os
import time

from grader.run import notebook_modules
from grader.run.notebook_modules import _state, code_root, define_module  # noqa: F401  (the kernel API)

# The limits of a notebook's check run, the same for every learner of a class (nbgrader
# grades one notebook after another, so what one learner's run costs, everyone waits):
# one time budget for all of a topic's checks together, and the memory cap of `llm-grader
# score`. nbgrader_config.py sets them; these are the defaults.
TOPIC_BUDGET_S = 240.0
MEMORY_MB = 4096
BUDGET_ENV = "LLM_GRADER_TOPIC_BUDGET_S"
MEMORY_ENV = "LLM_GRADER_MEMORY_MB"

_runs: dict[tuple, dict] = {}
_spent: dict[str, float] = {}  # code folder -> seconds its check runs took in this pass
_last_task: dict[str, int] = {}  # code folder -> the task of the last check cell run


def load_ipython_extension(ipython) -> None:
    """``%load_ext grader.build.notebook``: registers the ``%%module`` cell magic."""
    notebook_modules.register_module_magic(ipython)


_quiet = notebook_modules.quiet


def limits() -> tuple[float, int]:
    """(seconds for all of a topic's checks, MB of address space) from the environment."""
    return (
        float(os.environ.get(BUDGET_ENV) or TOPIC_BUDGET_S),
        int(os.environ.get(MEMORY_ENV) or MEMORY_MB),
    )


def run(topic: str, only=None) -> dict:
    """The outcome of ``runner.run_topic`` for the current code (cached per state of the code
    and set of checks): all of the topic's checks, or just the ids ``only``. The runs of one
    pass through the notebook share one time budget (see :func:`checks`)."""
    from grader.core import topics
    from grader.run import runner, sandbox

    topic = topics.resolve_topic(topic)
    root = code_root()
    key = (topic, notebook_modules.digest(root), None if only is None else tuple(only))
    if key not in _runs:
        budget, memory = limits()
        left = budget - _spent.get(str(root), 0.0)
        if left <= 0:
            return {
                "checks": [],
                "log": "",
                "error": f"this notebook's time budget ({budget:g} s for all of its checks) was used "
                "up by the check cells above: an endless loop or very slow code there",
            }
        print(
            f"Running {'the' if only is None else len(only)} checks of {topic} on this "
            "notebook's modules…",
            flush=True,
        )
        start = time.perf_counter()
        _runs[key] = runner.run_topic(
            topic,
            target=str(root),
            budget_s=round(left, 1),
            limits=sandbox.Limits(memory_mb=memory or None),
            only=only,
        )
        seconds = time.perf_counter() - start
        _spent[str(root)] = _spent.get(str(root), 0.0) + seconds
        print(f"(done in {seconds:.1f} s)", flush=True)
    return _runs[key]


def _line(check: dict) -> str:
    mark = "PASS" if check["passed"] else "FAIL"
    title = check["title"] + (" (hidden)" if check["hidden"] else "")
    text = f"  {mark} {check['points']:g} pt  {title}"
    return text if check["passed"] else f"{text}\n         {check['message']}"


def results(outcome: dict, ids) -> tuple[list[str], float]:
    """The pass/fail lines of the listed checks and the points they earned (0 for unknown ids)."""
    by_id = {c["id"]: c for c in outcome["checks"]}
    lines, earned = [], 0.0
    for check_id in dict.fromkeys(ids):
        check = by_id.get(check_id)
        if check is None:
            lines.append(f"  FAIL  {check_id.split('::')[-1]}: this check did not run (0 points)")
            continue
        lines.append(_line(check))
        earned += check["points"] if check["passed"] else 0.0
    if outcome.get("error"):
        lines.append(f"Problem while checking: {outcome['error']}")
    return lines, round(earned, 6)


def score(outcome: dict, ids) -> float:
    """Print the listed checks' results; the points they earned (0 for unknown ids)."""
    lines, earned = results(outcome, ids)
    for line in lines:
        print(line)
    return earned


AUTOGRADE_ENV = "NBGRADER_EXECUTION"  # nbgrader sets it to "autograde" for the grading kernel
GRADED_OUTSIDE = (
    "Graded outside this kernel: nbgrader's autograde runs the checks on the "
    "module cells itself and writes their results here."
)


def checks(topic: str, ids, task: int | None = None) -> float:
    """Points earned by the checks ``ids`` ('test_bpe.py::test_round_trip', ...) of ``topic``,
    run on the modules as they stand (a task's check cell sits under its code, so the cells
    below it have not run yet). The check cells of one pass through the notebook, task after
    task, share one time budget: a cell whose ``task`` is not after the last one run starts a
    new pass (a learner re-running a cell).

    In nbgrader's grading kernel nothing runs: whatever this kernel computes, a learner's
    cell could have changed it, so the instructor's side (``nbgrader_grading.TrustedScores``)
    runs the checks and replaces this cell's output."""
    if os.environ.get(AUTOGRADE_ENV) == "autograde":
        print(GRADED_OUTSIDE)
        return 0.0
    with _quiet():
        try:
            root = str(code_root())
            if task is not None:
                if task <= _last_task.get(root, 0):
                    _spent.pop(root, None)
                _last_task[root] = task
            ids = list(dict.fromkeys(ids))
            if not ids:
                print("This task's checks run when the notebook is graded.")
                return 0.0
            return score(run(topic, only=ids), ids)
        except Exception as exc:  # never a traceback: it would show this cell's hidden part
            print(f"The checks could not run ({type(exc).__name__}: {exc}); 0 points.")
            return 0.0
