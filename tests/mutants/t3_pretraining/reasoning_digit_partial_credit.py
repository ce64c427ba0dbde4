"""accuracy_by_depth gives credit for every right digit (a per-digit accuracy)"""

MODULE = "reasoning.py"


def accuracy_by_depth(complete, depths, n_per_depth, seed):
    accuracies = {}
    for k in depths:
        score = 0.0
        for line in addition_dataset(k, n_per_depth, seed):
            prompt, answer = line.rstrip("\n").split("=")
            got = complete(prompt + "=").split("\n")[0]
            score += sum(a == b for a, b in zip(got, answer)) / len(answer)
        accuracies[k] = score / n_per_depth
    return accuracies
