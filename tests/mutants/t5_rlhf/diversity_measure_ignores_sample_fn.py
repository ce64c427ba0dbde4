"""measure_diversity that calls sample_replies directly, ignoring the sample_fn it is given"""

MODULE = "diversity.py"

REPLACE = [
    (
        "replies = sample_fn(model, tokenizer, prompts, n=n, max_new_tokens=max_new_tokens,\n"
        "                            temperature=temperature, seed=seed)\n"
        "        groups = [replies[i * n:(i + 1) * n] for i in range(len(prompts))]",
        "replies = sample_replies(model, tokenizer, prompts, n=n,  # noqa: F821\n"
        "                                 max_new_tokens=max_new_tokens, temperature=temperature, seed=seed)\n"
        "        groups = [replies[k * n:(k + 1) * n] for k in range(len(prompts))]",
    ),
]
