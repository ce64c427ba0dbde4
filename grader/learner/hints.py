"""Progressive hints: each ``llm-grader hint TOPIC N`` reveals one more hint for task N."""

from __future__ import annotations

import json
import tomllib

from rich.markup import escape
from rich.panel import Panel

from grader.core import records, topics


def load_hints(topic: str) -> dict[int, dict]:
    """{task number: its entry (title, hints)} from the topic's hints.toml."""
    path = topics.exercises_dir() / topic / "hints.toml"
    if not path.exists():
        return {}
    with path.open("rb") as f:
        data = tomllib.load(f)
    return {int(t["number"]): t for t in data.get("task", [])}


def _state_file():
    return topics.state_dir() / "hints.json"


def _load_state() -> dict:
    try:
        return json.loads(_state_file().read_text())
    except (OSError, ValueError):
        return {}


def _save_state(state: dict) -> None:
    path = _state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    records.write_json(path, state)


def show(console, topic: str, task: int | None, reset: bool = False) -> int:
    """Reveal the next hint of ``task`` (or, without one, how many of each task's are seen);
    ``reset`` hides them again. Returns the exit code."""
    hints = load_hints(topic)
    if not hints:
        console.print(f"{topic} has no hints file yet.")
        return 1
    state = _load_state()
    if reset:
        for key in [
            k for k in state if k == f"{topic}:{task}" or (task is None and k.startswith(topic))
        ]:
            del state[key]
        _save_state(state)
        console.print("Hints hidden again.")
        return 0
    if task is None:
        for number, entry in sorted(hints.items()):
            seen = state.get(f"{topic}:{number}", 0)
            console.print(
                f"Task {number} — {escape(entry['title'])}: {seen}/{len(entry['hints'])} hints seen"
            )
        console.print(f"Show the next hint with `llm-grader hint {topic[1]} N`.")
        return 0
    if task not in hints:
        console.print(
            f"[red]{topic} has no task {task}[/] (tasks: {', '.join(map(str, sorted(hints)))})"
        )
        return 2
    entry, key = hints[task], f"{topic}:{task}"
    seen = min(state.get(key, 0) + 1, len(entry["hints"]))
    state[key] = seen
    _save_state(state)
    for i, text in enumerate(entry["hints"][:seen], start=1):
        console.print(
            Panel(
                escape(text.strip()),
                title=f"Task {task} — hint {i}/{len(entry['hints'])}",
                title_align="left",
            )
        )
    if seen == len(entry["hints"]):
        console.print("[dim]That was the last hint for this task.[/]")
    return 0
