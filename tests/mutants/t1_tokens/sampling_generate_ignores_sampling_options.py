"""generate that does not pass top_k / top_p on to sample_next_token"""

MODULE = "sampling.py"

REPLACE = [
    (
        "out.logits[:, -1, :], temperature, top_k, top_p, generator",
        "out.logits[:, -1, :], temperature, None, None, generator",
    ),
]
