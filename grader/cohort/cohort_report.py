"""What ``llm-grader score`` writes: grades, per-learner feedback, Gradescope files, a report."""

from __future__ import annotations

import csv
import statistics
from collections import defaultdict
from pathlib import Path

from rich.markup import escape
from rich.table import Table

from grader.core import records, topics
from grader.core.results import GRADESCOPE_VISIBILITIES

NO_FILES = "no files for this topic"  # a topic the learner handed in nothing for


def _pts(x: float) -> str:
    return f"{x:g}"


def write_all(results: list[dict], out: Path, hidden_visibility: str = "after_published") -> None:
    """Write grades (CSV, JSON), feedback per learner, Gradescope results and the cohort report."""
    results = sorted(results, key=lambda r: r["learner"])
    topic_names = sorted({t for r in results for t in r["topics"]}, key=topics.TOPICS.index)
    write_grades(results, topic_names, out)
    feedback = out / "feedback"
    gradescope = out / "gradescope"
    feedback.mkdir(parents=True, exist_ok=True)
    for r in results:
        (feedback / f"{r['learner']}.md").write_text(feedback_markdown(r))
        folder = gradescope / r["learner"]
        folder.mkdir(parents=True, exist_ok=True)
        records.write_json(folder / "results.json", gradescope_json(r, hidden_visibility))
    write_report(results, out)


def write_grades(results, topic_names, out: Path) -> None:
    """grades.csv and grades.json: one row per learner, a column per topic and the total."""
    with (out / "grades.csv").open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["learner", *topic_names, "total", "max_total", "problems"])
        for r in results:
            writer.writerow(
                [
                    r["learner"],
                    *[_pts(r["topics"].get(t, {}).get("score", 0)) for t in topic_names],
                    _pts(r["score"]),
                    _pts(r["max_score"]),
                    "; ".join(_reasons(r)),
                ]
            )
    grades = {
        r["learner"]: {
            "score": r["score"],
            "max_score": r["max_score"],
            "topics": {
                t: {k: v for k, v in e.items() if k in ("score", "max_score", "error", "missing")}
                for t, e in r["topics"].items()
            },
            "problems": r["problems"],
        }
        for r in results
    }
    records.write_json(out / "grades.json", grades)


def _reasons(r: dict) -> list[str]:
    reasons = list(r["problems"])
    for t, e in r["topics"].items():
        if e.get("error"):
            reasons.append(f"{t}: {e['error']}")
        if e.get("missing"):
            reasons.append(f"{t}: missing {', '.join(e['missing'])}")
    return reasons


def feedback_markdown(r: dict) -> str:
    """A learner's feedback: per topic, score and each failed check's message."""
    lines = [
        f"# Feedback for {r['learner']}",
        "",
        f"**Total: {_pts(r['score'])} / {_pts(r['max_score'])} points**",
        "",
    ]
    for problem in r["problems"]:
        lines.append(f"- Note: {problem}")
    for topic, entry in r["topics"].items():
        lines += [
            "",
            f"## {topic} — {topics.TITLES.get(topic, '')}: "
            f"{_pts(entry['score'])} / {_pts(entry['max_score'])}",
            "",
        ]
        if entry.get("error"):
            lines += [f"**Problem:** {entry['error']}", ""]
        if entry.get("missing"):
            lines += [f"**Missing files:** {', '.join(entry['missing'])}", ""]
        lines += ["| check | points | result | what to fix |", "|---|---:|:---:|---|"]
        for c in entry["checks"]:
            title = c["title"].replace("|", "\\|") + (" *(hidden)*" if c["hidden"] else "")
            message = "" if c["passed"] else c["message"].replace("|", "\\|").replace("\n", " ")
            lines.append(
                f"| {title} | {_pts(c['points'])} | {'✔' if c['passed'] else '✘'} | {message} |"
            )
        if entry["score"] < entry["max_score"]:
            lines += [
                "",
                f"Hints: `llm-grader hint {topic[1]}` lists the tasks; "
                f"`llm-grader hint {topic[1]} K` shows the next hint for task K.",
            ]
    return "\n".join(lines) + "\n"


def gradescope_json(r: dict, hidden_visibility: str = "after_published") -> dict:
    """Gradescope's results.json: one test per check (numbered topic.check), the hidden ones
    with ``hidden_visibility``; the learner's output (pytest logs) is never shown."""
    if hidden_visibility not in GRADESCOPE_VISIBILITIES:
        raise ValueError(f"hidden_visibility must be one of {', '.join(GRADESCOPE_VISIBILITIES)}")
    tests = []
    for topic, entry in r["topics"].items():
        for i, c in enumerate(entry["checks"], 1):
            tests.append(
                {
                    "name": f"{topic}: {c['title']}" + (" (hidden)" if c["hidden"] else ""),
                    "number": f"{topics.number(topic)}.{i}",
                    "score": c["points"] if c["passed"] else 0,
                    "max_score": c["points"],
                    "status": "passed" if c["passed"] else "failed",
                    "output": c["message"],
                    "visibility": hidden_visibility if c["hidden"] else "visible",
                }
            )
    return {
        "score": r["score"],
        "execution_time": r.get("duration_s", 0),
        "tests": tests,
        "output": "; ".join(_reasons(r)) or "graded by llm-grader",
        "stdout_visibility": "hidden",
    }


def write_report(results: list[dict], out: Path) -> None:
    """report.md with the score histogram (report.png), pass rates and the slowest checks."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    percents = [100 * r["score"] / r["max_score"] if r["max_score"] else 0 for r in results]
    fig, ax = plt.subplots(figsize=(6, 3.2))
    ax.hist(percents, bins=range(0, 101, 10), color="#4c72b0", edgecolor="white")
    ax.set_xlabel("score (% of the points)")
    ax.set_ylabel("learners")
    ax.set_title(f"Cohort scores ({len(results)} learners)")
    fig.tight_layout()
    fig.savefig(out / "report.png", dpi=120)
    plt.close(fig)

    passed, durations, titles = defaultdict(list), defaultdict(list), {}
    left_out: dict[str, int] = defaultdict(int)  # topic -> learners with no files for it
    for r in results:
        for topic, entry in r["topics"].items():
            if entry.get("error") == NO_FILES:
                left_out[topic] += 1  # an empty hand-in says nothing about a check's difficulty
                continue
            for c in entry["checks"]:
                key = (topic, c["id"])
                passed[key].append(c["passed"])
                titles[key] = c["title"]
                if c["duration_s"]:
                    durations[key].append(c["duration_s"])
    rates = sorted(((sum(v) / len(v), k) for k, v in passed.items()), key=lambda x: (x[0], x[1]))
    slow = sorted(((statistics.mean(v), k) for k, v in durations.items()), reverse=True)
    lines = [
        "# Cohort report",
        "",
        f"{len(results)} learners graded.",
        "",
        "![score histogram](report.png)",
        "",
    ]
    if percents:
        lines += [
            f"Median score {statistics.median(percents):.0f}%, "
            f"mean {statistics.mean(percents):.0f}%.",
            "",
        ]
    lines += ["## Learners", "", "| learner | score | problems |", "|---|---:|---|"]
    for r in sorted(results, key=lambda r: -r["score"]):
        lines.append(
            f"| {r['learner']} | {_pts(r['score'])}/{_pts(r['max_score'])} | "
            f"{'; '.join(_reasons(r)).replace('|', '/')[:200]} |"
        )
    lines += ["", "## Hardest checks (lowest pass rate first)", ""]
    if left_out:
        order = sorted(left_out, key=lambda t: topics.TOPICS.index(t) if t in topics.TOPICS else 99)
        who = ", ".join(f"{left_out[t]} for {t}" for t in order)
        note = (
            "Pass rates count only learners who handed in files for the topic; left out "
            f"(no files): {who}."
        )
        lines += [note, ""]
    lines += ["| topic | check | pass rate |", "|---|---|---:|"]
    for rate, (topic, cid) in rates[:15]:
        lines.append(f"| {topic} | {titles[(topic, cid)].replace('|', '/')} | {rate:.0%} |")
    lines += [
        "",
        "## Slowest checks (mean seconds)",
        "",
        "| topic | check | seconds |",
        "|---|---|---:|",
    ]
    for seconds, (topic, cid) in slow[:10]:
        lines.append(f"| {topic} | {titles[(topic, cid)].replace('|', '/')} | {seconds:.2f} |")
    (out / "report.md").write_text("\n".join(lines) + "\n")


def print_summary(console, results: list[dict]) -> None:
    """The cohort's grades as a table on the console."""
    table = Table(title="Cohort grades", title_justify="left")
    table.add_column("learner")
    table.add_column("score", justify="right")
    table.add_column("problems")
    for r in sorted(results, key=lambda r: r["learner"]):
        table.add_row(
            escape(r["learner"]),
            f"{_pts(r['score'])}/{_pts(r['max_score'])}",
            escape("; ".join(_reasons(r))[:120]),
        )
    console.print(table)
