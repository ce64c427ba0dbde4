"""run_sft that ignores the lora argument and fine-tunes every weight"""

MODULE = "sft.py"

REPLACE = [
    (
        "    if lora is not None:\n        apply_lora(model, **lora)\n",
        "",
    ),
]
