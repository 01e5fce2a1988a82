"""The suite's in-process grades (conftest.grade_in_process) are the grades `grader.py --target` gives.

test_catalogue.py and test_mistakes.py grade dozens of folders in one process without the sandbox, because
their subject is what the checks decide. That is only sound while both ways give the same result: the same
statuses, points, named mistakes and messages, check by check. One representative course proves it here:
solutions (resnet18 in 01 and 08 included), typical mistakes from tests/kit/learners, a blind mistake from the
catalogue's folders, and an untouched stub. (In-process, what learner code prints is not captured: no file
graded this way prints.)
"""

import shutil

import pytest
from conftest import KIT_ROOT, LEARNERS, SOLUTIONS, grade_in_process, grade_json, grading_limit_s, without_timings

from autograd_kit.exercises.manifest import load_exercises

MISTAKES = KIT_ROOT / "tests" / "kit" / "mistakes"
CHOSEN = {
    "04_gradients_by_hand": LEARNERS / "mistakes.py",
    "05_vector_backward": MISTAKES / "05_vector_backward" / "elementwise_times_v.py",
    "11_zero_grad": LEARNERS / "forgets_zero_grad.py",
    "16_inference_mode": LEARNERS / "inference_mixups.py",
    "18_custom_function": LEARNERS / "wrong_backward.py",
    "20_hooks_and_func": KIT_ROOT / "exercises" / "20_hooks_and_func.py",  # untouched
}
SEED = 41


def _verdicts(grade: dict) -> dict:
    """Everything a grade decides and says, without clock readings or the sandbox's own description."""
    kept = without_timings(grade)
    return {key: value for key, value in kept.items() if key != "isolation"}


@pytest.mark.slow
@pytest.mark.timeout(grading_limit_s(2))
def test_an_in_process_grade_is_the_isolated_grade(tmp_path):
    folder = tmp_path / "exercises"
    folder.mkdir()
    for exercise in load_exercises():
        shutil.copy(CHOSEN.get(exercise.name, SOLUTIONS / exercise.filename), folder / exercise.filename)
    isolated = grade_json(folder, "--seed", str(SEED))
    [in_process] = grade_in_process([folder], SEED)
    assert _verdicts(in_process) == _verdicts(isolated)
    # the comparison is not empty: solutions pass, each chosen file loses points, the stub is not started
    statuses = {e["name"]: e["status"] for e in isolated["exercises"]}
    assert statuses["01_forward_pass"] == statuses["08_freezing"] == "passed"
    assert all(statuses[name] in ("failed", "error") for name in CHOSEN if name != "20_hooks_and_func")
    assert statuses["20_hooks_and_func"] == "not_started"
    assert any(c["mistakes"] for e in isolated["exercises"] for c in e["checks"])
