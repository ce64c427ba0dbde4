"""run_candidate passes any exit code 0, without checking the marker (sys.exit(0) before the tests passes)"""

MODULE = "codegen.py"

MESSAGES = {"*without the marker*": ("marker",)}

REPLACE = [
    (
        'elif raw["returncode"] == 0 and marker in raw["stdout"].splitlines():',
        'elif raw["returncode"] == 0:',
    ),
]
