"""accuracy_by_depth counts a completion that starts with the answer as correct"""

MODULE = "reasoning.py"

MESSAGES = {"*test_accuracy_by_depth_counts_exact_matches_only*extra-digit*": ("right prefix",)}


def accuracy_by_depth(complete, depths, n_per_depth, seed):
    accuracies = {}
    for k in depths:
        correct = 0
        for line in addition_dataset(k, n_per_depth, seed):
            prompt, answer = line.rstrip("\n").split("=")
            correct += complete(prompt + "=").startswith(answer)
        accuracies[k] = correct / n_per_depth
    return accuracies
