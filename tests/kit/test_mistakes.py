"""Typical wrong answers get zero points for the check and a message that names the mistake."""

import pytest
from conftest import checks, exercise, grade_json

CASES = [
    # (exercise, learner file, check, fragment of the message)
    ("04_gradients_by_hand", "mistakes.py", "test_dq_da", "Mistake: this is 3a^2"),
    ("04_gradients_by_hand", "mistakes.py", "test_dq_db", "Mistake: the sign was dropped"),
    ("02_loss_backward", "mean_loss.py", "test_compute_loss", "Mistake: this is the mean"),
    ("02_loss_backward", "mean_loss.py", "test_gradients_match_autograd", "mean() instead of sum()"),
    ("03_optimizer_step", "no_zero_grad.py", "test_second_step_uses_momentum", "optimizer.zero_grad()"),
    ("08_freezing", "frozen_head.py", "test_only_head_trainable", "Mistake: nothing is trainable"),
    ("08_freezing", "frozen_head.py", "test_step_moves_only_head", "it is frozen"),
    ("08_freezing", "stale_optimizer.py", "test_optimizer_settings", "does not hold the new fc"),
    ("08_freezing", "stale_optimizer.py", "test_step_moves_only_head", "build it after replacing fc"),
    ("09_no_grad_context", "wrong_no_grad.py", "test_double_without_tracking", "Mistake: the result still requires grad"),
]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade each (exercise, file) pair once; several cases read the same grade."""
    cache: dict = {}

    def grade(slot: str, source: str) -> dict:
        if (slot, source) not in cache:
            import shutil

            from conftest import LEARNERS

            folder = tmp_path_factory.mktemp("mistake")
            shutil.copy(LEARNERS / source, folder / f"{slot}.py")
            cache[slot, source] = grade_json(folder, slot[:2], "--seed", "21")
        return cache[slot, source]

    return grade


@pytest.mark.parametrize("slot, source, check, fragment", CASES, ids=[f"{c[1]}-{c[2]}" for c in CASES])
def test_a_typical_mistake_is_named(graded, slot, source, check, fragment):
    result = checks(graded(slot, source), slot[:2])[check]
    assert result["points"] == 0
    assert fragment in result["message"]
    assert exercise(graded(slot, source), slot[:2])["status"] == "failed"
