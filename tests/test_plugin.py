"""The pytest plugin: inert outside the workshop's configs, one torch thread inside them (issue 18)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from grader.core import topics


def _python(code: str, cwd) -> str:
    env = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize("torch_first", [False, True])
def test_checks_run_torch_on_one_thread(torch_first, tmp_path):
    code = (
        ("    import torch\n" if torch_first else "")
        + """
    from grader.run import plugin
    plugin.one_torch_thread()
    import torch
    print(torch.get_num_threads())
    """
    )
    assert _python(code, tmp_path) == "1"


def test_another_projects_pytest_run_does_not_load_the_plugin(tmp_path):
    """No pytest11 entry point: a pytest run outside the workshop has no --target, no guard."""
    (tmp_path / "test_other.py").write_text(
        textwrap.dedent("""
        import sys
        def test_nothing_of_the_grader_is_loaded(pytestconfig):
            assert not pytestconfig.pluginmanager.has_plugin("grader.run.plugin")
            assert "grader.run.plugin" not in sys.modules
    """)
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_workshop_config_loads_it():
    pyproject = (topics.project_root() / "pyproject.toml").read_text(encoding="utf-8")
    ini = (topics.project_root() / "grader" / "run" / "pytest.ini").read_text(encoding="utf-8")
    assert "-p grader.run.plugin" in pyproject and "-p grader.run.plugin" in ini
