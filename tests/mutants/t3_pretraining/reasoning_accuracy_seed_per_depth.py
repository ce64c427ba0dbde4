"""accuracy_by_depth draws its problems with its own seed, not the one given"""

MODULE = "reasoning.py"


def accuracy_by_depth(complete, depths, n_per_depth, seed):
    accuracies = {}
    for k in depths:
        correct = 0
        for line in addition_dataset(k, n_per_depth, seed + k):
            prompt, answer = line.rstrip("\n").split("=")
            correct += complete(prompt + "=").split("\n")[0] == answer
        accuracies[k] = correct / n_per_depth
    return accuracies
