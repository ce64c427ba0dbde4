"""run_candidate reads a timeout's returncode None as exit 0 and never checks timed_out"""
MODULE = "codegen.py"

MESSAGES = {'*timed out*': ('timed_out',)}


def run_candidate(source: str, tests: str, timeout_s: float = 2.0, memory_mb: int = 256,
                  runner=None) -> dict:
    runner = runner or execution.run_python
    marker = f"ALL-TESTS-RAN-{secrets.token_hex(8)}"
    raw = runner(build_program(source, tests, marker), timeout_s=timeout_s, memory_mb=memory_mb)
    error = last_line(raw["stderr"])
    if not raw["returncode"]:
        status, detail = "passed", "exit code 0"
    elif raw["signal"] in CPU_SIGNALS:
        status, detail = "timeout", f"still running after {timeout_s:g} s"
    elif error.startswith("MemoryError"):
        status, detail = "memory", f"ran out of memory (limit {memory_mb} MB)"
    elif raw["returncode"] == 0 and marker in raw["stdout"].splitlines():
        status, detail = "passed", "every test ran and held"
    elif error.startswith("AssertionError"):
        status, detail = "failed", error
    else:
        status = "error"
        if error:
            detail = error
        elif raw["signal"]:
            detail = f"killed by {raw['signal']}"
        else:
            detail = f"exited with status {raw['returncode']} before the tests finished"
    return {"passed": status == "passed", "status": status, "detail": detail}
