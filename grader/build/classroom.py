"""A GitHub Classroom starter: ``llm-grader classroom OUT_DIR [TOPIC ...]``.

OUT_DIR is the learner release (``release.build``: stubs, visible tests, no solutions, no
hidden checks) plus ``.github/workflows/classroom.yml``: the locked environment on
``ubuntu-latest`` and one GitHub Classroom autograding step per topic, worth that topic's
visible points, running ``llm-grader check N --visible-only``. Hidden checks cannot ship in
a learner's repository (anyone with the repository could read them); the instructor runs
them with ``llm-grader score`` on the collected repositories.
"""

from __future__ import annotations

from pathlib import Path

from grader.build import release
from grader.core import topics
from grader.run import runner

COMMAND_GRADER = "classroom-resources/autograding-command-grader@v1"
REPORTER = "classroom-resources/autograding-grading-reporter@v1"
STEP_TIMEOUT_MIN = 30  # the command grader's timeout, in minutes (its maximum is 360)

WORKFLOW_HEAD = """# GitHub Classroom autograding (written by `llm-grader classroom`): the visible checks,
# one step per topic, worth the topic's visible points when all of them pass.
# Hidden checks are not in this repository; the instructor grades them with `llm-grader score`.
name: Autograding Tests
'on':
- push
- repository_dispatch
- workflow_dispatch
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    steps:
    - name: Checkout code
      uses: actions/checkout@v4
    - name: Set up Python
      uses: actions/setup-python@v5
      with:
        python-version: '3.11'
    - name: Install the locked environment (CPU torch first)
      run: |
        python -m pip install --quiet --upgrade pip
        python -m pip install --quiet -c constraints.txt {torch} --index-url https://download.pytorch.org/whl/cpu
        python -m pip install --quiet -c constraints.txt -e .
"""

STEP = """    - name: {topic} (visible checks)
      id: {step_id}
      uses: {grader}
      with:
        test-name: {topic}
        setup-command: ''
        command: {command}
        timeout: {timeout}
        max-score: {points}
"""

README_SECTION = """
## Autograding (GitHub Classroom)

Every push runs `.github/workflows/classroom.yml`: one step per topic, worth that topic's
visible points when all its visible checks pass (`llm-grader check N --visible-only`, the
same command you run locally). Your instructor also grades hidden checks, which are not in
this repository (a learner's repository cannot keep a secret); they run them with
`llm-grader score` on the collected repositories, and send you that feedback separately.

| topic | step | points |
|---|---|---:|
{rows}
"""


class ClassroomError(RuntimeError):
    """The starter cannot be written."""


def visible_points(topic: str) -> float:
    """The points of a topic's visible checks, collected from the reference (nothing run)."""
    outcome = runner.run_topic(
        topic, target="solutions", include_hidden=False, extra=("--collect-only",)
    )
    if outcome["error"]:
        raise ClassroomError(f"{topic}: could not collect the visible checks: {outcome['error']}")
    return sum(c["points"] for c in outcome["checks"])


def step_id(topic: str) -> str:
    """The workflow step id of a topic (GitHub ids take no underscores)."""
    return topic.replace("_", "-")


def command(topic: str) -> str:
    """The command a topic's autograding step runs: its visible checks."""
    return f"llm-grader check {topics.number(topics.resolve_topic(topic))} --visible-only"


def workflow(points: dict[str, float], root: Path | None = None) -> str:
    """classroom.yml for topics → visible points (GitHub Classroom scores are whole numbers)."""
    text = WORKFLOW_HEAD.format(torch=release._pinned(root or topics.project_root(), "torch"))
    for topic, pts in points.items():
        text += STEP.format(
            topic=topic,
            step_id=step_id(topic),
            grader=COMMAND_GRADER,
            command=command(topic),
            timeout=STEP_TIMEOUT_MIN,
            points=round(pts),
        )
    ids = [step_id(t) for t in points]
    text += f"    - name: Autograding Reporter\n      uses: {REPORTER}\n      env:\n"
    for i in ids:
        text += f'        {i.upper()}_RESULTS: "${{{{steps.{i}.outputs.result}}}}"\n'
    text += f"      with:\n        runners: {','.join(ids)}\n"
    return text


def build(out: Path, selected=(), say=print, log: Path | None = None, phase=None) -> dict:
    """The learner release of the selected topics plus the autograding workflow."""
    chosen = [t for t in topics.available_topics() if not selected or t in selected]
    points = {t: visible_points(t) for t in chosen}  # before the release: fail early
    out = release.build(out, chosen, say=say, log=log, phase=phase)
    path = out / ".github" / "workflows" / "classroom.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(workflow(points), encoding="utf-8")
    rows = "\n".join(f"| {t} | `{command(t)}` | {round(p)} |" for t, p in points.items())
    with (out / "README.md").open("a", encoding="utf-8") as f:
        f.write(README_SECTION.format(rows=rows))
    return {"path": out, "workflow": path, "points": points}
