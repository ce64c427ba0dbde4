"""Old import path, kept for learners' and instructors' files written before the layered grader:
`grader.feedback` is `grader.core.feedback` (the same module object)."""

import sys

from grader.core import feedback

sys.modules[__name__] = feedback
