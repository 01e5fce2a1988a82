"""The files a batch, a merge and `grader.py report` write from a class's results.

    gradebook.csv  one row per student: seed, points and status per exercise, total, percent, note
    summary.json   the class in numbers (mean, median, statuses per exercise, who was not graded)
    mistakes.csv   one row per student and belief (a mistake id, or its parent's): where the checks named it
    report.html    the analytics report (class_page.py), with a section per student
    feedback/      STUDENT.md and STUDENT.html: what the student would have seen in the terminal
                   (student_feedback.py), at the batch's feedback level, to hand back

All come from one ClassStats (and the same results), so the report's numbers are the gradebook's.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from autograd_kit.classroom.record import ClassRecord, write_json
from autograd_kit.exercises.manifest import load_exercises
from autograd_kit.grading.results import Grade
from autograd_kit.report import class_page, class_stats, student_feedback
from autograd_kit.report.csv_cells import csv_text
from autograd_kit.report.files import write_atomically
from autograd_kit.report.untrusted import clean, clean_tree

GRADEBOOK = "gradebook.csv"
SUMMARY = "summary.json"
MISTAKES = "mistakes.csv"
REPORT = "report.html"
FEEDBACK = "feedback"


def write_outputs(folder: Path, record: ClassRecord, seconds: float | None, graded_now: int | None = None) -> dict:
    """Write the four files into FOLDER; return the summary."""
    record = without_control_sequences(record)
    stats = class_stats.class_stats(record)
    summary = summarise(stats, seconds, graded_now)
    _write_csv(folder / GRADEBOOK, gradebook_rows(record))
    write_json(folder / SUMMARY, summary)
    _write_csv(folder / MISTAKES, mistake_rows(stats))
    write_atomically(folder / REPORT, class_page.render(stats, record), mode=0o600)
    write_feedback(folder / FEEDBACK, record)
    return summary


def write_feedback(folder: Path, record: ClassRecord) -> None:
    """feedback/STUDENT.md and .html for every graded student (one who could not be graded has no grade to
    hand back: the gradebook and the report say why). The folder is the instructor's until they hand it out."""
    folder.mkdir(mode=0o700, exist_ok=True)
    level = record.header.feedback
    for student, grade in record.grades().items():
        shown = Grade.from_dict(grade)
        write_atomically(folder / f"{student}.md", student_feedback.markdown(student, shown, level), mode=0o600)
        write_atomically(folder / f"{student}.html", student_feedback.html_page(student, shown, level), mode=0o600)


def gradebook_rows(record: ClassRecord) -> list[list[str]]:
    exercises = [e.name for e in load_exercises()]
    columns = [column for name in exercises for column in (name, f"{name} status")]
    rows = [["student", "seed", *columns, "total", "max_points", "percent", "note"]]
    for student in record.students:
        answer = record.answers.get(student)
        if answer is None or "grade" not in answer:
            reason = answer["failure"] if answer else "no result (skipped or interrupted)"
            rows.append([student, "", *[""] * len(columns), "", "", "", "not graded: " + reason])
            continue
        grade = answer["grade"]
        by_name = {e["name"]: e for e in grade["exercises"]}
        cells = []
        for name in exercises:
            exercise = by_name.get(name)
            cells += [_num(exercise["points"]), class_stats.exercise_status(exercise)] if exercise else ["0", "missing"]
        rows.append([student, str(grade["seed"]), *cells, _num(grade["points"]), _num(grade["max_points"]),
                     f"{grade['percent']:.2f}", _note(answer)])
    return rows


def _note(answer: dict) -> str:
    """What the points alone do not say: files refused, and exercises that timed out, crashed or erred."""
    notes = [answer["refused"]] if answer.get("refused") else []
    for status in ("timeout", "crashed", "error"):
        hit = [e["name"][:2] for e in answer["grade"]["exercises"] if e["status"] == status]
        if hit:
            notes.append(f"{status}: {', '.join(hit)}")
    return "; ".join(notes)


def mistake_rows(stats: class_stats.ClassStats) -> list[list[str]]:
    rows = [["student", "mistake", "title", "exercises", "checks", "ids"]]
    rows += [[m.student, m.mistake, class_stats.title_of(m.mistake), ";".join(m.exercises), str(m.checks),
              ";".join(m.ids)] for m in stats.student_mistakes]
    return rows


def summarise(stats: class_stats.ClassStats, seconds: float | None, graded_now: int | None) -> dict:
    return {
        "students": len(stats.students),
        "graded": stats.graded,
        "graded_this_run": graded_now,
        "not_graded": stats.not_graded,
        "refused": stats.refused,
        "mean_percent": stats.mean_percent,
        "median_percent": stats.median_percent,
        "full_marks": stats.full_marks,
        "exercises": {e.name: {s: n for s, n in e.statuses.items() if n} for e in stats.exercises},
        "mistakes": {m.id: m.students for m in stats.mistakes},
        "seconds": None if seconds is None else round(seconds, 1),
    }


def without_control_sequences(record: ClassRecord) -> ClassRecord:
    """The record with every student id and answer cleaned (untrusted.py): results files from another
    machine or an older kit may hold a learner's escape sequences, and all four files come from here."""
    header = replace(record.header, roster=tuple(clean(s) for s in record.header.roster))
    return ClassRecord(header, {clean(student): clean_tree(answer) for student, answer in record.answers.items()})


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    write_atomically(path, csv_text(rows), mode=0o600)  # no cell starts a formula (csv_cells.py)


def _num(value: float) -> str:
    return f"{value:g}"
