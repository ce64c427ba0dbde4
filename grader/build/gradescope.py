"""A Gradescope autograder: ``llm-grader gradescope OUT.zip [TOPIC ...]``.

The zip is what Gradescope unpacks into ``/autograder/source``: ``setup.sh`` (the locked
environment, CPU torch first, in ``/autograder/venv``), ``run_autograder`` (one submission,
graded by ``llm-grader score``: no second copy of any check or of the results.json
conversion), and what the checks need: the grader, the hidden checks, the reference solutions,
the visible tests and the data of the chosen topics. The submission never runs from
``source/``: ``llm-grader score`` copies the expected modules (an allow-list) into a fresh
sandbox, and the guard refuses the learner's code any read of solutions/ and checks/.
"""

from __future__ import annotations

import re
import shutil
import stat
import tempfile
import zipfile
from pathlib import Path

from grader.build import sync
from grader.core import topics
from grader.core.results import GRADESCOPE_VISIBILITIES

SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", "runs", ".*")
EXECUTABLE = ("setup.sh", "run_autograder")
FILE_TIMEOUT_S = 300  # per check file (each runs in its own process, as `llm-grader score`)
TOTAL_TIMEOUT_S = 2100  # the whole run: under Gradescope's 40-minute maximum, with margin
MEMORY_MB = 4096  # address space per check process (as `llm-grader score`)

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, when the autograder image is built (written by `llm-grader gradescope`).
# The locked environment of the workshop, in $AUTOGRADER_DIR/venv: the CPU build of torch first
# (an unpinned torch pulls about 2.7 GB of CUDA), then exactly the versions in constraints.txt.
set -euo pipefail
AG="${{AUTOGRADER_DIR:-/autograder}}"
cd "$AG/source"
PY=""
for candidate in python3.13 python3.12 python3.11 python3; do
  if command -v "$candidate" >/dev/null &&
     "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    PY="$candidate"; break
  fi
done
if [ -z "$PY" ]; then   # Ubuntu 22.04 images ship Python 3.10
  apt-get update -q
  apt-get install -y -q python3.11 python3.11-venv
  PY=python3.11
fi
"$PY" -m venv "$AG/venv"
"$AG/venv/bin/python" -m pip install --quiet --upgrade pip
"$AG/venv/bin/python" -m pip install --quiet -c constraints.txt {torch} --index-url https://download.pytorch.org/whl/cpu
"$AG/venv/bin/python" -m pip install --quiet -c constraints.txt .   # the grader, exactly the locked versions
"$AG/venv/bin/python" -m grader.cli --version
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this once per submission (written by `llm-grader gradescope`).
# It grades $AUTOGRADER_DIR/submission as `llm-grader score` does (topics: {topics})
# and always leaves $AUTOGRADER_DIR/results/results.json, even when grading itself fails.
set -uo pipefail
AG="${{AUTOGRADER_DIR:-/autograder}}"
SOURCE="$AG/source"
RESULTS="$AG/results"
PY="${{LLM_GRADER_PYTHON:-$AG/venv/bin/python}}"
[ -x "$PY" ] || PY="$(command -v python3)"
mkdir -p "$RESULTS"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/submissions/submission"
# a copy: the learner's files are never graded in place (score then takes only the expected modules)
cp -R "$AG/submission/." "$WORK/submissions/submission/" 2>/dev/null || true
export LLM_WORKSHOP_ROOT="$SOURCE" HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_DATASETS_OFFLINE=1
cd "$WORK"
started=$(date +%s)
timeout --kill-after=20 {total} "$PY" -m grader.cli score "$WORK/submissions" --out "$WORK/out" \\
  --jobs 1 --timeout {timeout} --memory {memory} --hidden-visibility {visibility} --force \\
  --topics {topics} >"$WORK/score.log" 2>&1
status=$?
cat "$WORK/score.log"   # Gradescope's autograder output, for the instructor
GRADED="$WORK/out/gradescope/submission/results.json"
if [ -s "$GRADED" ]; then   # written once every topic has its score and reasons
  cp "$GRADED" "$RESULTS/results.json"
  exit 0
fi
# grading itself failed: a results.json with score 0 and the reason, never none
"$PY" - "$RESULTS/results.json" "$status" "$(( $(date +%s) - started ))" "$WORK/score.log" <<'EOF' ||
import json, sys
out, status, seconds, log = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
tail = open(log, encoding="utf-8", errors="replace").read().strip().splitlines()[-5:]
why = (f"grading took longer than {total} s and was stopped" if status == 124
       else f"the grader failed (exit status {{status}})")
json.dump({{"score": 0, "execution_time": seconds, "tests": [], "stdout_visibility": "hidden",
           "output": f"Not graded: {{why}}. Please tell your instructor. " + " / ".join(tail)}},
          open(out, "w"))
EOF
echo '{{"score": 0, "execution_time": 0, "tests": [], "stdout_visibility": "hidden", "output": "Not graded: the grader could not start. Please tell your instructor."}}' >"$RESULTS/results.json"
exit 0
"""

README = """# Gradescope autograder of the LLM Deep Dive workshop

Written by `llm-grader gradescope` for the topics {topics}. Upload this zip as the
autograder of a Gradescope "Programming Assignment" (see docs/platforms.md of the workshop).
`setup.sh` installs the locked environment; `run_autograder` grades one submission as
`llm-grader score` does: {timeout} s per check file, {memory} MB of address space per check
process, {total} s in all. Set the assignment's autograder timeout above {total} s.

This folder holds the reference solutions and the hidden checks: keep it private.
"""


class GradescopeError(RuntimeError):
    """The autograder cannot be written."""


def _add_tree(archive: zipfile.ZipFile, folder: Path, arcbase: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:  # copytree applies SKIP; then zip the copy
        copy = Path(tmp) / "tree"
        shutil.copytree(folder, copy, ignore=SKIP)
        for path in sorted(copy.rglob("*")):
            if path.is_file():
                _add_file(
                    archive, f"{arcbase}/{path.relative_to(copy).as_posix()}", path.read_bytes()
                )


def _add_file(archive: zipfile.ZipFile, name: str, data: bytes | str) -> None:
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    mode = 0o755 if name in EXECUTABLE else 0o644
    info.external_attr = (stat.S_IFREG | mode) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data.encode() if isinstance(data, str) else data)


def _pinned(root: Path, name: str) -> str:
    match = re.search(
        rf"(?mi)^{re.escape(name)}==([^\s;#]+)", (root / "constraints.txt").read_text()
    )
    return f"{name}=={match.group(1)}" if match else name


def build(
    out: Path,
    selected=(),
    hidden_visibility: str = "after_published",
    timeout_s: float = FILE_TIMEOUT_S,
    memory_mb: int = MEMORY_MB,
    total_s: float = TOTAL_TIMEOUT_S,
) -> dict:
    """Write the autograder zip of the selected topics (default: all). Returns what it holds."""
    if hidden_visibility not in GRADESCOPE_VISIBILITIES:
        raise GradescopeError(
            f"--hidden-visibility must be one of {', '.join(GRADESCOPE_VISIBILITIES)}"
        )
    root = topics.project_root()
    if not topics.solutions_dir().is_dir():
        raise GradescopeError(
            "the autograder needs the instructor checkout (solutions/ and checks/)"
        )
    chosen = [t for t in topics.available_topics() if not selected or t in selected]
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    names = " ".join(chosen)
    fill = {
        "topics": names,
        "timeout": f"{timeout_s:g}",
        "memory": memory_mb,
        "total": f"{total_s:g}",
        "visibility": hidden_visibility,
    }
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as archive:
        _add_file(archive, "setup.sh", SETUP_SH.format(torch=_pinned(root, "torch")))
        _add_file(archive, "run_autograder", RUN_AUTOGRADER.format(**fill))
        _add_file(archive, "README.md", README.format(**fill))
        for name in ("pyproject.toml", "constraints.txt", "LICENSE"):
            if (root / name).exists():
                _add_file(archive, name, (root / name).read_bytes())
        _add_tree(archive, root / "grader", "grader")
        _add_tree(archive, root / "data", "data")
        with tempfile.TemporaryDirectory() as tmp_dir:
            stubs = sync.build_stubs(Path(tmp_dir) / "exercises", chosen)  # never someone's work
            for topic in chosen:
                for path in sorted((root / "exercises" / topic).rglob("*")):
                    rel = path.relative_to(root / "exercises")
                    if (
                        path.is_file()
                        and "__pycache__" not in path.parts
                        and not (stubs / rel).exists()
                    ):
                        (stubs / rel).parent.mkdir(parents=True, exist_ok=True)
                        shutil.copy2(path, stubs / rel)
                _add_tree(archive, stubs / topic, f"exercises/{topic}")
        for topic in chosen:
            _add_tree(archive, root / "solutions" / topic, f"solutions/{topic}")
            if (root / "checks" / topic).is_dir():
                _add_tree(archive, root / "checks" / topic, f"checks/{topic}")
        files = archive.namelist()
    tmp.replace(out)
    return {
        "path": out,
        "topics": chosen,
        "files": files,
        "bytes": out.stat().st_size,
        "timeout_s": timeout_s,
        "total_s": total_s,
        "memory_mb": memory_mb,
    }
