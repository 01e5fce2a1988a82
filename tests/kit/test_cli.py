"""The command line as a learner and an instructor use it."""

import pytest
from conftest import SOLUTIONS, checks, exercise, grade_json, run_grader

from autograd_kit.exercises.manifest import UnknownExercise, find_exercise


@pytest.mark.parametrize("query", ["4", "04", "04_gradients_by_hand", "gradients_by_hand", "exercises/04_gradients_by_hand.py"])
def test_an_exercise_can_be_named_several_ways(query):
    assert find_exercise(query).name == "04_gradients_by_hand"


def test_an_unknown_exercise_lists_the_real_ones():
    with pytest.raises(UnknownExercise, match="01_forward_pass"):
        find_exercise("99")
    result = run_grader("99")
    assert result.returncode == 2 and "01_forward_pass" in result.stdout


def test_one_exercise_shows_every_check_with_feedback(target):
    result = run_grader("04", "--target", str(target({"04_gradients_by_hand": "mistakes.py"})), "--seed", "2")
    assert result.returncode == 0
    out = result.stdout
    assert "seed 2" in out and "Concept:" in out
    assert "✔ q_function" in out and "✘ dq_da" in out
    assert "expected: tensor([36., 81.])" in out and "got:      tensor([12., 27.])" in out
    assert "Mistake: the sign was dropped" in out
    assert "Traceback" not in out + result.stderr


def test_the_summary_points_to_the_next_exercise(target):
    folder = target({"01_forward_pass": "solution", "02_loss_backward": "solution", "03_optimizer_step": "solution",
                     "04_gradients_by_hand": "mistakes.py"})
    out = run_grader("--target", str(folder), "--seed", "2").stdout
    assert "Next up: 04_gradients_by_hand" in out
    assert "python grader.py 04" in out
    assert "--seed 2" in out


def test_min_score_sets_the_exit_code(target):
    assert run_grader("09", "--target", str(SOLUTIONS), "--min-score", "100").returncode == 0
    folder = target({"09_no_grad_context": "wrong_no_grad.py"})
    failing = run_grader("09", "--target", str(folder), "--min-score", "50")
    assert failing.returncode == 1 and "below the required 50%" in failing.stdout


def test_a_missing_target_folder_is_explained(tmp_path):
    result = run_grader("--target", str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "No folder" in result.stdout


def test_spawn_works_where_forkserver_does_not_exist(target):
    # Windows has only spawn: the worker gets everything by pickle, nothing by fork.
    folder = target({"04_gradients_by_hand": "segfault.py", "10_no_grad_decorator": "solution"})
    env = {"AUTOGRAD_KIT_START_METHOD": "spawn"}
    grade = grade_json(folder, "--seed", "6", env=env)
    assert exercise(grade, "10")["status"] == "passed"
    assert exercise(grade, "04")["status"] == "crashed"
    assert checks(grade, "04")["test_q_function"]["points"] == 1


def test_an_output_encoding_without_check_marks_still_works():
    # Like a Windows console redirected to a file in cp1252.
    result = run_grader("09", "--target", str(SOLUTIONS), env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert "? the result has the right value" in result.stdout


@pytest.mark.parametrize("option", [["--timeout", "0"], ["--memory-mb", "1"], ["--timeout", "soon"]])
def test_limits_that_would_fail_everything_are_refused(option):
    result = run_grader(*option)
    assert result.returncode == 2
    assert "must be at least" in result.stderr or "not a number" in result.stderr


def test_ctrl_c_while_grading_stops_without_a_traceback():
    import signal
    import subprocess
    import sys
    import time

    from conftest import KIT_ROOT

    process = subprocess.Popen([sys.executable, "grader.py", "--target", str(SOLUTIONS)], cwd=KIT_ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(4)  # well into importing torch or grading; either way it must stop cleanly
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130, out + err
    assert "Stopped." in err
    assert "Traceback" not in out + err
    assert "bug in the kit" not in out
