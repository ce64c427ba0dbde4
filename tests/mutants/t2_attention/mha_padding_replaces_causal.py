"""with a padding mask, the causal mask is dropped (the padding mask replaces it)"""

MODULE = "attention.py"

REPLACE = [
    (
        "keys = attention_mask.bool()[:, None, None, :]     # (B, 1, 1, T): hide padding keys\n"
        "            mask = keys if mask is None else mask & keys\n"
        "        out = scaled_dot_product_attention(q, k, v, mask)\n"
        "        return self.o_proj(merge_heads(out))",
        "mask = attention_mask.bool()[:, None, None, :]\n"
        "        return self.o_proj(merge_heads(scaled_dot_product_attention(q, k, v, mask)))",
    ),
]
