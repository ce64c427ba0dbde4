"""What one hanging notebook costs `nbgrader autograde`, and that the next one is graded normally.

    python bench/nbgrader_hang.py

Builds the course for topic 7 in a temporary folder and submits three notebooks, graded one
after another by one `nbgrader autograde` per learner (nbgrader grades a class in sequence,
so a learner's time is what everyone after them waits):

- ``sleeper``: the reference with ``while True: time.sleep(1)`` at the end of the module cell
  (it hangs the cell and every import of the module by the checks);
- ``spinner``: the reference with a busy loop at the top of ``fit_exponential_trend``, which
  13 checks call;
- ``reference``: the reference, graded after the other two.

Prints one markdown table: seconds of autograde and the score per learner.
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

TOPIC = "t7_trends"
SPIN_AT = "def fit_exponential_trend(years, values) -> Trend:\n"


def _nbgrader(course: Path, *args: str) -> None:
    done = nbgrader_course.nbgrader(course, *args, timeout=7200)
    if done.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{done.stderr[-2000:]}")


def students(release: nbformat.NotebookNode) -> dict[str, nbformat.NotebookNode]:
    reference = nbgrader_course.fill_in(release, topics.solutions_dir())
    out = {}
    for name, change in (
        ("sleeper", lambda s: s + "\n\nimport time\nwhile True:\n    time.sleep(1)\n"),
        ("spinner", lambda s: s.replace(SPIN_AT, SPIN_AT + "    while True:\n        pass\n")),
        ("reference", lambda s: s),
    ):
        nb = nbformat.from_dict(nbformat.reads(nbformat.writes(reference), as_version=4))
        for cell in nb.cells:
            if cell.cell_type == "code" and cell.source.startswith(f"%%module {TOPIC}.trends"):
                cell.source = change(cell.source)
                assert (
                    name == "reference"
                    or cell.source != reference.cells[nb.cells.index(cell)].source
                )
        out[name] = nb
    return out


def run() -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp) / "course"
        manifest = nbgrader_course.build(course, selected=[TOPIC], say=lambda text: None)
        total = sum(c["points"] for c in manifest["topics"][TOPIC])
        _nbgrader(course, "generate_assignment", TOPIC)
        release = nbformat.read(course / "release" / TOPIC / f"{TOPIC}.ipynb", as_version=4)
        for name, nb in students(release).items():
            folder = course / "submitted" / name / TOPIC
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / f"{TOPIC}.ipynb")
            start = time.perf_counter()
            _nbgrader(course, "autograde", TOPIC, "--student", name)
            rows.append({"student": name, "seconds": time.perf_counter() - start, "max": total})
            print(f"{name}: {rows[-1]['seconds']:.1f} s", flush=True)
        _nbgrader(course, "export", "--to", str(Path(tmp) / "grades.csv"))
        with open(Path(tmp) / "grades.csv", newline="") as f:
            scores = {r["student_id"]: float(r["raw_score"]) for r in csv.DictReader(f)}
        for row in rows:
            row["score"] = scores.get(row["student"], 0.0)
    return rows


def markdown(rows=None) -> str:
    rows = rows or run()
    lines = ["| learner | autograde | score |", "|---|---:|---:|"]
    lines += [
        f"| {r['student']} | {r['seconds']:.1f} s | {r['score']:g} / {r['max']:g} |" for r in rows
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown())
