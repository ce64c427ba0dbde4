"""Topic 3 — unsupervised pretraining and emergent behaviour."""
