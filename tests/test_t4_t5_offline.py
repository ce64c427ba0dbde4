"""t4/t5 topic packages keep the course offline even without the grader (issue 17 item 11).

A README snippet imports the topic module directly, with no offline variables set; trl's
trainers then send telemetry (a DNS lookup of the hub) unless the topic package set
HF_HUB_DISABLE_TELEMETRY / HF_HUB_OFFLINE before huggingface_hub was imported.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SNIPPET = r"""
import socket, sys
calls = []
sys.addaudithook(lambda event, args: calls.append(args[0]) if event == "socket.getaddrinfo" else None)
import {module}
from huggingface_hub.utils import send_telemetry
import threading
send_telemetry("trl", library_name="trl", library_version="0")   # what trl's trainers call
for thread in threading.enumerate():
    if thread is not threading.main_thread():
        thread.join(timeout=20)
print("LOOKUPS", calls)
"""


@pytest.mark.parametrize("module", ["t4_finetuning.sft", "t5_rlhf.train"])
def test_topic_import_disables_hub_telemetry(module):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("HF_", "TRANSFORMERS_")) and k != "PYTHONPATH"
    }
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "solutions"), str(ROOT)])
    out = subprocess.run(
        [sys.executable, "-c", SNIPPET.format(module=module)],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    assert "LOOKUPS []" in out.stdout, (
        f"importing {module} and sending trl's telemetry looked up hosts: {out.stdout!r}"
    )
