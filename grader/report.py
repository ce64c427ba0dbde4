"""Presenting results: per-topic tables, the JSON report, saved progress and ``status``."""

from __future__ import annotations

import json
import os
import time

from rich.markup import escape
from rich.progress_bar import ProgressBar
from rich.table import Table

from grader import topics

PUBLIC_CHECK_KEYS = ("id", "title", "points", "passed", "hidden", "message", "duration_s")


def public_json(result: dict) -> dict:
    """The documented JSON shape: score, max_score, topics → checks."""
    return {
        "score": result["score"],
        "max_score": result["max_score"],
        "target": result.get("target"),
        "topics": {
            name: {
                "score": t["score"],
                "max_score": t["max_score"],
                **({"error": t["error"]} if t.get("error") else {}),
                "checks": [{k: c[k] for k in PUBLIC_CHECK_KEYS} for c in t["checks"]],
            }
            for name, t in result["topics"].items()
        },
    }


def _points(x: float) -> str:
    return f"{x:g}"


def print_report(console, result: dict, verbose: bool = False) -> None:
    for name, topic in result["topics"].items():
        table = Table(title=f"{name} — {topics.TITLES.get(name, '')}", title_justify="left",
                      expand=True, show_lines=False)
        table.add_column("check", ratio=3)
        table.add_column("pts", justify="right", width=4)
        table.add_column("", width=2)
        table.add_column("what to fix", ratio=5)
        for c in topic["checks"]:
            label = escape(c["title"]) + (" [dim](hidden)[/]" if c["hidden"] else "")
            mark = "[green]✔[/]" if c["passed"] else "[red]✘[/]"
            message = "" if c["passed"] and not verbose else escape(c["message"])
            table.add_row(label, _points(c["points"]), mark, message)
        console.print(table)
        if topic.get("error"):
            console.print(f"[red]problem:[/] {escape(topic['error'])}")
        done = topic["score"] == topic["max_score"] and topic["max_score"] > 0
        colour = "green" if done else "yellow" if topic["score"] else "red"
        console.print(f"[bold {colour}]{name}: {_points(topic['score'])} / "
                      f"{_points(topic['max_score'])} points[/]\n")
    if len(result["topics"]) > 1:
        console.print(f"[bold]Total: {_points(result['score'])} / {_points(result['max_score'])}[/]")


def _progress_file():
    return topics.state_dir() / "results.json"


def save_progress(result: dict) -> None:
    """Merge this run's topics into .llm-grader/results.json (read by ``status``)."""
    path = _progress_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    saved = load_progress()
    stamp = time.strftime("%Y-%m-%d %H:%M")
    for name, topic in public_json(result)["topics"].items():
        saved[name] = {**topic, "checked_at": stamp}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(saved, indent=1))
    os.replace(tmp, path)


def load_progress() -> dict:
    path = _progress_file()
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def print_status(console, saved: dict) -> None:
    table = Table(title="Your progress (from the last `llm-grader check`)", title_justify="left")
    table.add_column("topic")
    table.add_column("progress", width=32)
    table.add_column("points", justify="right")
    table.add_column("checked")
    total = maximum = 0.0
    for name in topics.TOPICS:
        entry = saved.get(name)
        if entry is None:
            table.add_row(f"{name}", ProgressBar(total=1, completed=0, width=30), "—",
                          "[dim]not checked yet[/]")
            continue
        total += entry["score"]
        maximum += entry["max_score"]
        table.add_row(name, ProgressBar(total=max(entry["max_score"], 1), completed=entry["score"],
                                        width=30),
                      f"{_points(entry['score'])}/{_points(entry['max_score'])}",
                      entry.get("checked_at", ""))
    console.print(table)
    if maximum:
        console.print("overall ", ProgressBar(total=maximum, completed=total, width=40),
                      f" {_points(total)}/{_points(maximum)} points in checked topics")
    else:
        console.print("Nothing checked yet: run `llm-grader check 1`.")
