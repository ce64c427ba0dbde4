"""bits per byte left in nats (no division by ln 2)"""

MODULE = "objective.py"


def bits_per_byte(total_nats, n_bytes):
    return float(total_nats) / n_bytes
