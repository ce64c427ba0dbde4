"""Run a topic's checks against a target in a child process and read back the results."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from grader import offline, results, topics

INI = Path(__file__).with_name("pytest.ini")


def check_paths(topic: str, include_hidden: bool = True) -> list[Path]:
    """The visible tests (from this checkout's exercises/) and, if present, the hidden checks."""
    paths = [p for p in [topics.exercises_dir() / topic] if p.is_dir() and any(p.glob("test_*.py"))]
    hidden = topics.checks_dir() / topic
    if include_hidden and hidden.is_dir() and any(hidden.glob("test_*.py")):
        paths.append(hidden)
    return paths


def pytest_command(paths, target: str, results_file: Path, extra=()) -> list[str]:
    test_files = sorted(str(f) for p in paths for f in Path(p).glob("test_*.py"))
    return [
        sys.executable, "-m", "pytest", *test_files,
        "-c", str(INI), "--rootdir", str(topics.project_root()),
        "--target", str(target), "--results-file", str(results_file),
        "-q", "--no-header", "-rN", *extra,
    ]


def _describe_exit(code: int) -> str:
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"the check process was killed by {name}"
    return f"the check process exited with status {code}"


def run_topic(topic: str, target: str = "exercises", include_hidden: bool = True,
              timeout: float | None = None, extra=()) -> dict:
    """Run one topic's checks; returns {"checks": [...], "error": str|None, "log": str}."""
    paths = check_paths(topic, include_hidden)
    if not paths:
        return {"checks": [], "error": f"no checks found for {topic}", "log": ""}
    with tempfile.TemporaryDirectory(prefix="llm-grader-") as tmp:
        results_file = Path(tmp) / "results.json"
        env = offline.apply(dict(os.environ))
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("LLM_GRADER_TARGET", None)
        try:
            proc = subprocess.run(
                pytest_command(paths, target, results_file, extra),
                cwd=topics.project_root(), env=env, capture_output=True, text=True,
                timeout=timeout, stdin=subprocess.DEVNULL,
            )
            log, code = proc.stdout + proc.stderr, proc.returncode
        except subprocess.TimeoutExpired as exc:
            log, code = f"{exc.stdout or ''}{exc.stderr or ''}", None
        data = json.loads(results_file.read_text()) if results_file.exists() else None
    error = None
    if data is None:
        error = "timed out" if code is None else _describe_exit(code)
        return {"checks": [], "error": error, "log": log}
    if data["collect_errors"]:
        error = "; ".join(f"{e['nodeid']}: {e['message']}" for e in data["collect_errors"])
    elif code not in (0, 1):
        crashed = [c for c in data["checks"] if c["message"] == "not run"]
        for c in crashed:
            c["message"] = f"not run: {_describe_exit(code) if code else 'timed out'}"
        if code is None or code < 0:
            error = _describe_exit(code) if code else "timed out"
    return {"checks": data["checks"], "error": error, "log": log}


def run_checks(topic_list, target: str = "exercises", include_hidden: bool = True,
               on_topic=None, **kwargs) -> dict:
    """Run several topics, one child process each; returns the JSON report structure."""
    checks, errors = [], {}
    for topic in topic_list:
        outcome = run_topic(topic, target, include_hidden, **kwargs)
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
    report["target"] = str(target)
    return report
