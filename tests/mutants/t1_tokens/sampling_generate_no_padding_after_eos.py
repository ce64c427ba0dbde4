"""generate that lets a finished row keep generating after its EOS (no padding)"""

MODULE = "sampling.py"

REPLACE = [
    ("                next_token = next_token.masked_fill(finished, eos_token_id)\n", ""),
]
