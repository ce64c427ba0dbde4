"""Visible tests for codegen.py: a few candidates run for real, and pass@k on one bundled
problem (tasks 13-14)."""

import pytest

from grader.core import feedback, target

codegen = target.module("t6_use_cases.codegen")

TESTS = "assert square(3) == 9\nassert square(-2) == 4\n"
CASES = [
    ("def square(x):\n    return x * x\n", "passed", "a correct candidate"),
    ("def square(x):\n    return 2 * x\n", "failed", "a wrong answer: an assert fails"),
    ("def square(x):\n    return x * y\n", "error", "a crash (NameError)"),
    ("def square(x):\n    while True:\n        pass\n", "timeout", "a candidate that hangs"),
    ("import sys\nsys.exit(0)\n", "error", "a candidate that exits before its tests ran"),
    ("open('/tmp/escape.txt', 'w')\n", "error", "a write outside the temporary folder"),
]


@pytest.mark.points(1)
@pytest.mark.timeout(60)
@pytest.mark.parametrize("source,expected,label", CASES, ids=[c[2] for c in CASES])
def test_run_candidate_statuses(source, expected, label):
    """run_candidate gives passed / failed / error / timeout as task 13 says"""
    record = codegen.run_candidate(source, TESTS, timeout_s=1.0)
    feedback.expect_equal(record["status"], expected, f"status of {label}",
                          hint=f"the runner said: {record.get('detail')!r}")
    feedback.expect_equal(record["passed"], expected == "passed", f"'passed' of {label}")


@pytest.mark.points(1)
@pytest.mark.timeout(60)
def test_evaluate_the_add_problem():
    """evaluate_problems on the bundled "add" problem: 6 of 8 pass, pass@1 = 0.75, pass@5 = 1"""
    add = [p for p in codegen.PROBLEMS if p["name"] == "add"]
    report = codegen.evaluate_problems(add, k_values=(1, 5), timeout_s=1.0)
    row = report["problems"][0]
    feedback.expect_equal((row["n"], row["c"]), (8, 6), "(n, c) for add")
    feedback.expect(abs(report["pass_at_k"][1] - 0.75) < 1e-9, "pass@1 for add",
                    "pass_at_k(8, 6, 1) = 6 / 8", expected=0.75, got=report["pass_at_k"][1])
    feedback.expect(abs(report["pass_at_k"][5] - 1.0) < 1e-9, "pass@5 for add",
                    "only 2 candidates fail, so any 5 hold a pass", expected=1.0,
                    got=report["pass_at_k"][5])
