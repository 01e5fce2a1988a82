"""Learner files as any editor saves them (issue 24, part 2): a UTF-8 BOM (Notepad's "UTF-8 with BOM"), CRLF line
endings, both, tabs for indentation, in a folder whose path has spaces and Hangul. Correct work earns full marks
however it was saved; an untouched stub stays "not started"."""

import re
import zipfile

import nbformat
import pytest
from conftest import SOLUTIONS, grade_json, run_grader
from nbformat import v4

from autograd_kit.exercises import stubs
from autograd_kit.grading.grade import max_points
from autograd_kit.exercises.manifest import load_exercises
from autograd_kit.learner.progress import fingerprint
from autograd_kit.submission.notebook_cells import notebook_module
from autograd_kit.submission.text import canonical_source, decode_source

EXERCISES = load_exercises()
BOM = "\ufeff"


def with_tabs(text: str) -> str:
    """Each leading group of four spaces as a tab, as an editor set to indent with tabs writes it."""
    return "\n".join(re.sub(r"^((?:    )+)", lambda m: "\t" * (len(m[1]) // 4), line) for line in text.split("\n"))


SAVED_AS = {
    "bom": lambda text: BOM + text,
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "bom_crlf": lambda text: BOM + text.replace("\n", "\r\n"),
    "tabs": with_tabs,
}


def save(folder, name: str, text: str, variant: str) -> None:
    # newline="" writes the text's own line endings; utf-8 (not utf-8-sig) so the BOM is only where the text has it
    (folder / name).write_text(SAVED_AS[variant](text), encoding="utf-8", newline="")


def everything(text: str) -> str:
    """A BOM, CRLF and tabs at once: all an editor can change in one file."""
    return SAVED_AS["bom_crlf"](with_tabs(text))


# Two folders, two grades: every solution saved every way at once, and every way alone, in turn (each way five
# exercises, the resnet18 ones among them).
ALONE = list(SAVED_AS)


@pytest.fixture(scope="module")
def learner_folders(tmp_path_factory):
    """The solutions saved each way, each folder like C:\\Users\\김민수\\학생 폴더."""
    folders = {}
    for kind in ("everything", "each_way"):
        folder = tmp_path_factory.mktemp(kind) / "학생 폴더" / "김민수"
        folder.mkdir(parents=True)
        for index, exercise in enumerate(EXERCISES):
            text = (SOLUTIONS / exercise.filename).read_text(encoding="utf-8")
            if kind == "everything":
                (folder / exercise.filename).write_text(everything(text), encoding="utf-8", newline="")
            else:
                save(folder, exercise.filename, text, ALONE[index % len(ALONE)])
        folders[kind] = folder
    return folders


def test_the_variants_really_differ_from_the_solutions(learner_folders):
    original = (SOLUTIONS / "04_gradients_by_hand.py").read_bytes()
    saved = learner_folders["everything"] / "04_gradients_by_hand.py"
    assert saved.read_bytes().startswith(b"\xef\xbb\xbf") and b"\r\n\t" in saved.read_bytes()
    each = {ALONE[i % len(ALONE)]: (learner_folders["each_way"] / e.filename).read_bytes() for i, e in enumerate(EXERCISES)}
    assert each["bom"].startswith(b"\xef\xbb\xbf") and b"\r\n" not in each["bom"]
    assert b"\r\n" in each["crlf"] and not each["crlf"].startswith(b"\xef\xbb\xbf")
    assert each["bom_crlf"].startswith(b"\xef\xbb\xbf") and b"\r\n" in each["bom_crlf"]
    assert b"\n\t" in each["tabs"] and b"\r" not in each["tabs"]
    assert original not in {saved.read_bytes(), *each.values()}
    assert {ALONE[i % len(ALONE)] for i, e in enumerate(EXERCISES) if e.name[:2] in ("01", "02", "03", "08")} \
        == set(ALONE)  # every way meets resnet18's exercises too


@pytest.mark.parametrize("kind", ["everything", "each_way"])
def test_solutions_score_full_marks_however_the_editor_saved_them(learner_folders, kind):
    grade = grade_json(learner_folders[kind], "--seed", "11")
    assert [e["status"] for e in grade["exercises"]] == ["passed"] * len(EXERCISES), kind
    assert grade["points"] == grade["max_points"] == max_points()


def test_stubs_saved_with_a_bom_and_crlf_are_not_started(tmp_path):
    folder = tmp_path / "학생 폴더" / "exercises"
    folder.mkdir(parents=True)
    for exercise in EXERCISES:
        save(folder, exercise.filename, stubs.pristine(exercise.name), "bom_crlf")
    grade = grade_json(folder, "--seed", "11")
    assert {e["status"] for e in grade["exercises"]} == {"not_started"}
    assert grade["points"] == 0
    # `list` compares with the stub as text: Notepad's re-save of an untouched stub is still not started
    shown = run_grader("list", "--target", str(folder)).stdout
    rows = [line for line in shown.splitlines() if line[:2].isdigit()]
    assert len(rows) == len(EXERCISES) and all("not started" in row for row in rows), shown


def test_a_bom_crlf_submission_zip_grades_like_the_plain_files(tmp_path):
    archive = tmp_path / "김민수 제출.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for name in ("04_gradients_by_hand.py", "09_no_grad_context.py"):
            text = BOM + (SOLUTIONS / name).read_text(encoding="utf-8").replace("\n", "\r\n")
            zipped.writestr(f"exercises/{name}", text.encode("utf-8"))
    grade = grade_json(tmp_path, "--submission", str(archive), "--seed", "11")
    statuses = {e["name"]: e["status"] for e in grade["exercises"]}
    assert statuses["04_gradients_by_hand"] == statuses["09_no_grad_context"] == "passed", statuses


def test_a_notebook_saved_with_a_bom_is_read():
    notebook = v4.new_notebook(cells=[v4.new_code_cell("import torch\r\n\r\ndef f():\r\n    return 1")])
    module = notebook_module((BOM + nbformat.writes(notebook)).encode("utf-8"))
    assert "def f():\n    return 1" in module.source and not module.unreadable


def test_resaving_with_a_bom_or_crlf_keeps_the_fingerprint(tmp_path):
    text = (SOLUTIONS / "04_gradients_by_hand.py").read_text(encoding="utf-8")
    prints = set()
    for variant in ("bom", "crlf", "bom_crlf"):
        save(tmp_path, f"{variant}.py", text, variant)
        prints.add(fingerprint(tmp_path / f"{variant}.py"))
    (tmp_path / "plain.py").write_text(text, encoding="utf-8")
    assert prints == {fingerprint(tmp_path / "plain.py")}
    (tmp_path / "changed.py").write_text(text + "# a change\n", encoding="utf-8")
    assert fingerprint(tmp_path / "changed.py") not in prints


def test_decoding_drops_the_bom_and_unifies_line_ends_only():
    assert decode_source(b"\xef\xbb\xbfx = 1\r\ny = '\xc3\xa9'\rz = 3\n") == "x = 1\ny = '\u00e9'\nz = 3\n"
    assert decode_source(b"\tx = 1\n") == "\tx = 1\n"  # tabs are the learner's indentation, kept
    assert canonical_source(b"\xef\xbb\xbfa\r\n") == b"a\n"
    assert canonical_source(b"a = '\xff'\n") == b"a = '\xff'\n"  # not UTF-8: left for the worker to report
    with pytest.raises(UnicodeDecodeError):
        decode_source(b"\xff")
