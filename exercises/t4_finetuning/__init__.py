"""Topic 4 — supervised fine-tuning: chat templates, assistant-only labels, LoRA, SFT with trl."""

# Keep the course offline (no telemetry, no hub lookups) before trl/transformers/huggingface_hub
# are imported; setdefault, so a user with internet can opt in by setting the variables.
import os as _os

for _key in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE",
             "HF_HUB_DISABLE_TELEMETRY"):
    _os.environ.setdefault(_key, "1")
del _os, _key
