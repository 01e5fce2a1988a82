"""exercises/ is generated from solutions/, and the two stay in step."""

import subprocess
from pathlib import Path

import pytest

from autograd_kit.exercises import stubs
from autograd_kit.exercises.manifest import KIT_ROOT, load_exercises

SOLUTION = '''"""Doc."""
import torch


# TODO: decorate it.
# BEGIN SOLUTION
@torch.no_grad()
# END SOLUTION
def double(x):
    """Twice x."""
    # TODO: one line.
    # BEGIN SOLUTION
    y = x * 2
    return y
    # END SOLUTION
'''


def test_solution_in_a_function_becomes_not_implemented():
    stub = stubs.stub_source(SOLUTION, "99_demo")
    assert 'raise NotImplementedError("99_demo: double() is not written yet / 아직 작성 전")' in stub
    assert "y = x * 2" not in stub
    assert "# TODO: one line." in stub


def test_solution_outside_a_function_is_removed():
    stub = stubs.stub_source(SOLUTION, "99_demo")
    assert "@torch.no_grad()" not in stub
    assert "# TODO: decorate it.\ndef double(x):" in stub
    assert "SOLUTION" not in stub


@pytest.mark.parametrize("broken", [
    "def f():\n    # BEGIN SOLUTION\n    return 1\n",
    "def f():\n    return 1\n    # END SOLUTION\n",
    "def f():\n    # BEGIN SOLUTION\n    # BEGIN SOLUTION\n    # END SOLUTION\n",
])
def test_unbalanced_markers_are_refused(broken):
    with pytest.raises(stubs.StubError):
        stubs.stub_source(broken, "99_demo")


def _committed(path: Path) -> str:
    """The committed version of a file, so a learner's own edits do not fail this test."""
    relative = path.relative_to(KIT_ROOT).as_posix()
    shown = subprocess.run(["git", "show", f"HEAD:{relative}"], cwd=KIT_ROOT, capture_output=True, text=True)
    if shown.returncode == 0:
        return shown.stdout
    return path.read_text(encoding="utf-8")  # not a git checkout (a zip download)


def test_committed_exercises_equal_generated_stubs(tmp_path):
    stubs.generate(KIT_ROOT / "solutions", tmp_path)
    for exercise in load_exercises():
        generated = exercise.path_in(tmp_path).read_text(encoding="utf-8")
        assert generated == _committed(exercise.path_in(KIT_ROOT / "exercises")), (
            f"exercises/{exercise.filename} is stale: run `python grader.py dev generate-stubs`")


def test_generate_stubs_command_writes_every_exercise(tmp_path):
    from autograd_kit.cli.main import main

    assert main(["dev", "generate-stubs", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(e.filename for e in load_exercises())


def test_every_stub_teaches_and_marks_its_todo(tmp_path):
    stubs.generate(KIT_ROOT / "solutions", tmp_path)
    for exercise in load_exercises():
        text = exercise.path_in(tmp_path).read_text(encoding="utf-8")
        assert text.startswith('"""Exercise '), exercise.name
        assert "# TODO" in text, exercise.name
        assert f'NotImplementedError("{exercise.name}: ' in text, exercise.name
        compile(text, exercise.filename, "exec")


def test_manifest_files_and_checks_line_up():
    names = [e.name for e in load_exercises()]
    assert names == sorted(names), "exercises are numbered in learning order"
    for folder in ("solutions", "exercises"):
        assert sorted(p.stem for p in (KIT_ROOT / folder).glob("*.py")) == names
    assert sorted(p.stem.removeprefix("test_") for p in (KIT_ROOT / "tests" / "checks").glob("test_*.py")) == names


def test_checks_never_import_solutions():
    for check in (KIT_ROOT / "tests" / "checks").glob("*.py"):
        assert "solutions" not in check.read_text(encoding="utf-8"), check.name


def test_bundled_stubs_for_reset_equal_the_generated_ones(tmp_path):
    stubs.generate(KIT_ROOT / "solutions", tmp_path)
    for exercise in load_exercises():
        assert stubs.pristine(exercise.name) == exercise.path_in(tmp_path).read_text(encoding="utf-8"), (
            f"autograd_kit/stubs.json is stale for {exercise.name}: run `python grader.py dev generate-stubs`")


def test_exercise_04_leads_to_the_rules_without_stating_its_results():
    """Its docstring once wrote dQ/da = 9 * a**2 and dQ/db = -2 * b: copying them passed (issue 28)."""
    import re

    stub = (KIT_ROOT / "exercises" / "04_gradients_by_hand.py").read_text(encoding="utf-8")
    compact = re.sub(r"\s+", "", stub)
    for result in ("9*a**2", "9a^2", "9a²", "-2*b", "-2b", "=-2b"):
        assert result not in compact, result
    assert "n * x^(n-1)" in stub and "def dq_da_general(a" in stub  # the rule, and Q of the learner's seed
