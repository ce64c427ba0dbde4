"""The course's code runner (grader.core.execution, topic 6's tasks 13-14): its child confines
itself, and it is the one process the guard lets the code under test start."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from grader.core import execution


@pytest.mark.parametrize(
    "source,needle",
    [
        ("open('/tmp/llm-runner-escape.txt', 'w')", "write outside its temporary folder"),
        ("import socket\nsocket.socket()", "use the network"),
        ("import subprocess\nsubprocess.run(['true'])", "start or signal processes"),
        ("import ctypes", "use ctypes"),
        (f"open({execution.__file__!r}).read()", "read outside its temporary folder"),
    ],
)
def test_the_child_refuses_escapes(source, needle):
    raw = execution.run_python(source, timeout_s=10)
    assert raw["returncode"] == 1 and not raw["timed_out"]
    assert "PermissionError: sandbox: the program may not " + needle in raw["stderr"]


def test_own_folder_memory_and_timeout():
    ok = execution.run_python(
        "open('f.txt', 'w').write('x')\nprint(open('f.txt').read())", timeout_s=10
    )
    assert (ok["returncode"], ok["stdout"].strip()) == (0, "x")
    memory = execution.run_python("x = [0] * 10**10", timeout_s=10, memory_mb=128)
    assert memory["returncode"] == 1 and memory["stderr"].strip().endswith("MemoryError")
    hang = execution.run_python("while True:\n    pass", timeout_s=0.5)
    assert hang["timed_out"] and hang["returncode"] is None


def test_the_child_wants_an_empty_temporary_folder(tmp_path):
    (tmp_path / "x").write_text("")
    spec = {
        "work": str(tmp_path),
        "source": "print('ran')",
        "memory_mb": 0,
        "cpu_s": 5,
        "file_mb": 1,
    }
    done = subprocess.run(
        execution.child_command(),
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        env=execution.child_env(),
        timeout=30,
    )
    assert done.returncode != 0 and "ran" not in done.stdout
    assert "must be an empty folder" in done.stderr


LEARNER = """
import subprocess
from grader.core import execution

def attempts():
    out = {"runner": execution.run_python("print(6 * 7)", timeout_s=10)["stdout"].strip()}
    for name, call in [
        ("other command", lambda: subprocess.run(["true"])),
        ("runner with LD_PRELOAD", lambda: subprocess.run(
            execution.child_command(), input=b"{}", env={"LD_PRELOAD": "/x.so"})),
        ("runner with the parent's environment", lambda: subprocess.run(
            execution.child_command(), input=b"{}")),
        ("runner command changed", lambda: subprocess.run(
            execution.child_command()[:-1] + ["print(1)"], env=execution.child_env())),
    ]:
        try:
            call()
            out[name] = "started"
        except PermissionError as e:
            out[name] = str(e)
    return out
"""


def test_the_guard_allows_the_runner_and_nothing_else(tmp_path):
    learner = tmp_path / "learner"
    learner.mkdir()
    (learner / "attempt.py").write_text(LEARNER)
    script = textwrap.dedent(f"""
        import json, sys
        from grader.core import guard
        guard.install({str(learner)!r}, [{str(tmp_path / "protected")!r}])
        sys.path.insert(0, {str(learner)!r})
        import attempt
        print(json.dumps(attempt.attempts()))
    """)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out.pop("runner") == "42"
    assert out and all("may not start processes" in why for why in out.values()), out
