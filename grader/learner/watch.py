"""``llm-grader watch``: re-run a topic's visible tests on every save."""

from __future__ import annotations

import subprocess
import sys
import time

from watchfiles import PythonFilter, watch

from grader.core import offline, topics


def run_visible(topic: str, target: str) -> int:
    """Run a topic's visible tests once, as the learner's pytest would; returns its exit code."""
    folder = topics.exercises_dir() / topic
    # the workshop's pyproject.toml (a release's too) holds the flags: importlib imports, no
    # cache, the grader's plugin (which knows --target)
    cmd = [sys.executable, "-m", "pytest", str(folder), "-q", "--no-header", "--target", target]
    return subprocess.call(cmd, cwd=topics.project_root(), env=offline.apply(None))


def watch_topic(console, topic: str, target: str = "exercises", stop_event=None) -> int:
    """Run the visible tests now and after every change, until Ctrl-C (or ``stop_event``)."""
    folder = topics.exercises_dir() / topic
    console.rule(f"{topic}: running the visible tests (Ctrl-C to stop)")
    run_visible(topic, target)
    try:
        for changes in watch(folder, watch_filter=PythonFilter(), stop_event=stop_event):
            names = ", ".join(sorted({p.rsplit("/", 1)[-1] for _, p in changes}))
            console.rule(f"{time.strftime('%H:%M:%S')} — {names} changed")
            run_visible(topic, target)
    except KeyboardInterrupt:
        pass
    return 0
