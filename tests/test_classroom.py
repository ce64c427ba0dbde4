"""`llm-grader classroom`: the learner release plus a GitHub Classroom workflow whose steps,
run here as the command grader runs them, give the visible points."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil

import pytest
import yaml

from grader import cli
from grader.build import classroom
from grader.core import topics

TOPIC = "t7_trends"  # the fast one: the release builds its slide figures in seconds


@pytest.fixture(scope="module")
def starter(tmp_path_factory):
    out = tmp_path_factory.mktemp("classroom") / "starter"
    assert cli.main(["classroom", str(out), "7"]) == 0
    return out


def _steps(starter):
    flow = yaml.safe_load((starter / ".github" / "workflows" / "classroom.yml").read_text())
    assert set(flow["on"]) >= {"push"} and list(flow["jobs"]) == ["run-autograding-tests"]
    job = flow["jobs"]["run-autograding-tests"]
    assert job["runs-on"] == "ubuntu-latest"
    return job["steps"]


def test_the_workflow_installs_the_lock_and_grades_each_topic_with_the_classroom_actions(starter):
    steps = _steps(starter)
    install = next(s for s in steps if "run" in s and "constraints.txt" in s["run"])
    assert "-c constraints.txt torch==" in install["run"] and "whl/cpu" in install["run"]
    assert "-c constraints.txt -e ." in install["run"]
    graders = [s for s in steps if s.get("uses") == classroom.COMMAND_GRADER]
    assert [g["with"]["test-name"] for g in graders] == [TOPIC]
    assert graders[0]["with"]["command"] == "llm-grader check 7 --visible-only"
    assert graders[0]["with"]["max-score"] == classroom.visible_points(TOPIC) > 0
    reporter = steps[-1]
    assert reporter["uses"] == classroom.REPORTER
    assert reporter["with"]["runners"] == graders[0]["id"]
    assert reporter["env"] == {
        f"{graders[0]['id'].upper()}_RESULTS": f"${{{{steps.{graders[0]['id']}.outputs.result}}}}"
    }


def test_the_starter_is_the_release_and_says_where_the_hidden_checks_are(starter):
    assert not (starter / "solutions").exists() and not (starter / "checks").exists()
    readme = (starter / "README.md").read_text()
    assert "hidden checks" in readme and "llm-grader score" in readme


def _run_step(llm_grader, starter, step) -> tuple[int, dict]:
    """The step's command as the command grader runs it (in the repository), with --json."""
    args = shlex.split(step["with"]["command"])
    assert args[0] == "llm-grader"
    env = {k: v for k, v in os.environ.items() if k != "LLM_WORKSHOP_ROOT"}
    env["PYTHONPATH"] = str(starter)  # the release's own grader, as `pip install -e .` gives
    report = starter / "step.json"
    done = llm_grader([*args[1:], "--json", str(report)], starter, env, timeout=600)
    return done.returncode, json.loads(report.read_text())


def test_a_step_gives_the_visible_points_for_finished_work_and_none_for_stubs(starter, llm_grader):
    step = next(s for s in _steps(starter) if s.get("uses") == classroom.COMMAND_GRADER)
    code, report = _run_step(llm_grader, starter, step)
    assert code != 0 and report["score"] == 0  # the stubs: the step fails, 0 points
    work = starter / "exercises" / TOPIC
    for path in topics.solution_files(TOPIC, topics.solutions_dir()):
        shutil.copy2(path, work / path.name)
    code, report = _run_step(llm_grader, starter, step)
    assert code == 0, report  # the command grader's pass: max-score
    assert report["score"] == report["max_score"] == step["with"]["max-score"]


def test_docs_platforms_names_only_real_commands_and_options():
    text = (topics.project_root() / "docs" / "platforms.md").read_text()
    parser = cli.build_parser()
    commands = parser._subparsers._group_actions[0].choices
    named = set(re.findall(r"`llm-grader (\w+)", text))
    assert {"gradescope", "classroom", "score", "nbgrader"} <= named <= set(commands)
    options = {o for a in commands["gradescope"]._actions for o in a.option_strings}
    assert (
        set(re.findall(r"(--[a-z][a-z-]+)", text.split("## GitHub Classroom")[0])) - {"--jobs"}
        <= options
    )
    assert (
        "[platforms.md](platforms.md)"
        in (topics.project_root() / "docs" / "instructor.md").read_text()
    )
