"""Taking a student's submission: only the exercise files, never anything outside the working folder."""

import os
import subprocess
import sys
import zipfile

import pytest
from conftest import ENGLISH, KIT_ROOT, LEARNERS, SOLUTIONS

from autograd_kit.exercises.manifest import load_exercises
from autograd_kit.submission.collect import SubmissionError, prepare

EXERCISES = load_exercises()
SOLUTION_04 = (SOLUTIONS / "04_gradients_by_hand.py").read_bytes()


@pytest.fixture
def prepared():
    made = []

    def take(source):
        submission = prepare(source, EXERCISES)
        made.append(submission)
        return submission

    yield take
    for submission in made:
        submission.cleanup()
        assert not submission.folder.exists()


def _zip(path, entries):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize("layout", ["", "exercises/", "alice-main/", "alice-main/exercises/"])
def test_a_folder_in_any_usual_layout(tmp_path, prepared, layout):
    folder = tmp_path / "alice" / layout
    folder.mkdir(parents=True)
    (folder / "04_gradients_by_hand.py").write_bytes(SOLUTION_04)
    submission = prepared(tmp_path / "alice")
    assert submission.found == ["04_gradients_by_hand"] and not submission.rejected
    assert (submission.folder / "04_gradients_by_hand.py").read_bytes() == SOLUTION_04
    # Reports point at the files where the student has them
    assert submission.shown_as == str(tmp_path / "alice" / layout).rstrip("/")


def test_the_report_names_the_file_where_the_student_has_it(tmp_path):
    folder = tmp_path / "submission" / "exercises"
    folder.mkdir(parents=True)
    (folder / "04_gradients_by_hand.py").write_text((LEARNERS / "mistakes.py").read_text())
    result = subprocess.run([sys.executable, str(KIT_ROOT / "grader.py"), "04", "--submission", "submission",
                             "--seed", "3"], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                            env={**os.environ, **ENGLISH, "COLUMNS": "200"})
    assert "Open submission/exercises/04_gradients_by_hand.py" in result.stdout, result.stdout + result.stderr


def test_only_the_exercise_files_are_taken(tmp_path, prepared):
    folder = tmp_path / "sub"
    (folder / "tests" / "checks").mkdir(parents=True)
    (folder / "04_gradients_by_hand.py").write_bytes(SOLUTION_04)
    for extra in ["conftest.py", "pytest.ini", "grader.py", "tests/checks/test_04_gradients_by_hand.py", "notes.txt"]:
        (folder / extra).write_text("import os; os._exit(0)\n")
    submission = prepared(folder)
    assert sorted(p.name for p in submission.folder.iterdir()) == ["04_gradients_by_hand.py"]


def test_a_zip_with_a_top_folder(tmp_path, prepared):
    archive = _zip(tmp_path / "bob.zip", {"bob/exercises/04_gradients_by_hand.py": SOLUTION_04,
                                          "bob/old/deep/04_gradients_by_hand.py": b"wrong",
                                          "__MACOSX/bob/._04_gradients_by_hand.py": b"\x00\x01",
                                          "bob/conftest.py": b"raise SystemExit"})
    submission = prepared(archive)
    assert submission.found == ["04_gradients_by_hand"]
    assert (submission.folder / "04_gradients_by_hand.py").read_bytes() == SOLUTION_04
    assert not (submission.folder / "conftest.py").exists()


@pytest.mark.parametrize("evil", ["../04_gradients_by_hand.py", "/tmp/04_gradients_by_hand.py",
                                  "a/../../04_gradients_by_hand.py", "C:/04_gradients_by_hand.py",
                                  "..\\04_gradients_by_hand.py"])
def test_a_zip_with_paths_outside_its_root_is_refused_and_writes_nothing(tmp_path, evil):
    archive = _zip(tmp_path / "evil.zip",
                   {"04_gradients_by_hand.py": SOLUTION_04, evil: b"print('escaped')"})
    before = set(tmp_path.rglob("*"))
    with pytest.raises(SubmissionError, match="outside its own folder"):
        prepare(archive, EXERCISES)
    assert set(tmp_path.rglob("*")) == before


@pytest.mark.parametrize("content", [b"not a zip at all", b"PK\x03\x04 truncated"])
def test_a_file_that_is_not_a_zip_is_refused(tmp_path, content):
    path = tmp_path / "broken.zip"
    path.write_bytes(content)
    with pytest.raises(SubmissionError, match="neither a folder nor a zip|cannot be opened"):
        prepare(path, EXERCISES)


def test_a_missing_submission_is_refused(tmp_path):
    with pytest.raises(SubmissionError, match="no submission"):
        prepare(tmp_path / "nobody", EXERCISES)


def test_a_file_that_is_not_utf8_is_refused_with_the_reason(tmp_path, prepared):
    (tmp_path / "04_gradients_by_hand.py").write_bytes("# 한국어\n".encode("euc-kr") + SOLUTION_04)
    (tmp_path / "09_no_grad_context.py").write_bytes((SOLUTIONS / "09_no_grad_context.py").read_bytes())
    submission = prepared(tmp_path)
    assert "not UTF-8" in submission.rejected["04_gradients_by_hand"]
    assert submission.found == ["09_no_grad_context"]


@pytest.mark.skipif(os.name != "posix", reason="symbolic links and permissions as on POSIX")
def test_links_and_unreadable_files_are_refused(tmp_path, prepared):
    (tmp_path / "04_gradients_by_hand.py").symlink_to(SOLUTIONS / "04_gradients_by_hand.py")
    big = tmp_path / "09_no_grad_context.py"
    big.write_bytes(b"#" * (2 * 1024 * 1024))
    submission = prepared(tmp_path)
    assert "not a regular file" in submission.rejected["04_gradients_by_hand"]
    assert "larger than" in submission.rejected["09_no_grad_context"]
    assert submission.found == []


def test_learner_fixture_files_are_all_python():
    # The adversarial files used below are real Python, so they fail for what they do, not for syntax.
    for path in LEARNERS.glob("*.py"):
        if path.name != "syntax_error.py":
            compile(path.read_text(encoding="utf-8"), str(path), "exec")


def test_notebooks_are_taken_from_a_zip_and_a_py_file_wins_over_a_notebook(tmp_path, prepared):
    import nbformat

    cells = [nbformat.v4.new_code_cell("import torch"),
             nbformat.v4.new_code_cell("def q_function(a, b):\n    return 3 * a**3 - b**2"),
             nbformat.v4.new_code_cell("q_function(torch.ones(2), torch.ones(2))")]
    notebook = nbformat.writes(nbformat.v4.new_notebook(cells=cells))
    archive = _zip(tmp_path / "alice.zip", {
        "alice-main/04_gradients_by_hand.ipynb": notebook,
        "alice-main/05_vector_backward.ipynb": notebook,
        "alice-main/05_vector_backward.py": "# the .py wins\n",
        "alice-main/06_the_graph.ipynb": "{ broken",
    })
    submission = prepared(archive)
    module = (submission.folder / "04_gradients_by_hand.py").read_text()
    # The function as it ran; the try-out call and the import nothing kept uses are left out
    assert module == "def q_function(a, b):\n    return 3 * a**3 - b**2\n"
    assert (submission.folder / "05_vector_backward.py").read_text() == "# the .py wins\n"
    assert submission.notebooks == ["04_gradients_by_hand", "06_the_graph"]
    assert "06_the_graph.ipynb cannot be graded: it is not a notebook nbformat can read" in \
        submission.rejected["06_the_graph"]
