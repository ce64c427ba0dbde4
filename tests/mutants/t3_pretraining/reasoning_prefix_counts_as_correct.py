"""accuracy_by_depth counts a completion that starts with the answer as correct"""

MODULE = "reasoning.py"

REPLACE = [
    ('correct += completion.split("\\n")[0] == answer', "correct += completion.startswith(answer)"),
]
