"""evaluate_problems reports c / n as pass@k for every k"""

MODULE = "codegen.py"

MESSAGES = {"*test_pass_at_k_against_brute_force*": ("pass_at_k(n, c, k)",)}

REPLACE = [
    (
        '"pass_at_k": {k: pass_at_k(n, c, k) for k in k_values}',
        '"pass_at_k": {k: c / n for k in k_values}',
    ),
]
