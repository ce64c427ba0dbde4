"""the output projection o_proj never applied"""

MODULE = "attention.py"

REPLACE = [
    (
        "out = scaled_dot_product_attention(q, k, v, mask)\n"
        "        return self.o_proj(merge_heads(out))",
        "return merge_heads(scaled_dot_product_attention(q, k, v, mask))",
    ),
]
