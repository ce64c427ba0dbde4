"""measure_diversity that calls sample_replies directly, ignoring the sample_fn it is given"""
MODULE = "diversity.py"


def measure_diversity(models, tokenizer, prompts, n=8, max_new_tokens=48, temperature=1.0, seed=0,
                      sample_fn=sample_replies):  # noqa: F821
    report = {}
    for name, model in models.items():
        replies = sample_replies(model, tokenizer, prompts, n=n,  # noqa: F821
                                 max_new_tokens=max_new_tokens, temperature=temperature, seed=seed)
        groups = [replies[k * n:(k + 1) * n] for k in range(len(prompts))]
        asked = [p for p in prompts for _ in range(n)]
        report[name] = {
            "distinct_1": sum(distinct_n(g, 1) for g in groups) / len(groups),  # noqa: F821
            "distinct_2": sum(distinct_n(g, 2) for g in groups) / len(groups),  # noqa: F821
            "entropy": sum(sample_entropy(g) for g in groups) / len(groups),  # noqa: F821
            "judge": sum(judge(q, r) for q, r in zip(asked, replies)) / len(replies),  # noqa: F821
            "samples": list(replies),
        }
    return report
