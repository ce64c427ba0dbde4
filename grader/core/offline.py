"""The offline environment: set before anything imports huggingface_hub.

Setting ``HF_HUB_OFFLINE`` after huggingface_hub is imported has no effect, and an
accidental hub id then costs ~47 s of retries, so every entry point (the package, the
pytest plugin, child processes) applies these first.
"""

import os

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "HF_DATASETS_DISABLE_PROGRESS_BARS": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "TRANSFORMERS_NO_ADVISORY_WARNINGS": "1",
}


# Checks and visible tests train on the CPU whatever the machine has (determinism: the same
# numbers as CI), without asking the learner's code for CPU-only settings: accelerate (and so
# every transformers/trl Trainer) reads ACCELERATE_USE_CPU, and no CUDA device is visible.
CHECK_DEVICE_ENV = {
    "ACCELERATE_USE_CPU": "true",
    "CUDA_VISIBLE_DEVICES": "",
}


def apply(env: dict | None = None) -> dict:
    """Set the offline variables (keeping any the user set) in ``env`` or os.environ."""
    target = os.environ if env is None else env
    for key, value in OFFLINE_ENV.items():
        target.setdefault(key, value)
    return target


def cpu_only(env: dict | None = None) -> dict:
    """Make ``env`` (or os.environ) train on the CPU: set before torch initialises CUDA."""
    target = os.environ if env is None else env
    target.update(CHECK_DEVICE_ENV)
    return target
