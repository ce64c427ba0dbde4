"""measure_diversity that does not pass temperature on: every model sampled at the default 1.0"""

MODULE = "diversity.py"

MESSAGES = {"*test_measure_diversity_samples_every_model_the_same_way*": ("temperature",)}

REPLACE = [
    (
        "temperature=temperature, seed=seed)\n"
        "        groups = [replies[i * n:(i + 1) * n] for i in range(len(prompts))]",
        "seed=seed)\n        groups = [replies[k * n:(k + 1) * n] for k in range(len(prompts))]",
    ),
]
