"""A class graded in one batch, including every kind of attack on the judge.

Each student's files come from tests/kit/learners (or the reference solutions).
Whatever a submission does, it gets exactly the points its honest work earns,
the batch still finishes, and every other student's grade is untouched.
"""

import csv
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import LEARNERS, SOLUTIONS, grading_limit_s, run_grader, valid_result, without_timings

from autograd_kit.exercises.manifest import load_exercises
from autograd_kit.grading.seeds import CourseSecretError, new_course_secret, parse_course_secret, student_seed

SLOTS = {e.number: e.name for e in load_exercises()}

# student: (files by exercise number, points expected by exercise number; every other exercise earns 0)
CLASS = {
    "honest": ({"04": "solution", "09": "solution"}, {"04": 10, "09": 4}),
    "partly_wrong": ({"04": "mistakes.py"}, {"04": 1}),
    "exit_at_import": ({"04": "exit_at_import.py", "09": "solution"}, {"09": 4}),
    "sys_exit_at_import": ({"04": "sys_exit_at_import.py"}, {}),
    "exits_in_function": ({"04": "exits_in_function.py"}, {"04": 1}),
    "hangs_at_import": ({"04": "hang_at_import.py", "09": "solution"}, {"09": 4}),
    # imports signal, which reaches past its own objects: only q_function's value counts (test_04's rule)
    "ignores_sigalrm": ({"04": "ignores_sigalrm.py"}, {"04": 1}),
    "memory_bomb": ({"04": "huge_allocation.py"}, {"04": 4}),
    "fork_bomb": ({"04": "fork_bomb.py", "09": "solution"}, {"04": 1, "09": 4}),
    # imports ctypes: dq_db's work "by hand" cannot be confirmed in such a file (test_04's rule)
    "segfault": ({"04": "segfault.py"}, {"04": 1}),
    "tampers_and_lies": ({"04": "tampers_and_lies.py"}, {"04": 1}),
    "always_equal": ({"04": "always_equal.py"}, {}),
    "tensor_subclass": ({"04": "tensor_subclass.py"}, {"04": 3}),
    "reads_solutions": ({"04": "reads_solutions.py"}, {"04": 1}),
    "prints_a_lot": ({"04": "prints_a_lot.py"}, {"04": 10}),
    "ships_a_conftest": ({"04": "not_started_04.py"}, {}),
    "zipped": ({"04": "solution", "09": "solution"}, {"04": 10, "09": 4}),
    "zip_with_escape": ({"04": "solution"}, {}),
    "not_utf8": ({"04": "solution", "09": "solution"}, {"09": 4}),
}


def _source(slot: str, name: str) -> bytes:
    return (SOLUTIONS / f"{SLOTS[slot]}.py" if name == "solution" else LEARNERS / name).read_bytes()


def build_class(root: Path, out: Path) -> Path:
    folder = root / "submissions"
    for student, (files, _) in CLASS.items():
        target = folder / student / "exercises"
        target.mkdir(parents=True)
        for slot, name in files.items():
            (target / f"{SLOTS[slot]}.py").write_bytes(_source(slot, name))
    fake = json.dumps([str(out / "results" / "honest.json"), str(out / "gradebook.csv"), str(out / "summary.json")])
    lies = folder / "tampers_and_lies" / "exercises" / f"{SLOTS['04']}.py"
    lies.write_text(lies.read_text().replace("FAKE_RESULT_PATHS = []", f"FAKE_RESULT_PATHS = {fake}"))
    conftest_student = folder / "ships_a_conftest"
    (conftest_student / "conftest.py").write_text(
        "import pytest\n@pytest.hookimpl(hookwrapper=True)\ndef pytest_runtest_makereport(item, call):\n"
        "    call.excinfo = None\n    yield\n")
    (conftest_student / "pytest.ini").write_text("[pytest]\naddopts = -p no:autograd\n")
    (conftest_student / "exercises" / "conftest.py").write_text("raise SystemExit('owned')\n")
    (conftest_student / "tests" / "checks").mkdir(parents=True)
    (conftest_student / "tests" / "checks" / "test_04_gradients_by_hand.py").write_text("def test_ok():\n    pass\n")
    for student, extra in (("zipped", None), ("zip_with_escape", "../../escaped.py")):
        with zipfile.ZipFile(folder / f"{student}.zip", "w") as archive:
            for path in (folder / student).rglob("*.py"):
                archive.write(path, f"{student}-main/{path.relative_to(folder / student).as_posix()}")
            if extra:
                archive.writestr(extra, "print('escaped')")
        shutil.rmtree(folder / student)
    broken = folder / "not_utf8" / "exercises" / f"{SLOTS['04']}.py"
    broken.write_bytes("# 기울기\n".encode("euc-kr") + broken.read_bytes())
    return folder


# The first test grades the class (one grade per student): its limit grows with the class.
CLASS_LIMIT_S = grading_limit_s(len(CLASS))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    out = root / "grades"
    folder = build_class(root, out)
    result = run_grader("batch", str(folder), "--out", str(out), "--jobs", "2", "--seed", "17",
                        "--timeout", "3", "--memory-mb", "512", limit_s=CLASS_LIMIT_S)
    return folder, out, result


@pytest.mark.timeout(CLASS_LIMIT_S)
def test_the_batch_finishes_and_reports_every_student(graded):
    _, _, result = graded
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Graded {len(CLASS)} of {len(CLASS)} submissions" in result.stdout
    assert "zip_with_escape: submission refused" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("student", CLASS)
def test_each_student_gets_exactly_the_honest_points(graded, student):
    _, out, _ = graded
    expected = CLASS[student][1]
    rows = {row["student"]: row for row in csv.DictReader((out / "gradebook.csv").open(encoding="utf-8"))}
    row = rows[student]
    for number, name in SLOTS.items():
        assert float(row[name]) == expected.get(number, 0), (student, name, row)
    assert float(row["total"]) == sum(expected.values())
    saved = json.loads((out / "results" / f"{student}.json").read_text())
    valid_result(saved["grade"])
    assert saved["grade"]["points"] == sum(expected.values())
    assert saved["grade"]["seed"] == 17


def test_refusals_and_exploits_are_explained(graded):
    _, out, _ = graded

    def messages(student, number="04"):
        grade = json.loads((out / "results" / f"{student}.json").read_text())["grade"]
        exercise = next(e for e in grade["exercises"] if e["name"] == SLOTS[number])
        return exercise["status"], "\n".join(c["message"] for c in exercise["checks"])

    assert "outside its own folder" in messages("zip_with_escape")[1]
    assert "not UTF-8" in messages("not_utf8")[1]
    assert "read the kit's solutions" in messages("reads_solutions")[1]
    assert "start processes" in messages("fork_bomb")[1]
    # Through libc, seccomp refuses every fork (EPERM, no process is made) and the loop spins until the clock.
    assert messages("fork_bomb")[0] == "timeout"
    assert messages("ignores_sigalrm")[0] == "timeout"
    assert messages("ships_a_conftest")[0] == "not_started"
    assert not (out.parent / "escaped.py").exists() and not (out / "escaped.py").exists()


def test_resume_skips_graded_students_and_regrades_the_same(graded):
    folder, out, _ = graded
    before = json.loads((out / "results" / "honest.json").read_text())
    (out / "results" / "honest.json").unlink()
    again = run_grader("batch", str(folder), "--out", str(out), "--resume", "--jobs", "1", limit_s=200)
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"{len(CLASS) - 1} already graded, 1 to grade" in again.stdout
    after = json.loads((out / "results" / "honest.json").read_text())
    assert after["grade"]["seed"] == 17  # kept from the first run without --seed
    assert without_timings(after["grade"])["exercises"] == without_timings(before["grade"])["exercises"]
    rows = list(csv.DictReader((out / "gradebook.csv").open(encoding="utf-8")))
    assert len(rows) == len(CLASS)


def test_two_submissions_for_one_student_are_refused(tmp_path):
    (tmp_path / "subs" / "ana").mkdir(parents=True)
    (tmp_path / "subs" / "ana.zip").write_bytes(b"")
    result = run_grader("batch", str(tmp_path / "subs"), limit_s=60)
    assert result.returncode == 2 and "two submissions for 'ana'" in result.stdout


def test_seeds_from_student_ids_are_their_own_and_stable(tmp_path):
    secret, other = parse_course_secret(new_course_secret()), parse_course_secret(new_course_secret())
    assert student_seed("ana", secret) == student_seed(" ANA ", secret)
    assert len({student_seed(s, secret) for s in ("ana", "ben", "cho", "dev")}) == 4
    assert student_seed("ana", secret) != student_seed("ana", other)
    (tmp_path / "ana").mkdir()
    shutil.copy(SOLUTIONS / f"{SLOTS['04']}.py", tmp_path / "ana")
    key = secret.key.hex()
    result = run_grader("04", "--submission", str(tmp_path / "ana"), "--seed-from-student", "--format", "json",
                        env={"AUTOGRAD_KIT_COURSE_SECRET": key}, limit_s=120)
    grade = valid_result(json.loads(result.stdout))
    assert (grade["seed"], grade["student"], grade["points"]) == (student_seed("ana", secret), "ana", 10)
    assert key not in result.stdout + result.stderr


def test_resume_survives_a_damaged_settings_file(tmp_path, monkeypatch):
    import argparse

    from autograd_kit.classroom.batch import _settings

    saved = tmp_path / "batch.json"
    for content in ("{broken", "[1, 2]"):
        saved.write_text(content)
        args = argparse.Namespace(resume=True, seed=None, seed_from_student=False, timeout=3.0, memory_mb=512)
        settings = _settings(args, saved)
        assert isinstance(settings.seed, int) and not settings.seed_from_student
    saved.write_text(json.dumps({"seed": None, "seed_from_student": True}))
    resumed = argparse.Namespace(resume=True, seed=None, seed_from_student=False, timeout=3.0, memory_mb=512)
    with pytest.raises(CourseSecretError, match="needs the course secret"):
        _settings(resumed, saved)  # the secret is never kept: it must be given again
    secret = new_course_secret()
    monkeypatch.setenv("AUTOGRAD_KIT_COURSE_SECRET", secret)
    kept = _settings(resumed, saved)
    assert (kept.seed, kept.seed_from_student) == (None, True)
    assert kept.secret == parse_course_secret(secret) and "AUTOGRAD_KIT_COURSE_SECRET" not in os.environ
