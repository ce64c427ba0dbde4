"""split_on_special_tokens without the empty-list case: the empty pattern splits everywhere"""

MODULE = "bpe.py"

REPLACE = [
    (
        "    ### BEGIN SOLUTION (task 1)\n    if not special_tokens:\n        return [text]\n",
        "",
    ),
]
