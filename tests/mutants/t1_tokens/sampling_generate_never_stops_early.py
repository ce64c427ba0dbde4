"""generate that pads finished rows but always runs max_new_tokens steps"""

MODULE = "sampling.py"

REPLACE = [
    ("            if finished.all():\n                break\n", ""),
]
