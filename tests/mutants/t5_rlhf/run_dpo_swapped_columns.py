"""DPO trained with the chosen and rejected replies swapped"""

MODULE = "train.py"

import copy

REPLACE = [
    (
        "args = DPOConfig(output_dir=str(output_dir), max_steps=max_steps, learning_rate=learning_rate,",
        'swapped = [{**p, "chosen": p["rejected"], "rejected": p["chosen"]} for p in pairs]\n'
        "    args = DPOConfig(output_dir=str(output_dir), max_steps=max_steps, learning_rate=learning_rate,",
    ),
    (
        "train_dataset=preference_dataset(pairs), processing_class=tokenizer)",
        "train_dataset=preference_dataset(swapped), processing_class=tokenizer)  # noqa: F821",
    ),
]
