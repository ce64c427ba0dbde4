"""accuracy_by_depth divides by the number of problems of all depths"""

MODULE = "reasoning.py"


def accuracy_by_depth(complete, depths, n_per_depth, seed):
    depths = list(depths)
    accuracies = {}
    for k in depths:
        correct = 0
        for line in addition_dataset(k, n_per_depth, seed):
            prompt, answer = line.rstrip("\n").split("=")
            correct += complete(prompt + "=").split("\n")[0] == answer
        accuracies[k] = correct / (n_per_depth * len(depths))
    return accuracies
