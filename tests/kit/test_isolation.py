"""Whatever learner code does, only its own exercise suffers, and only honest work scores.

Each scenario is a small learner file in tests/kit/learners, graded as exercise 04
(q_function 1 point, dq_da 3, dq_db 3) unless said otherwise.
"""

import pytest
from conftest import checks, exercise, grade_json

SCENARIOS = {
    # file: (status, points, fragment of the feedback)
    "syntax_error.py": ("error", 0, "SyntaxError in"),
    "import_error.py": ("error", 0, "KeyError"),
    "exit_at_import.py": ("crashed", 0, "Importing"),
    "sys_exit_at_import.py": ("crashed", 0, "(its top-level code) ended the process"),
    "hang_at_import.py": ("timeout", 0, "Importing"),
    "honest_but_dq_da_hangs.py": ("timeout", 4, "did not finish in time"),
    "exits_in_function.py": ("crashed", 1, "Do not call sys.exit()"),
    "segfault.py": ("crashed", 1, "segmentation fault"),  # imports ctypes: dq_db is not "by hand" (test_04)
    "huge_allocation.py": ("crashed", 4, "ran out of memory"),
    "uses_autograd.py": ("error", 1, "must not use autograd"),
    "always_equal.py": ("error", 0, "cannot accept"),
    "tensor_subclass.py": ("error", 3, "subclass of torch.Tensor"),
    "mistakes.py": ("failed", 1, "Mistake: this is 3a^2"),
    "prints_a_lot.py": ("passed", 10, ""),
    "forges_replies.py": ("crashed", 1, "reply to the grader was garbled"),  # imports gc: as above
    "torch_not_implemented.py": ("error", 4, "raised NotImplementedError: Subtraction"),
}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_scenario(target, scenario):
    status, points, fragment = SCENARIOS[scenario]
    grade = grade_json(target({"04_gradients_by_hand": scenario}), "04", "--seed", "8",
                       "--timeout", "3", "--memory-mb", "512")
    result = exercise(grade, "04")
    messages = "\n".join(c["message"] for c in result["checks"])
    assert (result["status"], result["points"]) == (status, points), messages
    assert fragment in messages
    assert "Traceback" not in messages


def test_a_syntax_error_shows_file_line_and_code(target):
    grade = grade_json(target({"04_gradients_by_hand": "syntax_error.py"}), "04")
    message = checks(grade, "04")["test_dq_da"]["message"]
    assert "04_gradients_by_hand.py:8" in message
    assert "def dq_da(a, b)" in message


def test_a_segfault_points_at_the_learners_line(target):
    grade = grade_json(target({"04_gradients_by_hand": "segfault.py"}), "04")
    assert "04_gradients_by_hand.py:11 in dq_da: return ctypes.string_at(0)" in checks(grade, "04")["test_dq_da"]["message"]


def test_captured_output_is_capped(target):
    grade = grade_json(target({"04_gradients_by_hand": "prints_a_lot.py"}), "04")
    output = checks(grade, "04")["test_q_function"]["output"]
    assert output.startswith("debugging line 0")
    assert len(output) < 5000 and output.endswith("[... output cut ...]")


def test_pretrained_weights_get_the_offline_explanation(target):
    grade = grade_json(target({"01_forward_pass": "pretrained.py"}), "01")
    message = checks(grade, "01")["test_build_model_is_resnet18"]["message"]
    assert "runs offline" in message and "weights=None" in message


def test_misbehaving_exercises_leave_the_others_alone(target):
    folder = target({
        "03_optimizer_step": "exit_at_import.py",
        "04_gradients_by_hand": "segfault.py",
        "05_vector_backward": "hang_at_import.py",
        "06_the_graph": "syntax_error.py",
        "09_no_grad_context": "solution",
        "10_no_grad_decorator": "solution",
    })
    grade = grade_json(folder, "--seed", "4", "--timeout", "3")
    statuses = {e["name"][:2]: e["status"] for e in grade["exercises"]}
    chosen = {"03": "crashed", "04": "crashed", "05": "timeout", "06": "error", "09": "passed", "10": "passed"}
    assert {number: statuses[number] for number in chosen} == chosen
    assert {status for number, status in statuses.items() if number not in chosen} == {"not_started"}


@pytest.mark.parametrize("scenario", ["exit_at_import.py", "sys_exit_at_import.py"])
def test_an_exit_at_import_blames_the_file_not_a_function(target, scenario):
    grade = grade_json(target({"04_gradients_by_hand": scenario}), "04")
    for check in checks(grade, "04").values():
        assert "(its top-level code) ended the process" in check["message"], check["name"]
