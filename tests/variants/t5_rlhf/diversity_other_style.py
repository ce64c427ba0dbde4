"""diversity written another way: zip windows and a set, entropy as ln N − Σ c ln c / N, means
with statistics.mean, sample_fn called with positional arguments, groups from an iterator"""

MODULE = "diversity.py"

import math
import statistics
from collections import Counter


def distinct_n(samples, n):
    if n < 1:
        raise ValueError("n < 1")
    seen, total = set(), 0
    for sample in samples:
        words = sample.split()
        for gram in zip(*(words[i:] for i in range(n))):
            seen.add(gram)
            total += 1
    if total == 0:
        return 0.0
    return len(seen) / total


def sample_entropy(samples):
    if not samples:
        return 0.0
    size = len(samples)
    return math.log(size) - sum(c * math.log(c) for c in Counter(samples).values()) / size


def measure_diversity(
    models,
    tokenizer,
    prompts,
    n=8,
    max_new_tokens=48,
    temperature=1.0,
    seed=0,
    sample_fn=sample_replies,
):  # noqa: F821
    out = {}
    for name in models:
        replies = sample_fn(models[name], tokenizer, prompts, n, max_new_tokens, temperature, seed)
        it = iter(replies)
        groups = [[next(it) for _ in range(n)] for _ in prompts]
        out[name] = dict(
            distinct_1=statistics.mean(distinct_n(g, 1) for g in groups),
            distinct_2=statistics.mean(distinct_n(g, 2) for g in groups),
            entropy=statistics.mean(sample_entropy(g) for g in groups),
            judge=statistics.mean(judge(p, r) for p, g in zip(prompts, groups) for r in g),  # noqa: F821
            samples=replies,
        )
    return out
