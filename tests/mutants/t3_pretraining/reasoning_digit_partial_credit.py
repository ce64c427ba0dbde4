"""accuracy_by_depth gives credit for every right digit (a per-digit accuracy)"""

MODULE = "reasoning.py"

REPLACE = [
    (
        'correct += completion.split("\\n")[0] == answer',
        'got = completion.split("\\n")[0]\n            correct += sum(a == b for a, b in zip(got, answer)) / len(answer)',
    ),
]
