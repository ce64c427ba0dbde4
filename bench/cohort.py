"""Cohort grading throughput: learners per minute at --jobs 1 and 2, next to one `check`.

    python bench/cohort.py

Four copies of the reference topic 1 are graded by `llm-grader score` (each learner in its
sandbox), timed in the same run as `llm-grader check 1` on the reference, which grades one
learner in a single process. The same run also times score's runner both ways, side by side:
one process per check file from the start (the old way) and one process per topic that splits
per file only when it breaks (the default).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grader.core import topics  # noqa: E402
from grader.run import runner  # noqa: E402

LEARNERS = 4
TOPIC = "t1_tokens"


def _timed(cmd) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def run() -> dict:
    grader = [sys.executable, "-m", "grader.cli"]
    with tempfile.TemporaryDirectory() as tmp:
        subs = Path(tmp) / "subs"
        for i in range(LEARNERS):
            shutil.copytree(topics.solutions_dir() / TOPIC, subs / f"learner{i}" / TOPIC)
        check_s = _timed([*grader, "check", "1", "--target", "solutions"])
        times = {}
        for jobs in (1, 2):
            out = Path(tmp) / f"out{jobs}"
            times[jobs] = _timed(
                [
                    *grader,
                    "score",
                    str(subs),
                    "--out",
                    str(out),
                    "--topics",
                    "1",
                    "--jobs",
                    str(jobs),
                ]
            )
        split = {}
        for eager in (True, False, True, False):  # interleaved: both see the same machine
            start = time.perf_counter()
            for i in range(LEARNERS):
                outcome = runner.run_topic(
                    TOPIC, target=str(subs / f"learner{i}"), per_file=True, eager_split=eager
                )
                assert outcome["error"] is None and all(c["passed"] for c in outcome["checks"])
            split.setdefault(eager, []).append(time.perf_counter() - start)
    return {
        "check_s": check_s,
        "jobs1_s": times[1],
        "jobs2_s": times[2],
        "eager_s": min(split[True]),
        "lazy_s": min(split[False]),
    }


def markdown() -> str:
    r = run()
    per_min = {j: LEARNERS * 60 / r[f"jobs{j}_s"] for j in (1, 2)}
    return "\n".join(
        [
            "## Cohort grading: `llm-grader score` throughput (topic 1)",
            "",
            f"{LEARNERS} copies of the reference; each learner sandboxed (one process per topic, one per "
            "check file only when that run breaks).",
            "",
            "| run | seconds | learners / minute | vs one `check` |",
            "|---|---:|---:|---:|",
            f"| `llm-grader check 1` (one learner, one process) | {r['check_s']:.1f} | "
            f"{60 / r['check_s']:.1f} | 1.0× |",
            f"| `score --jobs 1` | {r['jobs1_s']:.1f} | {per_min[1]:.1f} | "
            f"{r['jobs1_s'] / LEARNERS / r['check_s']:.1f}× per learner |",
            f"| `score --jobs 2` | {r['jobs2_s']:.1f} | {per_min[2]:.1f} | "
            f"{r['jobs2_s'] / LEARNERS / r['check_s']:.1f}× per learner |",
            "",
            f"Score's runner, {LEARNERS} learners, best of two interleaved rounds each:",
            "",
            "| runner | seconds | learners / hour / core | speed-up |",
            "|---|---:|---:|---:|",
            f"| a process per check file (old) | {r['eager_s']:.1f} | "
            f"{LEARNERS * 3600 / r['eager_s']:.0f} | 1.0× |",
            f"| a process per topic, split on failure | {r['lazy_s']:.1f} | "
            f"{LEARNERS * 3600 / r['lazy_s']:.0f} | {r['eager_s'] / r['lazy_s']:.2f}× |",
        ]
    )


if __name__ == "__main__":
    print(markdown())
