"""measure_diversity that groups replies prompt-minor (replies[k::len(prompts)]): groups mix prompts"""

MODULE = "diversity.py"

REPLACE = [
    (
        "groups = [replies[i * n:(i + 1) * n] for i in range(len(prompts))]",
        "groups = [replies[k::len(prompts)] for k in range(len(prompts))]",
    ),
]
