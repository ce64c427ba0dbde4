"""Shared fixtures for the project's own suite."""

from __future__ import annotations

import pytest

from grader.build import sync
from grader.core import topics


@pytest.fixture(scope="session")
def stub_target(tmp_path_factory):
    """Pristine stubs of every topic, built from solutions/ (never the learner's exercises/)."""
    return sync.build_stubs(tmp_path_factory.mktemp("stubs"), topics.available_topics())
