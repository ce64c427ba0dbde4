"""perplexity in base 2 for a loss in nats"""

MODULE = "objective.py"


def perplexity(mean_loss):
    return 2.0 ** float(mean_loss)
