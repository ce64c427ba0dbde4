"""Run a topic's checks against a target in a child process and read back the results."""

from __future__ import annotations

import os
import secrets
import signal
import sys
import threading
from dataclasses import replace
from pathlib import Path

from grader.core import offline, results, topics
from grader.run import plugin, sandbox

INI = Path(__file__).with_name("pytest.ini")
BUDGET_GRACE_S = 10.0  # past the budget, for a run stuck before its first check (an import)


def check_paths(topic: str, include_hidden: bool = True) -> list[Path]:
    """The visible tests (from this checkout's exercises/) and, if present, the hidden checks."""
    paths = [p for p in [topics.exercises_dir() / topic] if p.is_dir() and any(p.glob("test_*.py"))]
    hidden = topics.checks_dir() / topic
    if include_hidden and hidden.is_dir() and any(hidden.glob("test_*.py")):
        paths.append(hidden)
    return paths


def check_files(topic: str, include_hidden: bool = True) -> list[Path]:
    """A topic's check files: visible tests, then (optionally) hidden checks."""
    return sorted(f for p in check_paths(topic, include_hidden) for f in Path(p).glob("test_*.py"))


def pytest_command(test_files, target: str, extra=()) -> list[str]:
    """The pytest command line a check process runs."""
    return [
        sys.executable,
        "-P",
        "-m",
        "pytest",
        *map(str, test_files),
        "-c",
        str(INI),
        "--rootdir",
        str(topics.project_root()),
        "--target",
        str(target),
        "-q",
        "--no-header",
        "-rN",
        *extra,
    ]


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "the check process ran out of time and was stopped"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        why = {
            "SIGKILL": " (often: out of memory)",
            "SIGXFSZ": " (it wrote too large a file)",
            "SIGSEGV": " (a crash in native code)",
        }.get(name, "")
        return f"the check process was killed by {name}{why}"
    return f"the check process exited with status {code} before its checks finished"


def _read_pipe(fd: int, sink: list) -> None:
    with os.fdopen(fd, "r", encoding="utf-8", errors="replace") as f:
        sink.append(f.read())


def run_topic(
    topic: str,
    target: str = "exercises",
    include_hidden: bool = True,
    limits: sandbox.Limits | None = None,
    extra=(),
    env: dict | None = None,
    per_file: bool = False,
    budget_s: float | None = None,
    eager_split: bool = False,
    only=None,
) -> dict:
    """Run one topic's checks in isolated child processes.

    Returns {"checks": [...], "error": str|None, "log": str}. With ``per_file`` a crash or hang
    in one part of the learner's code costs only the checks of that file: the files run in one
    process first (one interpreter start, one torch import), and only when that run breaks
    (crash, hang, tampering, a module that does not import) does every file run again in its
    own process with its own time limit, whose results then stand. ``eager_split`` gives every
    file its own process from the start (the old way; bench/cohort.py compares the two). With
    ``budget_s`` (one process only)
    all the checks together get that many seconds: each check's limit is cut to what is left,
    the checks after it are skipped, and the process is stopped soon after the budget.
    With ``only`` (check ids as in the results, 'test_trends.py::test_fit[1]') just those
    checks run (one process); ids of no check file are left out.
    """
    files = check_files(topic, include_hidden)
    if only is not None:
        by_name = {f.name: f for f in files}
        files = [
            f"{by_name[file]}::{name}"
            for file, _, name in (i.partition("::") for i in dict.fromkeys(only))
            if file in by_name and name
        ]
        per_file = False
    if not files:
        return {"checks": [], "error": f"no checks found for {topic}", "log": ""}
    if budget_s:
        if per_file:
            raise ValueError("a time budget covers one process: per_file=False")
        limits = limits or sandbox.Limits()
        limits = replace(limits, timeout_s=min(limits.timeout_s, budget_s + BUDGET_GRACE_S))
        extra = (*extra, "--budget-s", str(budget_s))
    if not per_file:
        outcome = _run_files(files, target, limits, extra, env)
        stopped = _describe_exit(None)
        if budget_s and outcome["error"] and stopped in outcome["error"]:
            why = (
                f"the checks used up this topic's time budget ({budget_s:g} s for all of them) "
                "and were stopped: an endless loop or very slow code, perhaps at the top "
                "level of a module (it runs on import)"
            )
            outcome["error"] = outcome["error"].replace(stopped, why)
            for c in outcome["checks"]:
                c["message"] = c["message"].replace(stopped, why)
        return outcome
    if not eager_split:
        limits = limits or sandbox.Limits()
        together = replace(limits, timeout_s=limits.timeout_s * len(files))  # as if split
        whole = _run_files(files, target, together, extra, env)
        if whole["error"] is None:
            return whole
    parts = [_run_files([f], target, limits, extra, env) for f in files]
    errors = [f"{f.name}: {p['error']}" for f, p in zip(files, parts) if p["error"]]
    return {
        "checks": [c for p in parts for c in p["checks"]],
        "error": "; ".join(errors) or None,
        "log": "\n".join(p["log"] for p in parts),
    }


def child_env(env: dict | None = None) -> dict:
    """The environment of a check process: ``env`` (or this one's), offline, CPU only."""
    out = offline.cpu_only(offline.apply(dict(env if env is not None else os.environ)))
    out["PYTHONDONTWRITEBYTECODE"] = "1"
    out.pop("LLM_GRADER_TARGET", None)
    # the child runs inside the target: it must use this run's workshop, not find its own
    out["LLM_WORKSHOP_ROOT"] = str(topics.project_root())
    return out


def _run_files(files, target, limits, extra, env) -> dict:
    """One child process for ``files``; results over a pipe, signed with a fresh key that the
    child reads before any learner code is imported."""
    limits = limits or sandbox.Limits()
    root = topics.resolve_target(target).root
    if str(target) not in ("exercises", "solutions"):
        target = str(root)  # the child runs inside the target: a relative path would not resolve
    secret = secrets.token_bytes(32)
    results_r, results_w = os.pipe()
    secret_r, secret_w = os.pipe()
    os.write(secret_w, secret)
    os.close(secret_w)
    received: list[str] = []
    reader = threading.Thread(target=_read_pipe, args=(results_r, received), daemon=True)
    reader.start()
    cmd = pytest_command(
        files, target, (*extra, "--results-fd", str(results_w), "--secret-fd", str(secret_r))
    )
    try:
        outcome = sandbox.run_isolated(
            cmd, cwd=root, env=child_env(env), limits=limits, pass_fds=(results_w, secret_r)
        )
    finally:
        os.close(results_w)
        os.close(secret_r)
    reader.join(30)
    data = plugin.read_channel(received[0] if received else "", secret)
    log = outcome.output + ("\n[output truncated]" if outcome.output_truncated else "")
    code = None if outcome.timed_out else outcome.returncode
    if data is None and outcome.sandbox_error:
        return {"checks": [], "error": outcome.sandbox_error, "log": log}
    if data is None:
        return {"checks": [], "error": _describe_exit(code), "log": log}
    error = None
    if data["collect_errors"]:
        error = "; ".join(f"{e['nodeid']}: {e['message']}" for e in data["collect_errors"])
    if data.get("tampered"):
        error = "the code under test changed the test runner or the grader"
    # exit 0 with checks never run: the learner's code ended the process (os._exit, sys.exit)
    unfinished = (
        code == 0
        and any(c["message"] == "not run" for c in data["checks"])
        and "--collect-only" not in extra
    )
    if code not in (0, 1) or unfinished:
        for c in data["checks"]:
            if c["message"] == "not run":
                c["message"] = f"not run: {_describe_exit(code)}"
        error = error or _describe_exit(code)
    return {"checks": data["checks"], "error": error, "log": log}


def run_checks(
    topic_list, target: str = "exercises", include_hidden: bool = True, on_topic=None, **kwargs
) -> dict:
    """Run several topics, one child process each; returns the JSON report structure."""
    checks, errors, logs = [], {}, {}
    for topic in topic_list:
        outcome = run_topic(topic, target, include_hidden, **kwargs)
        logs[topic] = outcome["log"]
        for c in outcome["checks"]:
            c["topic"] = topic
        checks.extend(outcome["checks"])
        if outcome["error"]:
            errors[topic] = outcome["error"]
        if on_topic:
            on_topic(topic, outcome)
    report = results.summarize(checks)
    for topic in topic_list:
        report["topics"].setdefault(topic, {"score": 0.0, "max_score": 0.0, "checks": []})
        if topic in errors:
            report["topics"][topic]["error"] = errors[topic]
        report["topics"][topic]["log"] = logs[topic]  # pytest's output, shown by check -v
    report["target"] = str(target)
    return report
