"""The warm worker vs a fresh interpreter per check run, in one run.

    OMP_NUM_THREADS=1 python bench/worker.py      # prints the section; --write puts it in RESULTS.md

1. A cohort of full seven-topic submissions (copies of the reference) graded by
   `llm-grader score --jobs 2` three ways: a fresh interpreter per check file (how `score`
   ran when issue 20 was filed), a fresh interpreter per topic (LLM_GRADER_WORKER=0), and
   forked from the warm worker: learners per hour per core, and the same scores every way.
2. `llm-grader check N --target solutions` per topic, both ways, each a fresh invocation
   (one run: it spawns either way, a zygote starts only for a second run), beside the
   import floor (a fresh interpreter importing torch, transformers and pytest); then each
   topic from a process whose worker is warm (a notebook kernel, or every topic after the
   first of one `check`/`score`), beside the checks' own time (the sum of their durations).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from grader.core import offline, topics  # noqa: E402

LEARNERS = 5
JOBS = 2
CHECK_TOPICS = ("t1_tokens", "t2_attention", "t6_use_cases", "t7_trends")
GRADER = [sys.executable, "-m", "grader.cli"]
# `score` as it was when issue 20 was filed: every check file in its own fresh interpreter
PER_FILE_SCORE = [
    sys.executable,
    "-c",
    "import functools, sys; from grader.run import runner; "
    "runner.run_topic = functools.partial(runner.run_topic, eager_split=True); "
    "from grader import cli; sys.exit(cli.main(sys.argv[1:]))",
]
# how `score` runs its checks: (label, command, warm worker on)
SCORE_WAYS = (
    (
        "per file",
        "a fresh interpreter per check file (when issue 20 was filed)",
        PER_FILE_SCORE,
        False,
    ),
    ("per topic", "a fresh interpreter per topic, split per file when it breaks", GRADER, False),
    ("warm", "forked from the warm worker, per topic", GRADER, True),
)


def _env(worker: bool) -> dict:
    env = offline.apply(dict(os.environ, OMP_NUM_THREADS="1"))
    env["LLM_GRADER_WORKER"] = "1" if worker else "0"
    return env


def _timed(cmd, env) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def import_floor_s() -> float:
    return _timed([sys.executable, "-c", "import torch, transformers, pytest"], _env(False))


def cohort(tmp: Path) -> dict:
    subs = tmp / "subs"
    for i in range(LEARNERS):
        for topic in topics.available_topics():
            shutil.copytree(
                topics.solutions_dir() / topic,
                subs / f"learner{i}" / topic,
                ignore=shutil.ignore_patterns("__pycache__"),
            )
    out = {}
    for key, _, command, worker in SCORE_WAYS:
        dest = tmp / f"out-{key.replace(' ', '-')}"
        seconds = _timed(
            [*command, "score", str(subs), "--out", str(dest), "--jobs", str(JOBS)], _env(worker)
        )
        scores = {
            p.stem: (json.loads(p.read_text())["score"], json.loads(p.read_text())["max_score"])
            for p in sorted((dest / "results").glob("*.json"))
        }
        out[key] = {"seconds": seconds, "scores": scores}
    return out


def checks() -> list[dict]:
    rows = []
    for topic in CHECK_TOPICS:
        number = topic[1:].split("_")[0]
        row = {"topic": topic, "floor": import_floor_s()}
        for worker in (False, True):
            row[worker] = _timed([*GRADER, "check", number, "--target", "solutions"], _env(worker))
        rows.append(row)
    return rows


def warm() -> dict:
    """Each topic's checks from a process whose worker is warm (imports done)."""
    from grader.run import runner, worker

    os.environ.update(OMP_NUM_THREADS="1", LLM_GRADER_WORKER="1")
    z = worker._zygote(runner.child_env(None))
    while z.status()["pending"]:
        time.sleep(0.5)
    out = {}
    for topic in topics.available_topics():
        start = time.perf_counter()
        outcome = runner.run_topic(topic, target="solutions")
        out[topic] = {
            "seconds": time.perf_counter() - start,
            "pure": sum(c["duration_s"] for c in outcome["checks"]),
            "passed": all(c["passed"] for c in outcome["checks"]) and not outcome["error"],
        }
    worker.shutdown()
    return out


def markdown() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        c = cohort(Path(tmp))
    rows = checks()
    w = warm()
    per_hour = {k: LEARNERS * 3600 / (v["seconds"] * JOBS) for k, v in c.items()}
    same = len({json.dumps(v["scores"], sort_keys=True) for v in c.values()}) == 1
    full = sum(m for _, m in c["warm"]["scores"].values()) / LEARNERS
    lines = [
        "## Warm worker: check runs forked from a zygote vs a fresh interpreter each",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} UTC on {os.cpu_count()} cores shared with other "
        f"engineers' runs (load average {os.getloadavg()[0]:.1f} at the end), OMP_NUM_THREADS=1; "
        "both ways in the same run, so compare the ratios. `python bench/worker.py`.",
        "",
        f"`llm-grader score --jobs {JOBS}`, {LEARNERS} full seven-topic submissions (the "
        f"reference, {full:g} points each); scores identical all three ways: "
        f"{'yes' if same else 'NO'}. Ratios against the first row (the issue's baseline) and "
        "the second (spawned, as `LLM_GRADER_WORKER=0` still does):",
        "",
        "| check runs | seconds | learners / hour / core | vs per file | vs per topic |",
        "|---|---:|---:|---:|---:|",
    ]
    for key, label, _, _ in SCORE_WAYS:
        lines.append(
            f"| {label} | {c[key]['seconds']:.0f} | {per_hour[key]:.0f} | "
            f"{per_hour[key] / per_hour['per file']:.2f}× | "
            f"{per_hour[key] / per_hour['per topic']:.2f}× |"
        )
    lines += [
        "",
        "`llm-grader check N --target solutions`, each a fresh invocation: one run, which spawns "
        "either way (a zygote starts only for a second run, so a one-run process never waits "
        "for one), next to the import floor; then from a process whose worker is warm (a "
        "notebook kernel, or every topic after the first of one `check`/`score`), next to the "
        "checks' own time:",
        "",
        "| topic | import floor | check, LLM_GRADER_WORKER=0 | check | warm worker | checks' own time | warm / own |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        t = w[row["topic"]]
        lines.append(
            f"| {row['topic']} | {row['floor']:.1f} s | {row[False]:.1f} s | "
            f"{row[True]:.1f} s | {t['seconds']:.1f} s | {t['pure']:.1f} s | "
            f"{t['seconds'] / max(t['pure'], 0.01):.1f}× |"
        )
    lines += [
        "",
        "Every topic from the warm worker:",
        "",
        "| topic | warm worker | checks' own time | ratio | all pass |",
        "|---|---:|---:|---:|---|",
    ]
    for topic, t in w.items():
        lines.append(
            f"| {topic} | {t['seconds']:.1f} s | {t['pure']:.1f} s | "
            f"{t['seconds'] / max(t['pure'], 0.01):.1f}× | {'yes' if t['passed'] else 'NO'} |"
        )
    return "\n".join(lines)


def write(section: str) -> None:
    """Put the section in RESULTS.md in place of an older one."""
    path = HERE / "RESULTS.md"
    text = path.read_text()
    title = section.splitlines()[0]
    if title in text:
        head, _, rest = text.partition(title)
        tail = rest[rest.find("\n## ") :] if "\n## " in rest else "\n"
        text = head + section + "\n" + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text)


if __name__ == "__main__":
    md = markdown()
    print(md)
    if "--write" in sys.argv:
        write(md)
