"""measure_diversity that gives each model its own seed (seed + i): draws differ, not just models"""
MODULE = "diversity.py"

MESSAGES = {"*test_measure_diversity_samples_every_model_the_same_way*": ("same seed",)}


def measure_diversity(models, tokenizer, prompts, n=8, max_new_tokens=48, temperature=1.0, seed=0,
                      sample_fn=sample_replies):  # noqa: F821
    report = {}
    for i, (name, model) in enumerate(models.items()):
        replies = sample_fn(model, tokenizer, prompts, n=n, max_new_tokens=max_new_tokens,
                            temperature=temperature, seed=seed + i)
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
