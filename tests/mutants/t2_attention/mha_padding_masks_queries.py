"""the padding mask applied to queries instead of keys"""

MODULE = "attention.py"

REPLACE = [
    (
        "keys = attention_mask.bool()[:, None, None, :]     # (B, 1, 1, T): hide padding keys\n"
        "            mask = keys if mask is None else mask & keys\n"
        "        out = scaled_dot_product_attention(q, k, v, mask)\n"
        "        return self.o_proj(merge_heads(out))",
        "queries = attention_mask.bool()[:, None, :, None]\n"
        "            mask = queries if mask is None else mask & queries\n"
        "        return self.o_proj(merge_heads(scaled_dot_product_attention(q, k, v, mask)))",
    ),
]
