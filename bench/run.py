"""Benchmarks: each topic's check time on the reference, and per-topic peer comparisons.

    python bench/run.py            # writes bench/RESULTS.md

Times are wall-clock on this machine; every figure is reported next to a peer measured in
the same run (a bare interpreter importing torch + transformers for the check runs; a real
library for each topic's own benchmark), so the ratios travel between machines. Each
``bench/tN_*.py`` module contributes a section through its ``markdown() -> str``.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from grader.core import offline, topics  # noqa: E402
from grader.run import runner  # noqa: E402


def _time(fn) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def import_baseline_s() -> float:
    """A fresh interpreter importing torch and transformers: the floor of any check run."""
    cmd = [sys.executable, "-c", "import torch, transformers, pytest"]
    seconds, _ = _time(lambda: subprocess.run(cmd, check=True, env=offline.apply(dict(os.environ))))
    return seconds


def check_times() -> list[dict]:
    rows = []
    for topic in topics.available_topics():
        baseline = import_baseline_s()
        seconds, outcome = _time(lambda: runner.run_topic(topic, target="solutions"))
        checks = outcome["checks"]
        rows.append(
            {
                "topic": topic,
                "checks": len(checks),
                "passed": sum(c["passed"] for c in checks),
                "seconds": seconds,
                "baseline": baseline,
                "slowest": max(checks, key=lambda c: c["duration_s"], default=None),
            }
        )
    return rows


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"written by `python bench/run.py` on {time.strftime('%Y-%m-%d')}.",
        "",
        "## Checks on the reference solutions (visible + hidden, one child process per topic)",
        "",
        "| topic | checks | passed | wall time | import floor | ratio | slowest check |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in check_times():
        slow = row["slowest"]
        slow_text = f"{slow['id']} ({slow['duration_s']:.1f} s)" if slow else "—"
        lines.append(
            f"| {row['topic']} | {row['checks']} | {row['passed']} | {row['seconds']:.1f} s | "
            f"{row['baseline']:.1f} s | {row['seconds'] / row['baseline']:.1f}× | {slow_text} |"
        )
    lines += [
        "",
        "Import floor: a fresh interpreter importing torch, transformers and pytest, "
        "measured just before each topic.",
        "",
    ]
    sections = sorted(HERE.glob("t[0-9]_*.py")) + sorted(
        p for p in HERE.glob("*.py") if not p.name.startswith(("t", "run"))
    )
    for path in sections:
        lines += [_load(path.stem).markdown(), ""]
    (HERE / "RESULTS.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
