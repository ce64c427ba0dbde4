"""Code generation, evaluated by execution: run candidate programs against unit tests in the
course's confined runner, and pass@k from real executions (tasks 13-14).

The code under test may not start processes itself (the grader's guard refuses it), so
``run_candidate`` hands the program to the course's runner, ``grader.core.execution.run_python``:
it starts a child that confines itself (a fresh temporary folder, memory and CPU limits, no
files outside that folder, no processes, no sockets), kills it at the wall-clock timeout, and
reports raw facts. What those facts mean is your part.
"""

from __future__ import annotations

import secrets

from grader.core import execution

from .codegen_problems import PROBLEMS
from .evaluate import pass_at_k

STATUSES = ("passed", "failed", "error", "timeout", "memory")
CPU_SIGNALS = {"SIGXCPU", "SIGKILL"}  # the CPU limit's signals: the program ran too long


def build_program(source: str, tests: str, marker: str) -> str:
    """The candidate, then its tests, then a line printing ``marker``: the marker is on
    stdout only if every test ran to the end."""
    return f"{source}\n\n{tests}\n\nprint({marker!r})\n"


def last_line(text: str) -> str:
    """The last non-empty line of ``text`` ("" if none): for a traceback, the exception."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def run_candidate(source: str, tests: str, timeout_s: float = 2.0, memory_mb: int = 256,
                  runner=None) -> dict:
    """Run one candidate solution against its unit tests and say how it went.

    ``tests`` are ``assert`` statements about the candidate's functions. Build the program
    with ``build_program`` and a fresh random marker (``secrets.token_hex``), run it with
    ``runner(program, timeout_s=..., memory_mb=...)`` (default
    ``grader.core.execution.run_python``; its raw result is ``{"returncode", "signal",
    "timed_out", "stdout", "stderr", "seconds"}``) and decide, in this order:

    - ``"timeout"``: the runner timed out, or the CPU limit killed it (signal SIGXCPU or SIGKILL);
    - ``"memory"``: the program died of ``MemoryError`` (the last line of stderr starts so);
    - ``"passed"``: exit code 0 **and** the marker line is in stdout (a program that exits
      with 0 before its tests ran has not passed);
    - ``"failed"``: an ``AssertionError`` ended it (a test's assert did not hold);
    - ``"error"``: anything else: an exception in the candidate (including the sandbox's
      ``PermissionError``), a syntax error, an early exit, another signal.

    Returns ``{"passed": status == "passed", "status": status, "detail": str}``; ``detail``
    is the last line of stderr, or a short description when that is empty.
    """
    runner = runner or execution.run_python
    # YOUR CODE HERE
    raise NotImplementedError("run_candidate — task 13 in exercises/t6_use_cases/README.md")


def evaluate_problems(problems=None, k_values=(1, 5), timeout_s: float = 2.0,
                      memory_mb: int = 256, runner=None) -> dict:
    """Run every candidate of every problem (default: the bundled ``PROBLEMS``) with
    ``run_candidate`` and report pass@k from those executions.

    Each problem is ``{"name", "prompt", "tests", "candidates": [{"source", ...}, ...]}``.
    For a problem with n candidates of which c passed, its pass@k is the unbiased estimator
    ``pass_at_k(n, c, k)`` (task 6) for each k in ``k_values``; a k larger than some
    problem's n is a ``ValueError`` naming the problem. Returns::

        {
          "problems": [{"name", "n", "c", "statuses": [status per candidate, in order],
                        "pass_at_k": {k: float}}, ...],   # in the order given
          "pass_at_k": {k: mean over the problems of their pass@k},
        }
    """
    problems = PROBLEMS if problems is None else problems
    # YOUR CODE HERE
    raise NotImplementedError("evaluate_problems — task 14 in exercises/t6_use_cases/README.md")


def main() -> None:
    """Evaluate the bundled problems and print pass@1 and pass@5: ``python -m t6_use_cases.codegen``."""
    report = evaluate_problems(timeout_s=1.0)
    for row in report["problems"]:
        print(f"{row['name']:>14}  {row['c']}/{row['n']} pass  "
              + "  ".join(f"pass@{k} {v:.3f}" for k, v in row["pass_at_k"].items())
              + "  " + " ".join(row["statuses"]))
    print(f"{'mean':>14}  " + "  ".join(f"pass@{k} {v:.3f}" for k, v in report["pass_at_k"].items()))


if __name__ == "__main__":
    main()
