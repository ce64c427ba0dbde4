"""count_parameters returning a float (12 * d^2 rounded through float arithmetic)"""

MODULE = "transformer.py"


def count_parameters(vocab_size, context_length, d_model, n_layers, d_hidden=None):
    d = float(d_model)
    h = 4.0 * d if d_hidden is None else float(d_hidden)
    per_layer = 4 * (d * d + d) + (d * h + h) + (h * d + d) + 4 * d
    return vocab_size * d + context_length * d + n_layers * per_layer + 2 * d
