"""Topic 7 — what's next: compute, algorithmic and "unhobbling" trends on real model data."""
