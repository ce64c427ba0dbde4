"""Topic 4 — supervised fine-tuning: chat templates, assistant-only labels, LoRA, SFT with trl."""
