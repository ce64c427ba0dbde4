"""generate that feeds only the last token at each step but no cache"""

MODULE = "sampling.py"

REPLACE = [
    (
        "out = model(step_input, cache=past, use_cache=True)\n            past = out.cache",
        "out = model(step_input)\n            past = True  # only the last token from now on, yet no cache",
    ),
]
