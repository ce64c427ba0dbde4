"""Topic 2 — architecture: from one attention head to a GPT that loads GPT-2's weights."""
