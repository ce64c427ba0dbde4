"""LLM Deep Dive workshop: checks runner, learner CLI and course tooling."""

from grader import offline

offline.apply()
