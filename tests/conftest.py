"""Shared fixtures for the project's own suite."""

from __future__ import annotations

import subprocess
import sys

import pytest

from grader.build import sync
from grader.core import topics


@pytest.fixture(scope="session")
def stub_target(tmp_path_factory):
    """Pristine stubs of every topic, built from solutions/ (never the learner's exercises/)."""
    return sync.build_stubs(tmp_path_factory.mktemp("stubs"), topics.available_topics())


def _llm_grader(args, cwd, env, timeout=240):
    return subprocess.run(
        [sys.executable, "-m", "grader.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def llm_grader():
    """``llm_grader(args, cwd, env, timeout=240)``: the CLI in a fresh interpreter, output captured."""
    return _llm_grader
