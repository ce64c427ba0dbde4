"""run_sft that forgets to pass learning_rate (trl's default 2e-5 barely moves a tiny model)"""

MODULE = "sft.py"

REPLACE = [
    (
        "max_steps=max_steps, learning_rate=learning_rate,",
        "max_steps=max_steps,",
    ),
]
