"""TinyGPT adding the position embeddings of the LAST T positions of the context"""

MODULE = "transformer.py"

REPLACE = [
    (
        "if seq > self.context_length:\n"
        '            raise ValueError(f"sequence of {seq} tokens, context length is {self.context_length}")\n'
        "        positions = torch.arange(seq, device=input_ids.device)\n"
        "        x = self.wte(input_ids) + self.wpe(positions)",
        "x = self.wte(input_ids) + self.wpe.weight[-seq:]",
    ),
]
