"""A failure of the grader itself (issue 24, part 6): never saved as the learner's status, never shown by `list`,
said with what failed and the fix, and an exit code of its own (4)."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import ENGLISH, KIT_ROOT, SOLUTIONS, run_grader

from autograd_kit.exercises import stubs
from autograd_kit.grading.results import CheckKind, CheckResult, ExerciseResult, Grade, Status
from autograd_kit.learner.progress import Progress, remember, state_path
from autograd_kit.sandbox import reach

USER = 54321
AS_USER = [sys.executable, str(Path(__file__).with_name("as_user.py")), str(USER), "--"]


@pytest.fixture
def home():
    """A folder an ordinary user owns, outside root's 0700 pytest folder: the learner's kit and a 0700 folder
    holding a link to the venv (Python reached only through it)."""
    base = Path(tempfile.mkdtemp(prefix="autograd-kit-infra-", dir="/tmp"))
    try:
        learner = base / "exercises"
        learner.mkdir()
        for exercise in ("04_gradients_by_hand", "09_no_grad_context"):
            (learner / f"{exercise}.py").write_text(stubs.pristine(exercise))
        shutil.copy(SOLUTIONS / "04_gradients_by_hand.py", learner)
        private = base / "private"
        private.mkdir()
        (private / "venv").symlink_to(sys.prefix)
        for path in [base, *base.rglob("*")]:
            os.lchown(path, USER, USER)
        base.chmod(0o755)
        private.chmod(0o700)
        yield base
    finally:
        shutil.rmtree(base, ignore_errors=True)


def grade_as_user(home: Path, *args: str) -> subprocess.CompletedProcess:
    python = home / "private" / "venv" / "bin" / "python"
    return subprocess.run([*AS_USER, "env", f"PYTHONPATH={KIT_ROOT}", str(python), "grader.py", *args,
                           "--target", str(home / "exercises")], cwd=KIT_ROOT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, **ENGLISH, "COLUMNS": "200"})


def test_workers_that_cannot_reach_python_are_the_graders_failure_not_the_learners(home):
    # First a real grade: 04 passes, and state.json remembers it.
    assert run_grader("04", "--target", str(home / "exercises")).returncode == 0
    saved = json.loads(state_path(home / "exercises").read_text())["last"]
    assert saved["04_gradients_by_hand"]["status"] == "passed"
    for path in [home / ".autograd-kit", *(home / ".autograd-kit").rglob("*")]:
        os.lchown(path, USER, USER)
    # Then an ordinary user grades with Python behind a link in a 0700 folder: the workers cannot start.
    ran = grade_as_user(home, "04")
    shown = ran.stdout + ran.stderr
    assert ran.returncode == 4, shown
    private = home / "private"
    assert f"the workers cannot reach Python under {private} (mode 0700): make it readable, or use a venv " \
           f"elsewhere" in shown
    assert "not saved as your result" in shown and "grade again" not in shown
    # Nothing of it was saved: 04 is still passed, and 09 (never graded) is no error.
    assert json.loads(state_path(home / "exercises").read_text())["last"] == saved
    listed = grade_as_user(home, "list").stdout
    rows = {line.split()[0]: line for line in listed.splitlines() if line[:2].isdigit()}
    assert "passed" in rows["04"] and "not started" in rows["09"], listed
    assert "error" not in listed


def test_a_failed_grade_of_a_new_exercise_leaves_no_status(tmp_path):
    folder = tmp_path / "exercises"
    folder.mkdir()
    (folder / "09_no_grad_context.py").write_text(stubs.pristine("09_no_grad_context"))
    failed = CheckResult("09_no_grad_context", "test_x", "x", 1, CheckKind.GRADER_ERROR, "could not start")
    grade = Grade(str(folder), 1, [ExerciseResult("09_no_grad_context", "t", "c", Status.ERROR, [failed])])
    remember(grade, folder)
    assert Progress.load(state_path(folder)).last == {}
    listed = run_grader("list", "--target", str(folder)).stdout
    assert "error" not in listed and "not started" in listed


def test_the_folder_in_the_way_is_named_from_its_mode(monkeypatch):
    base = Path(tempfile.mkdtemp(prefix="autograd-kit-reach-", dir="/tmp"))  # its parents all passable
    try:
        private = base / "private"
        (private / "venv" / "bin").mkdir(parents=True)
        (private / "venv" / "bin" / "python").write_text("")
        private.chmod(0o700)
        base.chmod(0o755)
        monkeypatch.setattr(sys, "executable", str(private / "venv" / "bin" / "python"))
        monkeypatch.setattr(sys, "prefix", str(private / "venv"))
        monkeypatch.setattr(sys, "path", [])
        said = reach.out_of_reach()
        assert said == (f"the workers cannot reach Python under {private} (mode 0700): make it readable, or use a "
                        "venv elsewhere")
    finally:
        shutil.rmtree(base)


def test_a_python_everyone_may_reach_gets_no_advice(monkeypatch):
    monkeypatch.setattr(sys, "executable", "/usr/bin/env")
    monkeypatch.setattr(sys, "prefix", "/usr")
    monkeypatch.setattr(sys, "path", ["/usr/lib"])
    assert reach.out_of_reach() is None
