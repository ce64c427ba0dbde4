"""run_candidate calls every nonzero exit an error: no candidate is ever failed"""

MODULE = "codegen.py"

MESSAGES = {"*failing assert*": ("AssertionError",)}

REPLACE = [
    ('elif error.startswith("AssertionError"):', "elif False:"),
]
