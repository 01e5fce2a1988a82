"""The same submission and seed get the same grade on a loaded machine.

Time limits count the learner's CPU time, not the wall clock (sandbox/replies.py, budget.py), and worker
start-up is never counted, so processes burning every core change how long a grade takes but not
what it gives: the solutions pass, a typical mistake fails the same checks, a real hang times out
the same call, and an untouched exercise is "not started", not a timeout.
"""

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager

import pytest
from conftest import KIT_ROOT, LEARNERS, SOLUTIONS, grade_json

from autograd_kit.exercises.manifest import load_exercises

SPECIAL = {
    "03_optimizer_step": LEARNERS / "no_momentum.py",  # a typical mistake
    "04_gradients_by_hand": LEARNERS / "honest_but_dq_da_hangs.py",  # a real hang in one function
    "05_vector_backward": LEARNERS / "hang_at_import.py",  # a real hang at import
    "20_hooks_and_func": KIT_ROOT / "exercises" / "20_hooks_and_func.py",  # untouched
}
# Solutions beside them: the heaviest exercises (resnet18 in 01, 02, 08), and others of every kind.
SOLVED = ("01_forward_pass", "02_loss_backward", "08_freezing", "09_no_grad_context", "12_retain_graph",
          "16_inference_mode", "18_custom_function")


@contextmanager
def burners(count: int):
    """COUNT processes that do nothing but burn CPU, for as long as the block runs."""
    processes = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    try:
        yield
    finally:
        for process in processes:
            process.kill()
            process.wait()


def _outcome(grade: dict) -> dict:
    return {e["name"]: (e["status"], e["points"], tuple((c["name"], c["points"]) for c in e["checks"]))
            for e in grade["exercises"]}


@pytest.mark.slow
def test_grades_are_the_same_with_every_core_busy(tmp_path):
    folder = tmp_path / "exercises"
    folder.mkdir()
    for exercise in load_exercises():
        if exercise.name in SPECIAL or exercise.name in SOLVED:
            shutil.copy(SPECIAL.get(exercise.name, SOLUTIONS / exercise.filename), folder / exercise.filename)
    arguments = ("--seed", "12", "--timeout", "2")
    quiet = _outcome(grade_json(folder, *arguments))
    with burners(2 * (os.cpu_count() or 2)):
        loaded = _outcome(grade_json(folder, *arguments))
    assert loaded == quiet
    assert quiet["03_optimizer_step"][0] == "failed" and quiet["04_gradients_by_hand"][:2] == ("timeout", 4)
    assert quiet["05_vector_backward"][:2] == ("timeout", 0) and quiet["20_hooks_and_func"][0] == "not_started"
    assert all(quiet[name][0] == "passed" for name in SOLVED)
