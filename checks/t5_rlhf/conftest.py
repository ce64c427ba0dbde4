"""Run this topic's checks on one CPU thread, from the first fixture on.

The models here are tiny: one thread is as fast as two on an idle laptop, and far faster on
a busy machine, where two threads fighting other processes can make a step 10x slower.
Session-scoped so that the module fixtures that train (test_train_hidden.py) run on one
thread too.
"""

import pytest
import torch


@pytest.fixture(scope="session", autouse=True)
def _one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
