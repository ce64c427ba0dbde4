"""accuracy_by_depth measures depth k on (k+1)-digit operands"""

MODULE = "reasoning.py"


def accuracy_by_depth(complete, depths, n_per_depth, seed):
    accuracies = {}
    for k in depths:
        correct = 0
        for line in addition_dataset(k + 1, n_per_depth, seed):
            prompt, answer = line.rstrip("\n").split("=")
            correct += complete(prompt + "=").split("\n")[0] == answer
        accuracies[k] = correct / n_per_depth
    return accuracies
