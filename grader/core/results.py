"""Turning pytest reports into learner-facing check records, and records into scores."""

from __future__ import annotations

from pathlib import Path

from grader.core.records import CheckRecord
from grader.core.target import LearnerImportError

# a message is shown in full (check prints it whole); this bounds only runaway reprs
MESSAGE_LIMIT = 2000
# when Gradescope shows a test's result (results.json "visibility"); hidden checks default to the first
GRADESCOPE_VISIBILITIES = ("after_published", "visible", "hidden", "after_due_date")


def new_record(item, points: float, hidden: bool) -> CheckRecord:
    """The record of a collected check, before it runs (not run, no points)."""
    path = Path(item.path)
    function = getattr(item, "function", None)
    doc = (function.__doc__ or "").strip() if function else ""
    title = (
        doc.splitlines()[0] if doc else item.originalname.removeprefix("test_").replace("_", " ")
    )
    if hasattr(item, "callspec"):
        title += f" [{item.callspec.id}]"
    return {
        "id": f"{path.name}::{item.name}",
        "topic": path.parent.name,
        "title": title,
        "points": points,
        "passed": False,
        "hidden": hidden,
        "message": "not run",
        "duration_s": 0.0,
    }


def update_record(record: CheckRecord, report, call, timeout_s: float | None = None) -> None:
    """Fill ``record`` from one phase's report. ``timeout_s``: the time limit pytest-timeout
    armed for the check (the plugin sees it); a failure that took that long is the timeout,
    whatever exception a library turned it into."""
    if report.passed and report.when == "call":
        record["passed"] = True
        record["message"] = ""
    elif report.skipped:
        record["passed"] = False
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        record["message"] = f"skipped: {reason.removeprefix('Skipped: ')}"
    elif report.failed:
        record["passed"] = False
        if timeout_s and report.duration >= 0.98 * timeout_s:
            record["message"] = timeout_message(timeout_s)
        else:
            record["message"] = failure_message(
                call.excinfo, hidden=record["hidden"], when=report.when
            )


def _clip(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 1] + "…"


def _learner_location(excinfo) -> str:
    """' (bpe.py, line 42)' for the innermost frame outside the grader and the checks."""
    from grader.core import target

    root = str(target.current_target().root)
    for entry in reversed(excinfo.traceback):
        name = str(entry.path)
        if name.startswith(root):
            return f" ({Path(name).name}, line {entry.lineno + 1})"
    return ""


def timeout_message(seconds: float) -> str:
    """What a learner reads when a check ran out of time."""
    return f"timed out after {seconds:g} s: an endless loop, or far too slow an algorithm"


def failure_message(excinfo, hidden: bool, when: str = "call") -> str:
    """The learner-facing message for a failed check (hidden checks never show source)."""
    if excinfo is None:
        return "failed"
    exc = excinfo.value
    kind = type(exc).__name__
    text = str(exc)
    if isinstance(exc, NotImplementedError):
        return _clip(f"not implemented yet: {text}" if text else "not implemented yet")
    if isinstance(exc, LearnerImportError) or kind == "Failed":  # Failed: pytest.fail(message)
        return _clip(text)
    if isinstance(exc, AssertionError):
        head, _, detail = text.partition("\nassert ")
        if not head.startswith("assert ") and head:
            return _clip(head)
        if hidden:
            return (
                "a hidden check failed (no details: it checks behaviour the visible tests do not)"
            )
        return _clip(head or ("assert " + detail))
    prefix = "error while setting up the check: " if when == "setup" else ""
    if isinstance(exc, MemoryError):  # str() is empty: say what happened
        text = text or (
            "out of memory: the code asked for more than the check's memory limit "
            "(a huge array, or a list that never stops growing?)"
        )
    return _clip(f"{prefix}{kind}: {text}{_learner_location(excinfo)}")


def collect_error_message(report) -> str:
    """The last error line of a check file that did not collect."""
    text = str(report.longrepr)
    last = [line for line in text.splitlines() if line.startswith("E ")]
    return _clip(
        last[-1][2:].strip() if last else text.splitlines()[-1] if text else "collection failed"
    )


def summarize(checks: list[dict]) -> dict:
    """Group check records by topic with scores."""
    topics: dict[str, dict] = {}
    for check in checks:
        topic = topics.setdefault(check["topic"], {"score": 0.0, "max_score": 0.0, "checks": []})
        topic["max_score"] += check["points"]
        topic["score"] += check["points"] if check["passed"] else 0.0
        topic["checks"].append({k: v for k, v in check.items() if k != "topic"})
    return {
        "score": sum(t["score"] for t in topics.values()),
        "max_score": sum(t["max_score"] for t in topics.values()),
        "topics": topics,
    }
