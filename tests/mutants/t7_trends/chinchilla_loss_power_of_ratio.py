"""chinchilla_loss computes (A / N)**alpha instead of A / N**alpha"""

MODULE = "trends.py"


def chinchilla_loss(N, D, E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28):
    return E + (A / N) ** alpha + (B / D) ** beta
