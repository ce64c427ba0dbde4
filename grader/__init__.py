"""LLM Deep Dive workshop: checks runner, learner CLI and course tooling."""

from grader.core import offline

offline.apply()
