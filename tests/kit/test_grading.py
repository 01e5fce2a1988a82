"""The whole grader, run as a learner runs it: full marks, zero, any seed, no solutions/."""

import json
import shutil

import pytest
from conftest import KIT_ROOT, SOLUTIONS, checks, exercise, grade_json, run_grader, valid_result, without_timings

from autograd_kit.exercises import stubs
from autograd_kit.exercises.manifest import load_exercises


def test_solutions_score_full_marks():
    grade = grade_json(SOLUTIONS, "--seed", "11")
    assert [e["status"] for e in grade["exercises"]] == ["passed"] * len(load_exercises())
    assert grade["points"] == grade["max_points"] > 0
    assert grade["percent"] == 100


def test_untouched_stubs_score_zero_and_read_not_started(tmp_path):
    stubs.generate(SOLUTIONS, tmp_path)
    # One grade, read twice: the terminal's text and the JSON file written beside it.
    result = run_grader("--target", str(tmp_path), "--seed", "11", "--json", str(tmp_path / "grade.json"))
    assert result.returncode == 0
    assert "Traceback" not in result.stdout + result.stderr
    assert "Score: 0/" in result.stdout
    assert "Not started yet" in result.stdout
    grade = valid_result(json.loads((tmp_path / "grade.json").read_text()))
    assert {e["status"] for e in grade["exercises"]} == {"not_started"}
    assert grade["points"] == 0
    for each in grade["exercises"]:
        for check in each["checks"]:
            assert check["message"].startswith("Not started:"), check


def test_an_exercise_without_a_file_runs_none_of_its_checks(tmp_path, monkeypatch):
    """No file: every check says so at once, and none computes a truth that nothing would be compared with (here,
    01's resnet18 would raise if a check built it)."""
    from autograd_kit.checks import recipes
    from autograd_kit.exercises.manifest import find_exercise
    from autograd_kit.grading.grade import GradeRequest, grade

    def refuse(*args, **kwargs):
        raise AssertionError("a check of a missing file ran")

    monkeypatch.setattr(recipes.ResNet18, "build", refuse)
    (tmp_path / "exercises").mkdir()
    shutil.copy(SOLUTIONS / "09_no_grad_context.py", tmp_path / "exercises")
    graded = grade(GradeRequest(tmp_path / "exercises", (find_exercise("01"), find_exercise("09")), seed=4,
                                in_process=True))
    first, ninth = graded.exercises
    assert first.status == "not_started" and ninth.status == "passed"
    assert {c.kind for c in first.checks} == {"not_started"}
    assert all(c.message == f"Not started: there is no file {tmp_path / 'exercises' / '01_forward_pass.py'}."
               for c in first.checks), [c.message for c in first.checks]


def test_hard_coded_answers_earn_nothing(target):
    grade = grade_json(target({"04_gradients_by_hand": "hard_coded.py"}), "04", "--seed", "5")
    assert exercise(grade, "04")["points"] == 0
    assert "on random inputs" in checks(grade, "04")["test_dq_da"]["message"]


def test_the_same_seed_gives_the_same_grade(target):
    folder = target({"04_gradients_by_hand": "mistakes.py", "06_the_graph": "solution"})
    first, second = (grade_json(folder, "--seed", "99") for _ in range(2))
    assert without_timings(first) == without_timings(second)


def test_the_kit_grades_with_solutions_deleted(tmp_path):
    kit = tmp_path / "kit"
    shutil.copytree(KIT_ROOT, kit, ignore=shutil.ignore_patterns(".git", ".venv", "solutions", "__pycache__"))
    assert not (kit / "solutions").exists()
    learner = tmp_path / "learner"
    shutil.copytree(SOLUTIONS, learner)
    grade = grade_json(learner, "--seed", "3", cwd=kit)
    assert grade["percent"] == 100
    assert "Not started" in run_grader("01", cwd=kit).stdout
