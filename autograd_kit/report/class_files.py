"""The files a batch, a merge and `grader.py report` write from a class's results.

    gradebook.csv  one row per student: seed, points per exercise, total, percent, note
    summary.json   the class in numbers (mean, median, statuses per exercise, who was not graded)
    mistakes.csv   one row per student and mistake id: where the checks named it
    report.html    the analytics report (class_page.py)

All four come from one ClassStats, so the report's numbers are the gradebook's.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from autograd_kit.classroom.record import ClassRecord, write_json
from autograd_kit.exercises.manifest import load_exercises
from autograd_kit.report import class_page, class_stats
from autograd_kit.report.csv_cells import csv_text
from autograd_kit.report.files import write_atomically
from autograd_kit.report.untrusted import clean, clean_tree

GRADEBOOK = "gradebook.csv"
SUMMARY = "summary.json"
MISTAKES = "mistakes.csv"
REPORT = "report.html"


def write_outputs(folder: Path, record: ClassRecord, seconds: float | None, graded_now: int | None = None) -> dict:
    """Write the four files into FOLDER; return the summary."""
    record = without_control_sequences(record)
    stats = class_stats.class_stats(record)
    summary = summarise(stats, seconds, graded_now)
    _write_csv(folder / GRADEBOOK, gradebook_rows(record))
    write_json(folder / SUMMARY, summary)
    _write_csv(folder / MISTAKES, mistake_rows(stats))
    write_atomically(folder / REPORT, class_page.render(stats, record), mode=0o600)
    return summary


def gradebook_rows(record: ClassRecord) -> list[list[str]]:
    exercises = [e.name for e in load_exercises()]
    rows = [["student", "seed", *exercises, "total", "max_points", "percent", "note"]]
    for student in record.students:
        answer = record.answers.get(student)
        if answer is None or "grade" not in answer:
            reason = answer["failure"] if answer else "no result (skipped or interrupted)"
            rows.append([student, "", *[""] * len(exercises), "", "", "", "not graded: " + reason])
            continue
        grade = answer["grade"]
        points = {e["name"]: e["points"] for e in grade["exercises"]}
        rows.append([student, str(grade["seed"]), *[_num(points.get(name, 0)) for name in exercises],
                     _num(grade["points"]), _num(grade["max_points"]), f"{grade['percent']:.2f}",
                     answer.get("refused") or ""])
    return rows


def mistake_rows(stats: class_stats.ClassStats) -> list[list[str]]:
    rows = [["student", "mistake", "exercises", "checks"]]
    rows += [[m.student, m.mistake, ";".join(m.exercises), str(m.checks)] for m in stats.student_mistakes]
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
