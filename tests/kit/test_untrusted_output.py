"""A learner's text never steers the reader's terminal or spreadsheet (issue 23).

What the learner's code prints or raises, and student ids and file names, reach the terminal, the JSON,
JUnit and Gradescope files, and a batch's gradebook, mistakes.csv and report.html without one control
sequence of theirs (report/untrusted.py); no CSV cell begins a formula (report/csv_cells.py). The kit's
own colours still show on a terminal.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import LEARNERS, SOLUTIONS, run_grader, valid_result

from autograd_kit.classroom.record import ClassHeader, ClassRecord
from autograd_kit.report import class_files
from autograd_kit.report.csv_cells import csv_text, spreadsheet_safe
from autograd_kit.report.untrusted import clean, clean_tree

EXERCISE = "04_gradients_by_hand"
# Anything that steers a terminal: ESC, BEL and the other C0 but newline and tab, DEL, C1, bidi controls.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
KIT_SGR = re.compile(r"\x1b\[[0-9;]*m")  # rich's colours: the only escapes a report may hold
HOSTILE_IDS = ["=cmd|' /C calc'!A0", "+1", "-2", "@SUM(1)", "\tx", "\rx"]


def forbidden_in(text: str) -> list[str]:
    return sorted({repr(ch) for ch in FORBIDDEN.findall(text)})


@pytest.mark.parametrize(("raw", "shown"), [
    ("a\x1b]52;c;cm0gLXJmIH4=\x07b", "ab"),  # OSC 52, ended by BEL
    ("a\x1b]52;c;eA==\x1b\\b", "ab"),  # ended by ST
    ("a\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),  # OSC 8 hyperlink
    ("a\x1b[2A\x1b[1;1H\x1b[2K\x1b[?25lb", "ab"),  # CSI: cursor up, home, erase, hide the cursor
    ("\x1b[38;5;46m✔ passed 7/7\x1b[0m", "✔ passed 7/7"),  # a colour of the learner's
    ("a\x1bP1$r\x1b\\b\x1b_apc\x1b\\c\x1b^pm\x1b\\d\x1bXsos\x1b\\e", "abcde"),  # DCS, APC, PM, SOS
    ("a\x9b2Jb\x9d0;title\x9cc\x90dcs\x9cd\x85e", "abcde"),  # the 8-bit C1 forms
    ("a\x1b7\x1b8\x1bcb\x1b(Bc", "abc"),  # save, restore, reset, charset
    ("\u202egnp.exe\u202c \u2066x\u2069\u202a\u202b\u202d\u2067\u2068", "gnp.exe x"),  # bidi
    ("a\rb\x08c\x7fd\x07e\x00f\x0bg\x0ch", "abcdefgh"),  # C0 and DEL
    ("line one\n\tline two", "line one\n\tline two"),  # newline and tab stay
    ("a\x1b]52;c;never ended", "a52;c;never ended"),  # unterminated: plain text, no introducer
    ("a\x1b", "a"),
    ("[bold red]markup[/] 한국어 é", "[bold red]markup[/] 한국어 é"),  # words are left alone
])
def test_clean_removes_every_control_sequence_and_keeps_the_words(raw, shown):
    assert clean(raw) == shown
    assert clean(clean(raw)) == shown


def test_clean_tree_cleans_keys_values_and_lists_and_leaves_numbers():
    tree = {"student\x1b[2J": ["\u202eok", {"n": 3, "x": 1.5, "b": True, "none": None}], "m": "\x9b1m"}
    assert clean_tree(tree) == {"student": ["ok", {"n": 3, "x": 1.5, "b": True, "none": None}], "m": ""}


@pytest.mark.parametrize("cell", HOSTILE_IDS)
def test_a_cell_that_would_be_a_formula_starts_with_a_quote(cell):
    assert spreadsheet_safe(cell) == "'" + cell
    (row,) = csv.reader(io.StringIO(csv_text([[cell, "3", "42.50", "7"]]), newline=""))
    assert row == ["'" + cell, "3", "42.50", "7"]  # the kit's numbers stay numbers


def test_plain_cells_are_unchanged():
    for cell in ("alice", "3", "0", "100.00", "", "note: -2 points", "a=b"):
        assert spreadsheet_safe(cell) == cell


def test_the_class_files_quote_hostile_ids_and_notes_and_drop_their_escapes(tmp_path):
    """A record as `grader.py report` reads it back: ids and failure notes from the results files."""
    ids = [*HOSTILE_IDS[:4], "mallory"]
    answers = {s: {"student": s, "failure": "=HYPERLINK(\"http://evil.example\")"} for s in ids[:4]}
    answers["mallory"] = {"student": "mallory", "failure": "crashed: \x1b]52;c;eA==\x07\u202eevil\x1b[2A"}
    header = ClassHeader(seed=1, seed_from_student=False, timeout_s=3.0, memory_mb=512, roster=tuple(ids))
    class_files.write_outputs(tmp_path, ClassRecord(header, answers), seconds=None)
    rows = list(csv.reader((tmp_path / class_files.GRADEBOOK).open(encoding="utf-8", newline="")))
    by_id = {row[0]: row for row in rows[1:]}
    assert set(by_id) == {"'=cmd|' /C calc'!A0", "'+1", "'-2", "'@SUM(1)", "mallory"}
    assert by_id["'+1"][-1] == 'not graded: =HYPERLINK("http://evil.example")'  # begins with a letter: as is
    assert by_id["mallory"][-1] == "not graded: crashed: evil"
    for name in (class_files.GRADEBOOK, class_files.MISTAKES, class_files.SUMMARY, class_files.REPORT):
        assert forbidden_in((tmp_path / name).read_text(encoding="utf-8")) == [], name
        assert "\\u001b" not in (tmp_path / name).read_text(encoding="utf-8").lower(), name


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("learner") / "exercises"
    folder.mkdir()
    shutil.copy(LEARNERS / "terminal_escapes.py", folder / f"{EXERCISE}.py")
    return folder


@pytest.fixture(scope="module")
def on_a_terminal(hostile_folder, tmp_path_factory):
    """One grade with rich's styling on (FORCE_COLOR, as on a terminal), its JSON and JUnit written too."""
    out = tmp_path_factory.mktemp("files")
    result = run_grader("04", "--target", str(hostile_folder), "--seed", "3", "--json", str(out / "grade.json"),
                        "--format", "junit", "--output", str(out / "junit.xml"),
                        env={"FORCE_COLOR": "1", "TERM": "xterm-256color", "NO_COLOR": ""})
    return result, out


def test_the_terminal_shows_the_kit_s_colours_and_none_of_the_learner_s_escapes(on_a_terminal):
    result, _ = on_a_terminal
    assert result.returncode == 0, result.stderr
    shown = result.stdout
    assert KIT_SGR.search(shown), "rich's own styling must still reach a terminal"
    assert "\x1b[32m✔\x1b[0m" in shown and "\x1b[31m✘\x1b[0m" in shown  # the kit's marks, in colour
    leftover = KIT_SGR.sub("", shown)
    assert forbidden_in(leftover) == [], leftover
    assert "38;5;46" not in shown  # the learner's own green
    # What it printed and raised is still shown, as words, under the real score; its markup stays text.
    assert "1/10 points" in shown
    assert "| ✔ passed 7/7a link gnp.exe isolated [bold red]markup[/]" in leftover
    assert "raised ValueError: ✔ passed 7/7" in leftover


def test_the_json_and_junit_files_hold_none_of_the_learner_s_escapes(on_a_terminal):
    _, out = on_a_terminal
    for name in ("grade.json", "junit.xml"):
        text = (out / name).read_text(encoding="utf-8")
        assert forbidden_in(text) == [], name
        assert not re.search(r"\\u00(1b|9[bd])|\\u202e|&#27;|&#x1b;", text, re.IGNORECASE), name
    grade = valid_result(json.loads((out / "grade.json").read_text(encoding="utf-8")))
    strings = json.dumps(grade, ensure_ascii=False)
    assert forbidden_in(json.loads(json.dumps(strings))) == []
    checks = {c["name"]: c for e in grade["exercises"] if e["name"] == EXERCISE for c in e["checks"]}
    assert any("passed 7/7" in c["output"] for c in checks.values())
    assert any("ValueError: ✔ passed 7/7" in c["message"] for c in checks.values())


def test_a_plain_report_and_the_gradescope_file_hold_none_of_the_learner_s_escapes(hostile_folder, tmp_path):
    result = run_grader("04", "--target", str(hostile_folder), "--seed", "3", "--format", "gradescope",
                        "--output", str(tmp_path / "results.json"), "--summary", str(tmp_path / "summary.md"))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and forbidden_in(result.stdout) == []
    assert "[bold red]markup[/]" in result.stdout
    for name in ("results.json", "summary.md"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert forbidden_in(text) == [] and "\\u001b" not in text.lower(), name
    assert "passed 7/7" in (tmp_path / "results.json").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory):
    """A class of four: the escapes' author, and students whose ids a spreadsheet would run as formulas."""
    root = tmp_path_factory.mktemp("class")
    students = {"escapes": LEARNERS / "terminal_escapes.py", "+1": LEARNERS / "mistakes.py",
                "-2": LEARNERS / "mistakes.py", "@SUM(1)": SOLUTIONS / f"{EXERCISE}.py"}
    for student, source in students.items():
        (root / "class" / student / "exercises").mkdir(parents=True)
        shutil.copy(source, root / "class" / student / "exercises" / f"{EXERCISE}.py")
    out = root / "grades"
    result = run_grader("batch", str(root / "class"), "--out", str(out), "--seed", "5", "--jobs", "1",
                        "--timeout", "3", env={"FORCE_COLOR": "1", "TERM": "xterm-256color", "NO_COLOR": ""},
                        limit_s=600)
    return result, out


def test_a_batch_s_files_hold_none_of_the_learner_s_escapes(hostile_class):
    result, out = hostile_class
    assert result.returncode == 0, result.stdout + result.stderr
    # rich's progress bar moves the cursor itself; nothing else does, and nothing of the learner's is there.
    assert forbidden_in(re.sub(r"\x1b\[\??[0-9;]*[A-Za-z]", "", result.stdout)) == []
    assert "38;5;46" not in result.stdout and "\x1b]" not in result.stdout
    written = [p for p in out.rglob("*") if p.is_file()]
    assert {p.name for p in written} >= {"gradebook.csv", "mistakes.csv", "report.html", "summary.json",
                                        "batch.json", "escapes.json"}
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert forbidden_in(text) == [] and "\\u001b" not in text.lower(), path.name
    escapes = json.loads((out / "results" / "escapes.json").read_text(encoding="utf-8"))
    assert "passed 7/7" in json.dumps(escapes, ensure_ascii=False)  # still shown, as words


def test_a_batch_s_csvs_quote_ids_that_a_spreadsheet_would_run(hostile_class):
    _, out = hostile_class
    book = list(csv.DictReader((out / "gradebook.csv").open(encoding="utf-8", newline="")))
    # (a batch's ids keep letters, digits and ._@+- of the folder's name: "@SUM(1)" is "@SUM_1_")
    assert {row["student"] for row in book} == {"escapes", "'+1", "'-2", "'@SUM_1_"}
    scores = {row["student"]: row[EXERCISE] for row in book}
    assert scores == {"escapes": "1", "'+1": "1", "'-2": "1", "'@SUM_1_": "10"}  # the numbers stay numbers
    assert all(float(row["percent"]) >= 0 for row in book)
    mistakes = list(csv.DictReader((out / "mistakes.csv").open(encoding="utf-8", newline="")))
    assert {"'+1", "'-2"} <= {row["student"] for row in mistakes}
    assert all(not row["student"].startswith(("=", "+", "-", "@", "\t", "\r")) for row in mistakes)
