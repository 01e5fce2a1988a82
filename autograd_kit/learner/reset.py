"""`grader.py reset NN`: put back the original stub, keeping the learner's file as a .bak."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from autograd_kit.exercises import stubs
from autograd_kit.exercises.manifest import UnknownExercise, find_exercise
from autograd_kit.i18n import t
from autograd_kit.learner.progress import Progress, state_path
from autograd_kit.submission.text import read_source

if TYPE_CHECKING:
    from rich.console import Console


def reset(query: str, folder: Path, yes: bool, out: Console) -> int:
    try:
        exercise = find_exercise(query)
    except UnknownExercise as problem:
        out.print(f"[red]{problem}[/]")
        return 2
    original = stubs.pristine_or_none(exercise.name)
    if original is None:
        out.print(t("reset.missing_bundle", path=stubs.PRISTINE_PATH))
        return 3
    path = exercise.path_in(folder)
    current = read_source(path) if path.exists() else None
    if current == original:
        out.print(t("reset.already", path=path))
        return 0
    backup = _free_backup_name(path) if current is not None else None
    if not yes:
        if not sys.stdin.isatty():
            out.print(t("reset.needs_yes", path=path))
            return 2
        kept = t("reset.kept", backup=backup) if backup else ""
        answer = input(t("reset.question", path=path, kept=kept)).strip().lower()
        if answer not in ("y", "yes", "예", "네", "ㅇ"):
            out.print(t("reset.unchanged"))
            return 1
    if backup is not None:
        path.replace(backup)
    path.write_text(original, encoding="utf-8")
    progress_file = state_path(folder)
    progress = Progress.load(progress_file)
    progress.last.pop(exercise.name, None)
    progress.hints.pop(exercise.name, None)
    progress.save(progress_file)
    out.print(t("reset.done", path=path) + (t("reset.backup", backup=backup) if backup else ""))
    return 0


def _free_backup_name(path: Path) -> Path:
    candidate = path.with_name(path.name + ".bak")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.{number}.bak")
        number += 1
    return candidate
