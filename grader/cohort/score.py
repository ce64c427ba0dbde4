"""``llm-grader score``: grade a cohort of submissions, isolated, in parallel, resumable."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from grader.cohort import cohort_report, similarity, submissions
from grader.core import records, topics
from grader.run import runner, sandbox


@dataclass(frozen=True)
class Settings:
    """How a cohort is graded: topics, parallel jobs, limits, whether to regrade."""

    topics: tuple[str, ...]
    jobs: int
    limits: sandbox.Limits
    force: bool = False
    hidden_visibility: str = "after_published"  # of hidden checks in Gradescope's results.json
    similarity: bool = True  # write similarity.md/.csv (never changes a score)


def default_jobs() -> int:
    """One learner per core, at most 4 (each check run uses about 0.5–1 GB)."""
    return max(1, min(os.cpu_count() or 1, 4))


def _child_env(jobs: int) -> dict:
    """Share the cores between parallel learners instead of oversubscribing them."""
    threads = str(max(1, (os.cpu_count() or 1) // jobs))
    return {**os.environ, "OMP_NUM_THREADS": threads, "MKL_NUM_THREADS": threads}


def catalog(topic_list) -> dict[str, list[dict]]:
    """Every check of each topic with its points, collected without running any learner code."""
    out = {}
    for topic in topic_list:
        outcome = runner.run_topic(topic, target="solutions", extra=("--collect-only",))
        out[topic] = outcome["checks"]
    return out


def grade_one(
    sub: submissions.Submission, settings: Settings, checks: dict, work: Path
) -> records.LearnerGrade:
    """Grade one learner in a fresh sandbox; every topic gets a score and, if needed, a reason."""
    started = time.perf_counter()
    box = Path(tempfile.mkdtemp(prefix=f"{sub.learner}-", dir=work))
    try:
        copied = submissions.materialize(sub, box / "exercises", settings.topics)
        result = {
            "learner": sub.learner,
            "source": sub.source.name,
            "problems": copied.problems,
            "topics": {},
        }
        for topic in settings.topics:
            missing = [m for m in copied.missing if m.startswith(topic + "/")]
            if not any(
                f.startswith(topic + "/") and not f.endswith("__init__.py") for f in copied.copied
            ):
                outcome, missing = {"checks": [], "error": cohort_report.NO_FILES, "log": ""}, []
            else:
                outcome = runner.run_topic(
                    topic,
                    target=str(box / "exercises"),
                    limits=settings.limits,
                    per_file=True,
                    env=_child_env(settings.jobs),
                )
            result["topics"][topic] = _topic_result(checks[topic], outcome, missing)
        result["score"] = sum(t["score"] for t in result["topics"].values())
        result["max_score"] = sum(t["max_score"] for t in result["topics"].values())
        result["duration_s"] = round(time.perf_counter() - started, 1)
        return result
    finally:
        shutil.rmtree(box, ignore_errors=True)


def _topic_result(
    expected: list[records.CheckRecord], outcome: dict, missing: list[str]
) -> records.TopicResult:
    """Scores per the catalog: a check that did not report is 0 with the topic's reason."""
    got = {c["id"]: c for c in outcome["checks"]}
    reason = outcome["error"] or "not run"
    checks = []
    for ref in expected:
        ran = got.get(ref["id"])
        # ids, titles and points come from the course; only the verdict comes from the run
        checks.append(
            {
                **ref,
                "passed": bool(ran and ran["passed"]),
                "message": ran["message"] if ran else f"not run: {reason}",
                "duration_s": ran["duration_s"] if ran else 0.0,
            }
        )
    score = sum(c["points"] for c in checks if c["passed"])
    entry = {"score": score, "max_score": sum(c["points"] for c in expected), "checks": checks}
    if outcome["error"]:
        entry["error"] = outcome["error"]
    if missing:
        entry["missing"] = missing
    return entry


def slowest_check(result: records.LearnerGrade) -> tuple[float, str, str] | None:
    """(seconds, learner, check id) of the slowest check of one learner's grade."""
    timed = [
        (c["duration_s"], result["learner"], c["id"])
        for t in result["topics"].values()
        for c in t["checks"]
    ]
    return max(timed, default=None)


def _describe_slowest(slowest: tuple[float, str, str] | None) -> str:
    if slowest is None:
        return ""
    seconds, learner, check_id = slowest
    return f"• slowest check so far: {check_id.split('::')[-1]} ({seconds:.1f} s, {learner})"


def run(submissions_dir: Path, out: Path, settings: Settings, console) -> list[dict]:
    """Grade every submission not graded yet, write the results and the cohort's reports."""
    subs = submissions.discover(submissions_dir)
    results_dir = out / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    todo = [s for s in subs if settings.force or not (results_dir / f"{s.learner}.json").exists()]
    console.print(
        f"{len(subs)} submissions, {len(subs) - len(todo)} already graded; "
        f"grading {len(todo)} with {settings.jobs} job(s)"
    )
    if todo:
        checks = catalog(settings.topics)
        work = Path(tempfile.mkdtemp(prefix="llm-grader-sandboxes-"))
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("learners • ETA"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[slowest]}"),
        )
        try:
            with (
                Progress(*columns, console=console, transient=False) as progress,
                ThreadPoolExecutor(max_workers=settings.jobs) as pool,
            ):
                task = progress.add_task("grading", total=len(todo), slowest="")
                futures = {pool.submit(grade_one, s, settings, checks, work): s for s in todo}
                slowest = None
                for future in as_completed(futures):
                    result = future.result()
                    records.write_json(results_dir / f"{result['learner']}.json", result)
                    slowest = max(
                        filter(None, [slowest, slowest_check(result)]), key=lambda s: s[0]
                    )
                    progress.update(
                        task,
                        advance=1,
                        description=f"graded {result['learner']}",
                        slowest=_describe_slowest(slowest),
                    )
        finally:
            shutil.rmtree(work, ignore_errors=True)
    results = [
        json.loads((results_dir / f"{s.learner}.json").read_text())
        for s in subs
        if (results_dir / f"{s.learner}.json").exists()
    ]
    cohort_report.write_all(results, out, settings.hidden_visibility)
    cohort_report.print_summary(console, results)
    if settings.similarity:
        started = time.perf_counter()
        flagged = {(m.a, m.b) for m in similarity.report(subs, settings.topics, out) if m.flagged}
        console.print(
            f"similarity.md: {len(flagged)} pair(s) of learners with unusually alike "
            f"code ({time.perf_counter() - started:.1f} s)"
        )
    return results


def resolve_topics(names) -> tuple[str, ...]:
    """The topics named (numbers or ids), or all of them."""
    return (
        tuple(topics.resolve_topic(n) for n in names) if names else tuple(topics.available_topics())
    )
