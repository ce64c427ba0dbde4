"""run_sft that trains for one epoch instead of max_steps"""

MODULE = "sft.py"

REPLACE = [
    (
        "max_steps=max_steps, learning_rate=learning_rate,",
        "num_train_epochs=1, learning_rate=learning_rate,",
    ),
]
