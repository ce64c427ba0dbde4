"""training_flops counts only the forward pass: 2·N·D instead of 6·N·D"""

MODULE = "trends.py"


def training_flops(params, tokens):
    return 2.0 * params * tokens
