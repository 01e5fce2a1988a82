"""Output in a legacy code page never crashes (issue 24, part 2): stdout is a pipe in cp949 (Korean Windows), cp1252
or ascii, the way Windows hands a redirected console to Python. What the code page cannot hold becomes "?";
everything else is printed as it is. Real subprocesses, real bytes."""

import os
import shutil
import subprocess
import sys

import pytest
from conftest import ENGLISH, KIT_ROOT, LEARNERS, SOLUTIONS

from autograd_kit.exercises import stubs
from autograd_kit.exercises.manifest import load_exercises

# (code page, --lang, what it must print whole, what it cannot hold and must print as "?")
CASES = [
    ("cp949", "ko", ["시작 전", "점수: 10/128"], "✘ 실패"),
    ("cp1252", "en", ["· not started", "Score: 10/128"], "✘ failed"),
    ("ascii", "en", ["? not started", "Score: 10/128"], "✘ failed"),
]


def run_in(encoding: str, language: str, *args: str) -> tuple[int, str, bytes]:
    ran = subprocess.run([sys.executable, "grader.py", *args, "--lang", language], cwd=KIT_ROOT, capture_output=True,
                         timeout=300, env={**os.environ, **ENGLISH, "COLUMNS": "200", "PYTHONIOENCODING": encoding})
    # Strict: every byte is the code page's own (a crash would leave a traceback on stderr instead)
    return ran.returncode, ran.stdout.decode(encoding), ran.stderr


@pytest.mark.parametrize(("encoding", "language", "whole", "replaced"), CASES, ids=[c[0] for c in CASES])
def test_grade_list_and_hint_print_in_a_legacy_code_page(tmp_path, encoding, language, whole, replaced):
    folder = tmp_path / "exercises"
    folder.mkdir()
    for exercise in load_exercises():
        (folder / exercise.filename).write_text(stubs.pristine(exercise.name), encoding="utf-8")
    shutil.copy(LEARNERS / "wrong_no_grad.py", folder / "09_no_grad_context.py")  # a failing grade: ✘ and feedback
    shutil.copy(SOLUTIONS / "04_gradients_by_hand.py", folder)
    code, graded, errors = run_in(encoding, language, "--target", str(folder))
    assert code == 0 and b"Traceback" not in errors and b"UnicodeEncodeError" not in errors, errors
    for text in whole:
        assert text in graded, graded
    assert replaced not in graded and "?" in graded
    code, listed, errors = run_in(encoding, language, "list", "--target", str(folder))
    assert code == 0 and b"Traceback" not in errors, errors
    assert whole[0] in listed, listed
    code, hinted, errors = run_in(encoding, language, "hint", "09", "--target", str(folder))
    assert code == 0 and b"Traceback" not in errors, errors
    assert "09" in hinted
