"""DPO config without beta: trl's default 0.1 whatever the caller asks"""

MODULE = "train.py"

import copy

REPLACE = [
    (
        "beta=beta, per_device_train_batch_size=batch_size, seed=seed, **CPU_SETTINGS)",
        "per_device_train_batch_size=batch_size, seed=seed, **CPU_SETTINGS)  # noqa: F821",
    ),
]
