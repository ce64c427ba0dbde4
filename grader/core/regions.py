"""The reference's solution regions: ``### BEGIN SOLUTION (task K)`` … ``### END SOLUTION``.

Every reader of the markers (stub generation, notebooks, the nbgrader course, the similarity
report) goes through these names.
"""

from __future__ import annotations

import re

BEGIN = "BEGIN SOLUTION"
END = "END SOLUTION"
TASK_RE = re.compile(r"\(task\s+(\d+)\)", re.IGNORECASE)
REGION_RE = re.compile(rf"### {BEGIN}[^\n]*\n(.*?)### {END}", re.DOTALL)


def task_of(line: str) -> int | None:
    """K of a ``### BEGIN SOLUTION (task K)`` line; None for any other line (or no number)."""
    if BEGIN not in line:
        return None
    task = TASK_RE.search(line)
    return int(task.group(1)) if task else None


def tasks(source: str) -> set[int]:
    """The README task numbers of the solution regions in ``source``."""
    return {k for line in source.splitlines() if (k := task_of(line)) is not None}


def regions(source: str) -> list[str]:
    """The text inside each solution region of ``source`` (what the stub leaves out)."""
    return REGION_RE.findall(source)


def region_lines(source: str) -> set[int]:
    """The 1-based line numbers of every region, its BEGIN and END marker lines included."""
    inside: set[int] = set()
    for m in REGION_RE.finditer(source):
        first = source.count("\n", 0, m.start()) + 1
        inside.update(range(first, source.count("\n", 0, m.end()) + 2))
    return inside
