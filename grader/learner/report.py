"""Presenting results: per-topic tables, the JSON report, saved progress and ``status``."""

from __future__ import annotations

import json
import re
import time

from rich.cells import cell_len, set_cell_size
from rich.markup import escape
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from grader.core import records, topics

PUBLIC_CHECK_KEYS = ("id", "title", "points", "passed", "hidden", "message", "duration_s")


def public_json(result: dict) -> records.CheckReport:
    """The documented JSON shape: score, max_score, topics → checks (and the pytest output,
    without hidden checks' tracebacks, as "log")."""
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
                **({"log": learner_log(t)} if t.get("log") else {}),
            }
            for name, t in result["topics"].items()
        },
    }


def _points(x: float) -> str:
    return f"{x:g}"


# How ``check`` prints results (documented in docs/authoring.md, "What `llm-grader check`
# prints"). The table (title | pts | mark | what to fix) is used only on an interactive
# terminal where it is no taller than the compact form; everywhere else (narrow terminals,
# pipes, CI logs) the compact form: one line per check, passes first, then the failures with
# each distinct message printed in full once, under the checks that share it. ``-v`` prints
# every check in full (id, time, message) and the pytest output; ``--json`` has everything.
MARK = {True: "[green]✔[/]", False: "[red]✘[/]"}
INDENT = 6  # where a failure's message starts: under the title, past "✘ pts "
# pytest's section headers: "____ test_x[case] ____", "==== FAILURES ====" (not "_ _ _ _")
LOG_SECTION = re.compile(r"^(?![_ ]*$)(?:_+ \S.* _+|=+ \S.* =+)$")


def _module(check: dict) -> str:
    """'test_bpe_hidden.py::x' -> 'bpe': the part of the topic a check belongs to."""
    stem = check["id"].split("::")[0].removesuffix(".py").removeprefix("test_")
    return stem.removesuffix("_hidden")


def _fit(title: str, width: int) -> str:
    """``title`` cut to ``width`` cells; a parametrised title keeps its ``[case]``."""
    if cell_len(title) <= width:
        return title
    base, bracket, case = title.rpartition(" [")
    if bracket and cell_len(case) + 3 < width // 2:
        suffix = " [" + case
        return set_cell_size(base, width - cell_len(suffix) - 1).rstrip() + "…" + suffix
    return set_cell_size(title, width - 1).rstrip() + "…"


def learner_log(result_topic: dict) -> str:
    """The topic's pytest output without the sections of hidden checks (their tracebacks
    show the hidden source); each dropped section leaves a one-line note."""
    log = result_topic.get("log") or ""
    hidden = [c for c in result_topic["checks"] if c["hidden"]]
    if not hidden:
        return log
    files = {c["id"].split("::")[0] + ":" for c in hidden}
    names = {c["id"].split("::")[-1] for c in hidden} - {
        c["id"].split("::")[-1] for c in result_topic["checks"] if not c["hidden"]
    }
    out: list[str] = []
    section: list[str] = []

    def flush():
        name = section[0].strip("_= ").removeprefix("ERROR at setup of ") if section else ""
        text = "\n".join(section)
        if section and (name in names or any(f in text for f in files)):
            out.append(f"{name}: left out (it shows a hidden check's source)")
        else:
            out.extend(section)
        section.clear()

    for line in log.splitlines():
        if LOG_SECTION.match(line):
            flush()
        section.append(line)
    flush()
    return "\n".join(out)


def _summary(console, name: str, topic: dict) -> None:
    if topic.get("error"):
        console.print(f"[red]problem:[/] {escape(topic['error'])}")
    done = topic["score"] == topic["max_score"] and topic["max_score"] > 0
    colour = "green" if done else "yellow" if topic["score"] else "red"
    checks = topic["checks"]
    parts: dict[str, list[float]] = {}
    for c in checks:
        got = parts.setdefault(_module(c), [0.0, 0.0])
        got[0] += c["points"] if c["passed"] else 0.0
        got[1] += c["points"]
    per_part = ", ".join(f"{m} {_points(a)}/{_points(b)}" for m, (a, b) in parts.items())
    passed = sum(c["passed"] for c in checks)
    console.print(
        f"[bold {colour}]{name}: {_points(topic['score'])} / "
        f"{_points(topic['max_score'])} points[/] ({passed} of {len(checks)} checks"
        f" pass{'; ' + escape(per_part) if len(parts) > 1 else ''})"
    )


def _hanging(console, first: str, text: Text) -> None:
    """``text`` wrapped at the console width less INDENT: its first line after the markup
    ``first`` (INDENT cells wide), the others under it. Nothing is cut, no trailing blanks."""
    for i, line in enumerate(text.wrap(console, max(console.width - INDENT, 20))):
        line.rstrip()
        console.print(
            Text.from_markup(first) if i == 0 else Text(" " * INDENT),
            line,
            sep="",
            no_wrap=True,
            overflow="ignore",
        )


def _check_line(console, c: dict, verbose: bool) -> None:
    """'✘   2 title': the title cut to one line, or (verbose) all of it wrapped under itself."""
    head = f"{MARK[c['passed']]} {_points(c['points']):>3} "
    title = c["title"] if verbose else _fit(c["title"], console.width - INDENT)
    _hanging(console, head, Text(title))


def _message(console, text: str, style: str = "") -> None:
    _hanging(console, " " * INDENT, Text(text, style=style))


def _compact(console, topic: dict) -> None:
    checks = topic["checks"]
    for c in checks:
        if c["passed"]:
            _check_line(console, c, verbose=False)
    groups: dict[str, list[dict]] = {}
    for c in checks:
        if not c["passed"]:
            groups.setdefault(c["message"], []).append(c)
    for message, group in groups.items():
        for c in group:
            _check_line(console, c, verbose=False)
        _message(console, message or "failed", "yellow")


def _verbose(console, topic: dict) -> None:
    for c in topic["checks"]:
        _check_line(console, c, verbose=True)
        kind = "hidden" if c["hidden"] else "visible"
        _message(console, f"{c['id']} · {kind} · {c['duration_s']:.2f} s", "dim")
        if not c["passed"]:
            _message(console, c["message"] or "failed", "yellow")
    log = learner_log(topic).strip()
    if log:
        console.rule("pytest output", style="dim")
        console.print(Text(log), soft_wrap=True)
        console.rule(style="dim")


def _print_table(console, topic: dict) -> None:
    table = Table(expand=True, show_lines=False)
    table.add_column("check", ratio=3)
    table.add_column("pts", justify="right", width=4)
    table.add_column("", width=2)
    table.add_column("what to fix", ratio=5)
    for c in topic["checks"]:
        label = escape(c["title"]) + (" [dim](hidden)[/]" if c["hidden"] else "")
        table.add_row(
            label,
            _points(c["points"]),
            MARK[c["passed"]],
            "" if c["passed"] else escape(c["message"]),
        )
    console.print(table)


def _height(console, show, topic: dict) -> int:
    """How many lines ``show(console, topic)`` prints."""
    with console.capture() as capture:
        show(console, topic)
    return capture.get().count("\n")


def print_report(console, result: dict, verbose: bool = False, layout: str = "auto") -> None:
    """Print the results: ``layout`` is "compact", "table" or "auto" (see the rule above)."""
    for i, (name, topic) in enumerate(result["topics"].items()):
        if i:
            console.print()
        console.print(f"[bold]{name} — {escape(topics.TITLES.get(name, ''))}[/]")
        if verbose:
            _verbose(console, topic)
        else:
            choice = layout
            if layout == "auto":
                fits = console.is_terminal and _height(console, _print_table, topic) <= _height(
                    console, _compact, topic
                )
                choice = "table" if fits else "compact"
            if choice == "table":
                _print_table(console, topic)
            else:
                _compact(console, topic)
        _summary(console, name, topic)
    if len(result["topics"]) > 1:
        console.print(
            f"[bold]Total: {_points(result['score'])} / {_points(result['max_score'])}[/]"
        )
    failed = any(not c["passed"] for t in result["topics"].values() for c in t["checks"])
    if failed and not verbose:
        console.print(
            "[dim]-v: every check in full, and the pytest output; --json FILE: for tools[/]"
        )


def _progress_file():
    return topics.state_dir() / "results.json"


def save_progress(result: dict) -> None:
    """Merge this run's topics into .llm-grader/results.json (read by ``status``)."""
    path = _progress_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    saved = load_progress()
    stamp = time.strftime("%Y-%m-%d %H:%M")
    for name, topic in public_json(result)["topics"].items():
        topic.pop("log", None)  # status needs the scores, not the pytest output
        saved[name] = {**topic, "checked_at": stamp}
    records.write_json(path, saved)


def load_progress() -> dict:
    """The last saved results per topic (empty when there are none)."""
    path = _progress_file()
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def print_status(console, saved: dict) -> None:
    """The learner's progress per topic, from the last check."""
    table = Table(title="Your progress (from the last `llm-grader check`)", title_justify="left")
    table.add_column("topic")
    table.add_column("progress", width=32)
    table.add_column("points", justify="right")
    table.add_column("checked")
    total = maximum = 0.0
    for name in topics.TOPICS:
        entry = saved.get(name)
        if entry is None:
            table.add_row(
                f"{name}",
                ProgressBar(total=1, completed=0, width=30),
                "—",
                "[dim]not checked yet[/]",
            )
            continue
        total += entry["score"]
        maximum += entry["max_score"]
        table.add_row(
            name,
            ProgressBar(total=max(entry["max_score"], 1), completed=entry["score"], width=30),
            f"{_points(entry['score'])}/{_points(entry['max_score'])}",
            entry.get("checked_at", ""),
        )
    console.print(table)
    if maximum:
        console.print(
            "overall ",
            ProgressBar(total=maximum, completed=total, width=40),
            f" {_points(total)}/{_points(maximum)} points in checked topics",
        )
    else:
        console.print("Nothing checked yet: run `llm-grader check 1`.")
