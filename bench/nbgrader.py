"""The nbgrader course: autograde time per notebook, and its score next to `llm-grader check`.

    python bench/nbgrader.py

Builds the course in a temporary folder (`llm-grader nbgrader build`), releases every ready
topic, submits the reference filled into the release notebook, and times `nbgrader autograde`
of that one notebook (kernel start, module cells, the topic's checks, nbgrader's own work).
The peer, measured in the same run, is the pytest path on the same code
(`runner.run_topic`, what `llm-grader check` runs); the ratio is autograde time over it.
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import nbformat  # noqa: E402

from grader.build import nbgrader_course  # noqa: E402
from grader.core import topics  # noqa: E402
from grader.run import runner  # noqa: E402

STUDENT = "reference"


def _nbgrader(course: Path, *args: str) -> None:
    done = nbgrader_course.nbgrader(course, *args)
    if done.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{done.stderr[-2000:]}")


def run() -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp) / "course"
        manifest = nbgrader_course.build(course, say=lambda text: None)
        for topic, checks in manifest["topics"].items():
            _nbgrader(course, "generate_assignment", topic)
            release = nbformat.read(course / "release" / topic / f"{topic}.ipynb", as_version=4)
            folder = course / "submitted" / STUDENT / topic
            folder.mkdir(parents=True)
            nbformat.write(
                nbgrader_course.fill_in(release, topics.solutions_dir()), folder / f"{topic}.ipynb"
            )
            start = time.perf_counter()
            _nbgrader(course, "autograde", topic, "--student", STUDENT)
            autograde_s = time.perf_counter() - start
            start = time.perf_counter()
            outcome = runner.run_topic(topic, target="solutions")
            check_s = time.perf_counter() - start
            rows.append(
                {
                    "topic": topic,
                    "checks": len(checks),
                    "cells": len({c["task"] for c in checks}),
                    "max": sum(c["points"] for c in checks),
                    "autograde_s": autograde_s,
                    "check_s": check_s,
                    "pytest_score": sum(c["points"] for c in outcome["checks"] if c["passed"]),
                }
            )
        _nbgrader(course, "export", "--to", str(Path(tmp) / "grades.csv"))
        with open(Path(tmp) / "grades.csv", newline="") as f:
            scores = {r["assignment"]: float(r["raw_score"]) for r in csv.DictReader(f)}
        for row in rows:
            row["notebook_score"] = scores[row["topic"]]
        for topic, reason in manifest["failed"].items():
            rows.append({"topic": topic, "failed": reason})
    return rows


def markdown() -> str:
    lines = [
        "## nbgrader: autograde time per notebook (reference submission)",
        "",
        (
            "`nbgrader autograde` of one notebook per topic (the reference filled into the release), "
            "next to the pytest path on the same code (`llm-grader check`'s run); ratio = autograde "
            "time / check time. Scores: the gradebook (`nbgrader export`) vs the pytest path."
        ),
        "",
        "| topic | checks | test cells | autograde | `llm-grader check` | ratio | notebook score | check score |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in run():
        if "failed" in row:
            lines.append(f"| {row['topic']} | not built: {row['failed'][:80]} |||||||")
            continue
        lines.append(
            f"| {row['topic']} | {row['checks']} | {row['cells']} | {row['autograde_s']:.1f} s | "
            f"{row['check_s']:.1f} s | {row['autograde_s'] / row['check_s']:.1f}× | "
            f"{row['notebook_score']:g} / {row['max']:g} | {row['pytest_score']:g} / {row['max']:g} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown())
