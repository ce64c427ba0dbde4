"""accuracy_by_depth gives the model the whole problem, answer included"""

MODULE = "reasoning.py"

REPLACE = [
    ('completion = complete(prompt + "=")', 'completion = complete(line.rstrip("\\n"))'),
]
