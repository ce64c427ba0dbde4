"""run_candidate has no memory status: a MemoryError is an ordinary crash"""
MODULE = "codegen.py"

MESSAGES = {'*MemoryError*': ('memory',)}


def run_candidate(source: str, tests: str, timeout_s: float = 2.0, memory_mb: int = 256,
                  runner=None) -> dict:
    runner = runner or execution.run_python
    marker = f"ALL-TESTS-RAN-{secrets.token_hex(8)}"
    raw = runner(build_program(source, tests, marker), timeout_s=timeout_s, memory_mb=memory_mb)
    error = last_line(raw["stderr"])
    if raw["timed_out"] or raw["signal"] in CPU_SIGNALS:
        status, detail = "timeout", f"still running after {timeout_s:g} s"
    elif False:
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
