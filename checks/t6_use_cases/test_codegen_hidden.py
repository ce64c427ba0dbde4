"""Hidden checks for codegen.py: the status of every bundled candidate from real executions,
the decision rules on hand-made raw results, and pass@k against a brute-force enumeration of
all k-subsets of the candidates."""

import itertools
import re

import pytest

from grader.core import feedback, target

codegen = target.module("t6_use_cases.codegen")
problems_mod = target.oracle("t6_use_cases.codegen_problems")
PROBLEMS = problems_mod.PROBLEMS
TIMEOUT_S = 1.0

LIKELY = {
    (
        "timeout",
        "passed",
    ): "a program killed at the timeout printed no marker: look at raw['timed_out'] first",
    ("memory", "error"): 'a MemoryError as the last line of stderr is "memory", not a crash',
    ("failed", "error"): "an AssertionError as the last line of stderr means a test did not hold: "
    '"failed"; only other exceptions are "error"',
    ("error", "failed"): 'only an AssertionError is "failed"; other exceptions (the sandbox\'s '
    'PermissionError, NameError, SyntaxError, ...) are "error"',
    ("error", "passed"): "exit code 0 alone is not a pass: a program can exit(0) before its tests "
    "ran; require the marker line in stdout",
}


def brute_force_pass_at_k(statuses, k):
    """The fraction of all k-subsets of the candidates with at least one pass."""
    subsets = list(itertools.combinations(statuses, k))
    return sum("passed" in s for s in subsets) / len(subsets)


def _marker(program: str) -> str:
    found = re.search(r"print\((['\"])(.+?)\1\)\s*$", program)
    return found.group(2) if found else ""


def fake_runner(raw, calls=None):
    """A runner returning ``raw``; "MARKER" in stdout becomes the program's real marker."""

    def run(program, timeout_s, memory_mb):
        if calls is not None:
            calls.append({"timeout_s": timeout_s, "memory_mb": memory_mb})
        out = dict(returncode=0, signal=None, timed_out=False, stdout="", stderr="", seconds=0.1)
        out.update(raw)
        out["stdout"] = out["stdout"].replace("MARKER", _marker(program))
        return out

    return run


def pass_fail_runner(program, timeout_s, memory_mb):
    """Passes a candidate whose source says "# pass", fails the rest (no process)."""
    if "# pass" in program:
        return fake_runner({"stdout": "MARKER\n"})(program, timeout_s, memory_mb)
    return fake_runner({"returncode": 1, "stderr": "Traceback ...\nAssertionError\n"})(
        program, timeout_s, memory_mb
    )


@pytest.fixture(scope="module")
def statuses():
    """run_candidate on every bundled candidate, once: {problem: [status or the exception]}."""
    got = {}
    for problem in PROBLEMS:
        row = []
        for candidate in problem["candidates"]:
            try:
                row.append(
                    codegen.run_candidate(
                        candidate["source"], problem["tests"], timeout_s=TIMEOUT_S
                    )["status"]
                )
            except Exception as e:  # noqa: BLE001 (re-raised by the check of this problem)
                row.append(e)
        got[problem["name"]] = row
    return got


@pytest.mark.points(1)
@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", [p["name"] for p in PROBLEMS])
def test_statuses_of_the_bundled_candidates(statuses, name):
    """run_candidate gives every bundled candidate its known status (real executions)"""
    problem = next(p for p in PROBLEMS if p["name"] == name)
    for i, (candidate, got) in enumerate(zip(problem["candidates"], statuses[name])):
        if isinstance(got, Exception):
            raise got
        expected = candidate["expected"]
        if got != expected:
            feedback.fail(
                f"problem {name!r}, candidate {i}:\n{candidate['source']}",
                expected,
                got,
                LIKELY.get((expected, got), "see the order of the rules in task 13"),
            )


RAW_CASES = [
    (
        "timed out",
        {"returncode": None, "timed_out": True},
        "timeout",
        "check raw['timed_out'] before anything else",
    ),
    (
        "killed by the CPU limit",
        {"returncode": -24, "signal": "SIGXCPU"},
        "timeout",
        "SIGXCPU (and SIGKILL) is the CPU limit: the program ran too long",
    ),
    (
        "MemoryError",
        {"returncode": 1, "stderr": "Traceback ...\nMemoryError\n"},
        "memory",
        'the last line of stderr starting with MemoryError is "memory"',
    ),
    (
        "exit 0 and the marker printed",
        {"stdout": "hello\nMARKER\n"},
        "passed",
        "exit code 0 with the marker line in stdout is a pass",
    ),
    (
        "exit 0 without the marker",
        {"stdout": "all tests passed\n"},
        "error",
        "exit code 0 alone is not a pass: require the marker line in stdout",
    ),
    (
        "a failing assert",
        {"returncode": 1, "stderr": "Traceback ...\n  assert f(1) == 2\nAssertionError\n"},
        "failed",
        'an AssertionError is "failed"',
    ),
    (
        "a crash",
        {"returncode": 1, "stderr": "Traceback ...\nZeroDivisionError: division by zero\n"},
        "error",
        'an exception other than AssertionError is "error"',
    ),
    (
        "the sandbox refused",
        {
            "returncode": 1,
            "stderr": "PermissionError: sandbox: the program may not use the network\n",
        },
        "error",
        'the sandbox\'s PermissionError is an "error", not a failed test',
    ),
    (
        "a segfault",
        {"returncode": -11, "signal": "SIGSEGV"},
        "error",
        'a signal other than the CPU limit\'s is "error"',
    ),
    (
        "exit 0, marker and an assert message",
        {"stdout": "MARKER\n", "stderr": "AssertionError\n"},
        "passed",
        "exit code 0 with the marker is a pass, whatever stderr says",
    ),
]


@pytest.mark.points(2)
@pytest.mark.parametrize("label,raw,expected,hint", RAW_CASES, ids=[c[0] for c in RAW_CASES])
def test_decision_on_raw_results(label, raw, expected, hint):
    """run_candidate turns the runner's raw result into the right status"""
    record = codegen.run_candidate(
        "def f(x):\n    return x\n", "assert f(1) == 1\n", runner=fake_runner(raw)
    )
    feedback.expect_equal(
        record.get("status"), expected, f"status for a run that {label}", hint=hint
    )
    feedback.expect_equal(
        record.get("passed"),
        expected == "passed",
        f"'passed' for a run that {label}",
        hint='passed is status == "passed"',
    )
    feedback.expect(
        isinstance(record.get("detail"), str), "detail must be a str", got=record.get("detail")
    )


@pytest.mark.points(1)
def test_limits_reach_the_runner():
    """run_candidate passes timeout_s and memory_mb on to the runner"""
    calls = []
    codegen.run_candidate(
        "x = 1\n",
        "assert x == 1\n",
        timeout_s=0.5,
        memory_mb=64,
        runner=fake_runner({"stdout": "MARKER\n"}, calls),
    )
    feedback.expect_equal(
        calls,
        [{"timeout_s": 0.5, "memory_mb": 64}],
        "the runner's arguments",
        hint="call runner(program, timeout_s=timeout_s, memory_mb=memory_mb) once",
    )


def _synthetic(spec):
    return [
        {
            "name": name,
            "prompt": "",
            "tests": "assert True\n",
            "candidates": [{"source": "# pass\n" if ok else "x = 1\n"} for ok in oks],
        }
        for name, oks in spec
    ]


SYNTHETIC = [
    ("ten_three", [0, 1, 0, 0, 1, 0, 0, 0, 1, 0]),
    ("four_none", [0, 0, 0, 0]),
    ("five_one", [1, 0, 0, 0, 0]),
    ("six_five", [1, 1, 0, 1, 1, 1]),
]


@pytest.mark.points(2)
def test_pass_at_k_against_brute_force():
    """evaluate_problems: pass@k per problem and averaged equals the k-subset enumeration"""
    report = codegen.evaluate_problems(
        _synthetic(SYNTHETIC), k_values=(1, 2, 4), runner=pass_fail_runner
    )
    rows = report["problems"]
    feedback.expect_equal(
        [r["name"] for r in rows], [n for n, _ in SYNTHETIC], "problem names, in order"
    )
    for (name, oks), row in zip(SYNTHETIC, rows):
        statuses = ["passed" if ok else "failed" for ok in oks]
        feedback.expect_equal((row["n"], row["c"]), (len(oks), sum(oks)), f"(n, c) of {name}")
        feedback.expect_equal(row["statuses"], statuses, f"statuses of {name}")
        for k in (1, 2, 4):
            want = brute_force_pass_at_k(statuses, k)
            got = row["pass_at_k"][k]
            if abs(got - want) > 1e-9:
                feedback.fail(
                    f"pass@{k} of {name} (n={len(oks)}, c={sum(oks)})",
                    round(want, 6),
                    got,
                    "use pass_at_k(n, c, k) from task 6: the chance that k samples drawn "
                    "without replacement hold a pass; not c / n, not the first k candidates",
                )
    for k in (1, 2, 4):
        want = sum(
            brute_force_pass_at_k(["passed" if ok else "failed" for ok in oks], k)
            for _, oks in SYNTHETIC
        ) / len(SYNTHETIC)
        feedback.expect(
            abs(report["pass_at_k"][k] - want) < 1e-9,
            f"mean pass@{k} over the problems",
            "the plain mean of the problems' pass@k",
            expected=round(want, 6),
            got=report["pass_at_k"][k],
        )


@pytest.mark.points(1)
def test_k_larger_than_n_is_rejected():
    """evaluate_problems accepts k == n and rejects a k larger than a problem's n"""
    report = codegen.evaluate_problems(
        _synthetic([("four", [0, 1, 0, 0])]), k_values=(4,), runner=pass_fail_runner
    )
    feedback.expect_equal(report["pass_at_k"], {4: 1.0}, "pass@4 of 4 candidates with one pass")
    try:
        codegen.evaluate_problems(
            _synthetic([("four", [0, 1, 0, 0])]), k_values=(1, 5), runner=pass_fail_runner
        )
    except ValueError:
        return
    feedback.fail(
        "evaluate_problems with k=5 for a problem of 4 candidates must raise ValueError",
        hint="pass@k is only defined for k <= n; do not clip k to n or skip the problem",
    )


@pytest.mark.points(2)
@pytest.mark.timeout(120)
def test_pass_at_k_from_real_executions():
    """evaluate_problems on bundled problems (real runs) matches the brute-force pass@k"""
    chosen = [p for p in PROBLEMS if p["name"] in ("fizzbuzz", "running_max", "word_count")]
    report = codegen.evaluate_problems(chosen, k_values=(1, 3, 5), timeout_s=TIMEOUT_S)
    for problem, row in zip(chosen, report["problems"]):
        statuses = [c["expected"] for c in problem["candidates"]]
        feedback.expect_equal(
            row["statuses"],
            statuses,
            f"statuses of {problem['name']}",
            hint="evaluate_problems runs each candidate with run_candidate(source, "
            "problem['tests'], timeout_s=timeout_s, memory_mb=memory_mb)",
        )
        for k in (1, 3, 5):
            want = brute_force_pass_at_k(statuses, k)
            feedback.expect(
                abs(row["pass_at_k"][k] - want) < 1e-9,
                f"pass@{k} of {problem['name']}",
                'pass_at_k(n, c, k) with c = the number of "passed"',
                expected=round(want, 6),
                got=row["pass_at_k"][k],
            )
