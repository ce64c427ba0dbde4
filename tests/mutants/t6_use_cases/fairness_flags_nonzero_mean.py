"""fairness_report flags any nonzero gap instead of an interval that excludes 0"""

MODULE = "fairness.py"

MESSAGES = {"*test_report_does_not_flag_an_unbiased_scorer*": "interval excludes 0"}

REPLACE = [
    ('"flagged": bool(low > 0 or high < 0)}', '"flagged": gap != 0}'),
]
