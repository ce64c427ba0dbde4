"""addition_dataset pads the sum with zeros to digits + 1"""

MODULE = "reasoning.py"

REPLACE = [
    ('={a + b}\\n")', '={a + b:0{digits + 1}d}\\n")'),
]
