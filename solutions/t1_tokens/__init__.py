"""Topic 1 — the tamed monster: tokens and next-token sampling."""
