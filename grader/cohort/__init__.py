"""Grading a cohort: collecting submissions, scoring them, and the cohort report."""
