"""Topic 6 — making LLMs work for you: a grounded support assistant and its custom evaluation."""
