"""``llm-grader score``: grade a cohort of submissions, isolated, in parallel, resumable."""

from __future__ import annotations

import json
import os
import queue
import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
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


class Learner:
    """One submission being graded: its sandbox, and its topics' results as they come in."""

    def __init__(self, sub: submissions.Submission, settings: Settings, work: Path):
        self.sub = sub
        self.box = Path(tempfile.mkdtemp(prefix=f"{sub.learner}-", dir=work))
        self.copied = submissions.materialize(sub, self.box / "exercises", settings.topics)
        self.topics: dict[str, records.TopicResult] = {}
        self.seconds = 0.0

    def grade_topic(self, topic: str, settings: Settings, expected: list) -> float:
        """Grade one topic in this learner's sandbox; returns the seconds it took."""
        started = time.perf_counter()
        missing = [m for m in self.copied.missing if m.startswith(topic + "/")]
        if not any(
            f.startswith(topic + "/") and not f.endswith("__init__.py") for f in self.copied.copied
        ):
            outcome, missing = {"checks": [], "error": cohort_report.NO_FILES, "log": ""}, []
        else:
            outcome = runner.run_topic(
                topic,
                target=str(self.box / "exercises"),
                limits=settings.limits,
                per_file=True,
                env=_child_env(settings.jobs),
            )
        self.topics[topic] = _topic_result(expected, outcome, missing)
        seconds = time.perf_counter() - started
        self.seconds += seconds
        return seconds

    def grade(self, settings: Settings) -> records.LearnerGrade:
        """The learner's grade, every topic in the course's order (all must be graded)."""
        shutil.rmtree(self.box, ignore_errors=True)
        ordered = {t: self.topics[t] for t in settings.topics}
        return {
            "learner": self.sub.learner,
            "source": self.sub.source.name,
            "problems": self.copied.problems,
            "topics": ordered,
            "score": sum(t["score"] for t in ordered.values()),
            "max_score": sum(t["max_score"] for t in ordered.values()),
            "duration_s": round(self.seconds, 1),
        }


class Schedule:
    """Which (learner, topic) to grade next: learners open in a window of ``2 × jobs`` and,
    among the open learners' topics, the slowest expected goes first (longest processing
    time first), so the cores stay busy to the end while learners still finish, and are
    saved, a few at a time. A topic's expected time is the mean of what it took so far, this
    run and in the results already written; a topic not measured yet counts as slowest, so
    it is measured early."""

    def __init__(self, subs, settings: Settings, work: Path, seconds: dict[str, list[float]]):
        self.waiting = list(subs)
        self.settings = settings
        self.work = work
        self.window = 2 * settings.jobs
        self.open: list[tuple[Learner, list[str]]] = []  # learner, topics not started yet
        self.seconds = {t: list(seconds.get(t, ())) for t in settings.topics}
        self.lock = threading.Lock()

    def expected_s(self, topic: str) -> float:
        """The mean seconds ``topic`` took so far (infinite before its first)."""
        times = self.seconds[topic]
        return sum(times) / len(times) if times else float("inf")

    def next(self) -> tuple[Learner, str] | None:
        """The next unit to grade, or None when every unit has started."""
        with self.lock:
            while self.waiting and len(self.open) < self.window:
                self.open.append((Learner(self.waiting.pop(0), self.settings, self.work), []))
                self.open[-1][1].extend(self.settings.topics)
            if not self.open:
                return None
            # the slowest topic of the open learners; the earliest learner among equals
            units = [(i, t) for i, (_, left) in enumerate(self.open) for t in left]
            i, topic = max(units, key=lambda u: (self.expected_s(u[1]), -u[0]))
            learner, left = self.open[i]
            left.remove(topic)
            if not left:
                del self.open[i]
            return learner, topic

    def measured(self, topic: str, seconds: float) -> None:
        """Record that grading ``topic`` for one learner took ``seconds``."""
        with self.lock:
            self.seconds[topic].append(seconds)

    def stop(self) -> None:
        """Start nothing more (the units running finish)."""
        with self.lock:
            self.waiting.clear()
            self.open.clear()


def _grade_units(schedule: Schedule, checks: dict, done: queue.Queue) -> None:
    """A job: grade units until none is left; a learner whose last topic is graded goes to
    ``done`` (an unexpected error goes there too, so the run stops instead of waiting)."""
    try:
        while (unit := schedule.next()) is not None:
            learner, topic = unit
            schedule.measured(topic, learner.grade_topic(topic, schedule.settings, checks[topic]))
            with schedule.lock:
                complete = len(learner.topics) == len(schedule.settings.topics)
            if complete:
                done.put(learner)
    except BaseException as exc:  # noqa: BLE001 (re-raised by the main thread)
        done.put(exc)


def past_seconds(results_dir: Path) -> dict[str, list[float]]:
    """Per topic, how long it took each learner already graded (the sum of its checks'
    durations: a little less than the wall time this run measures, close enough to order by)."""
    out: dict[str, list[float]] = {}
    for path in sorted(results_dir.glob("*.json")):
        try:
            grade = json.loads(path.read_text())
            for topic, result in grade["topics"].items():
                out.setdefault(topic, []).append(sum(c["duration_s"] for c in result["checks"]))
        except (ValueError, KeyError, TypeError, AttributeError):
            continue  # a damaged result is regraded, not trusted for timings
    return out


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
        schedule = Schedule(todo, settings, work, past_seconds(results_dir))
        done: queue.Queue = queue.Queue()
        try:
            with (
                Progress(*columns, console=console, transient=False) as progress,
                ThreadPoolExecutor(max_workers=settings.jobs) as pool,
            ):
                task = progress.add_task("grading", total=len(todo), slowest="")
                for _ in range(settings.jobs):
                    pool.submit(_grade_units, schedule, checks, done)
                slowest = None
                try:
                    for _ in range(len(todo)):
                        learner = done.get()
                        if isinstance(learner, BaseException):
                            raise learner
                        result = learner.grade(settings)
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
                except BaseException:
                    schedule.stop()
                    raise
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
