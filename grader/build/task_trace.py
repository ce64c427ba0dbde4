"""Which README task each check exercises: the checks run once on an instrumented reference.

In a copy of the reference, every ``### BEGIN SOLUTION (task K)`` line becomes a call that
records task K for the check running at that moment (pytest names it in
``PYTEST_CURRENT_TEST``). A check belongs to the highest-numbered task it reaches: tasks build
on earlier ones (``generate``, task 8, calls ``sample_next_token``, task 7), so the last one
reached is the one it tests. The same run proves that the reference passes every check.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from grader.core import regions, topics
from grader.run import runner

TRACE_ENV = "LLM_GRADER_TASK_TRACE"
_recorded: set = set()


class TraceError(RuntimeError):
    """The reference does not pass its own checks, so no course can be built from it."""


def hit(task: int) -> None:
    """Record that the running check reached the solution region of ``task`` (once per pair)."""
    nodeid = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" (", 1)[0]
    if (nodeid, task) in _recorded or not nodeid:
        return
    _recorded.add((nodeid, task))
    with open(os.environ[TRACE_ENV], "a", encoding="utf-8") as f:
        f.write(json.dumps([nodeid, task]) + "\n")


def instrument(source: str) -> str:
    """``source`` with each region's BEGIN line replaced by a ``hit(K)`` call (same indent)."""
    lines = source.splitlines(keepends=True)
    for i, line in enumerate(lines):
        task = regions.task_of(line)
        if task is not None:
            indent = line[: len(line) - len(line.lstrip())]
            lines[i] = (
                f"{indent}__import__('grader.build.task_trace').build.task_trace.hit({task})\n"
            )
    return "".join(lines)


def check_id(nodeid: str) -> str:
    """'exercises/t1/test_bpe.py::Class::test_x[a]' -> 'test_bpe.py::test_x[a]' (as in results)."""
    parts = nodeid.split("::")
    return f"{Path(parts[0]).name}::{parts[-1]}"


def trace_topic(topic: str, workdir: Path) -> list[dict]:
    """The topic's check records (id, title, points, hidden, ...), each with the ``task`` it tests.

    Raises TraceError unless every check passes on the reference. A check that reaches no
    region (its work was done by a fixture shared with an earlier check) gets the task of
    the nearest check before it in the same file that reached one.
    """
    target = Path(workdir) / f"trace-{topic}"
    shutil.copytree(
        topics.solutions_dir() / topic, target / topic, ignore=shutil.ignore_patterns("__pycache__")
    )
    for path in (target / topic).rglob("*.py"):
        path.write_text(instrument(path.read_text(encoding="utf-8")), encoding="utf-8")
    log = target / "trace.jsonl"
    log.touch()
    env = dict(os.environ, **{TRACE_ENV: str(log)})
    outcome = runner.run_topic(topic, target=str(target), env=env)
    failed = [f"{c['id']}: {c['message']}" for c in outcome["checks"] if not c["passed"]]
    if outcome["error"] or failed or not outcome["checks"]:
        detail = outcome["error"] or "; ".join(failed[:5]) or "no checks ran"
        raise TraceError(f"{topic}: the reference does not pass its checks ({detail})")
    reached: dict[str, set[int]] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        nodeid, task = json.loads(line)
        reached.setdefault(check_id(nodeid), set()).add(int(task))
    checks, previous = [], {}
    for check in outcome["checks"]:
        file = check["id"].split("::")[0]
        tasks = reached.get(check["id"])
        task = max(tasks) if tasks else previous.get(file)
        if task is None:
            raise TraceError(
                f"{topic}: {check['id']} reaches no solution region, so it tests "
                "no task; give it a task's function to call"
            )
        previous[file] = task
        checks.append({**check, "task": task})
    return checks
