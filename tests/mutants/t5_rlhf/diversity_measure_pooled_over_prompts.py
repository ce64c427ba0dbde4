"""measure_diversity that pools the replies of all prompts: different questions count as range"""

MODULE = "diversity.py"

MESSAGES = {"*test_measure_diversity_known_outcome_of_a_parrot*": ("per prompt",)}

REPLACE = [
    ("groups = [replies[i * n:(i + 1) * n] for i in range(len(prompts))]", "groups = [replies]"),
]
