"""run_candidate checks only timed_out: the CPU limit's SIGXCPU counts as a crash"""

MODULE = "codegen.py"

MESSAGES = {"*CPU limit*": ("SIGXCPU",)}

REPLACE = [
    ('if raw["timed_out"] or raw["signal"] in CPU_SIGNALS:', 'if raw["timed_out"]:'),
]
