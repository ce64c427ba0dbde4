"""run_candidate reads a timeout's returncode None as exit 0 and never checks timed_out"""

MODULE = "codegen.py"

MESSAGES = {"*timed out*": ("timed_out",)}

REPLACE = [
    (
        '    if raw["timed_out"] or raw["signal"] in CPU_SIGNALS:',
        '    if not raw["returncode"]:\n        status, detail = "passed", "exit code 0"\n    elif raw["signal"] in CPU_SIGNALS:',
    ),
]
