"""measure_diversity that judges reply i with prompts[i % len(prompts)] (prompts * n, not repeated)"""

MODULE = "diversity.py"

MESSAGES = {"*test_measure_diversity_known_outcome_of_a_parrot*": ("own prompt",)}

REPLACE = [
    (
        "groups = [replies[i * n:(i + 1) * n] for i in range(len(prompts))]\n"
        "        asked = [p for p in prompts for _ in range(n)]",
        "groups = [replies[k * n:(k + 1) * n] for k in range(len(prompts))]\n"
        "        asked = prompts * n",
    ),
]
