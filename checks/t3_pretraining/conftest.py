"""Run this topic's checks on one CPU thread.

The models here are tiny: one thread is as fast as two on an idle laptop, and far faster on
a busy machine, where two threads fighting other processes can make a step 10x slower.
"""

import pytest
import torch


@pytest.fixture(autouse=True)
def _one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
