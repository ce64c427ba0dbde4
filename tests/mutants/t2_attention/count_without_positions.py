"""count_parameters forgetting the learned position embeddings"""

MODULE = "transformer.py"


def count_parameters(vocab_size, context_length, d_model, n_layers, d_hidden=None):
    d = d_model
    h = 4 * d if d_hidden is None else d_hidden
    per_layer = 4 * (d * d + d) + (d * h + h) + (h * d + d) + 4 * d
    return vocab_size * d + n_layers * per_layer + 2 * d
