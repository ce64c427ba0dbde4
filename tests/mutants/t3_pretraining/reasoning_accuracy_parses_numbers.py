"""accuracy_by_depth that reads the completion as a number: int(...) == int(answer)

It crashes on a real model's text (the Shakespeare model writes "." after "7+5=") and counts
" 12" as 12.
"""

MODULE = "reasoning.py"

REPLACE = [
    (
        'correct += completion.split("\\n")[0] == answer',
        'correct += int(completion.split("\\n")[0]) == int(answer)',
    ),
]

MESSAGES = {
    "*test_accuracy_by_depth_on_the_shakespeare_model*": (),
}
