"""accuracy_by_depth gives the model the whole problem, answer included"""

MODULE = "reasoning.py"

MESSAGES = {"*test_accuracy_by_depth_never_shows_the_answer*": ("answer is in the prompt",)}


def accuracy_by_depth(complete, depths, n_per_depth, seed):
    accuracies = {}
    for k in depths:
        correct = 0
        for line in addition_dataset(k, n_per_depth, seed):
            answer = line.rstrip("\n").split("=")[1]
            correct += complete(line.rstrip("\n")).split("\n")[0] == answer
        accuracies[k] = correct / n_per_depth
    return accuracies
