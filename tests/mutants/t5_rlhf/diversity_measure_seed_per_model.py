"""measure_diversity that gives each model its own seed (seed + i): draws differ, not just models"""

MODULE = "diversity.py"

MESSAGES = {"*test_measure_diversity_samples_every_model_the_same_way*": ("same seed",)}

REPLACE = [
    ("for name, model in models.items():", "for i, (name, model) in enumerate(models.items()):"),
    (
        "temperature=temperature, seed=seed)\n"
        "        groups = [replies[i * n:(i + 1) * n] for i in range(len(prompts))]",
        "temperature=temperature, seed=seed + i)\n"
        "        groups = [replies[k * n:(k + 1) * n] for k in range(len(prompts))]",
    ),
]
