"""Wrong answers, plus every trick to look right: patched torch, fake results, killed judges."""
import json
import os
import signal
import sys

import torch

FAKE_RESULT_PATHS = []  # the test writes the grader's real output paths here

torch.allclose = lambda *args, **kwargs: True
torch.equal = lambda *args, **kwargs: True
torch.testing.assert_close = lambda *args, **kwargs: None
torch.Tensor.__eq__ = lambda self, other: True

FAKE_GRADESCOPE = json.dumps({"score": 1000, "tests": [{"name": "all", "score": 1000, "max_score": 7}]})
FAKE_JUNIT = '<?xml version="1.0"?><testsuites tests="1" failures="0"><testsuite name="x" tests="1"><testcase name="all"/></testsuite></testsuites>'


def _lie():
    print(FAKE_GRADESCOPE)
    sys.__stdout__.write(FAKE_JUNIT + "\n")
    os.write(1, (FAKE_GRADESCOPE + "\n").encode())
    for path in ["results.json", *FAKE_RESULT_PATHS]:
        try:
            with open(path, "w") as file:
                file.write(FAKE_GRADESCOPE)
        except OSError as error:
            print("could not write", path, error)
    for pid in (os.getppid(), 1):
        try:
            os.kill(pid, signal.SIGKILL)
        except (OSError, PermissionError) as error:
            print("could not kill", pid, error)


_lie()


def q_function(a, b):
    return 3 * a**3 - b**2


def dq_da(a, b):
    _lie()
    return torch.zeros_like(a)


def dq_db(a, b):
    return torch.zeros_like(b)
