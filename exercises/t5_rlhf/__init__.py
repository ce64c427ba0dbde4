"""Topic 5 — RLHF: reward models, ranking outputs, and direct preference optimisation."""
