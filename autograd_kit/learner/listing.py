"""`grader.py list`: every exercise, its status and points from the last grade, and the learner's progress."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from autograd_kit import i18n
from autograd_kit.exercises.manifest import load_exercises
from autograd_kit.exercises.stubs import pristine_or_none
from autograd_kit.i18n import t
from autograd_kit.learner.progress import Progress, state_path
from autograd_kit.submission.text import read_source

if TYPE_CHECKING:
    from rich.console import Console


def show_list(folder: Path, out: Console) -> int:
    from rich.markup import escape
    from rich.progress_bar import ProgressBar
    from rich.table import Table
    from rich.text import Text

    from autograd_kit.grading.results import Status
    from autograd_kit.report.terminal import status_label

    progress = Progress.load(state_path(folder))
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("#", justify="right")
    table.add_column(t("report.column.exercise"))
    table.add_column(t("report.column.status"))
    table.add_column(t("report.column.points"), justify="right")
    done, upcoming = 0, None
    exercises = load_exercises()
    for exercise in exercises:
        last = progress.current(exercise, folder)
        path = exercise.path_in(folder)
        if last is not None:
            label, style = status_label(Status(last.status))
            points = f"{last.points:g}/{last.max_points:g}"
        elif not path.exists() or read_source(path) == pristine_or_none(exercise.name):
            label, style = status_label(Status.NOT_STARTED)
            points = "-"
        else:
            label, style, points = t("status.changed"), "cyan", "-"
        if last is not None and last.status == Status.PASSED:
            done += 1
        elif upcoming is None:
            upcoming = exercise
        table.add_row(exercise.number, escape(i18n.exercise_text(exercise.name, "title", exercise.title)),
                      Text(label, style=style), points)
    out.print(table)
    bar = Table.grid(padding=(0, 1))
    bar.add_row(ProgressBar(total=len(exercises), completed=done, width=40),
                Text(t("list.done", done=done, total=len(exercises)), style="bold"))
    out.print(bar)
    if upcoming is not None:
        out.print(t("list.next", path=escape(str(upcoming.path_in(folder))), number=upcoming.number))
    return 0
