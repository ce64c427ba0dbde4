"""nats converted to bits the wrong way (times ln 2)"""

MODULE = "objective.py"


def bits_per_byte(total_nats, n_bytes):
    return float(total_nats) * math.log(2) / n_bytes
