"""`grader.py hint NN`: the next hint, after the mistake the last grade named, then level by level."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.markup import escape

from autograd_kit import i18n
from autograd_kit.exercises.manifest import Exercise, UnknownExercise, find_exercise
from autograd_kit.exercises.stubs import pristine_or_none
from autograd_kit.i18n import t
from autograd_kit.learner import hints
from autograd_kit.learner.progress import Progress, state_path
from autograd_kit.submission.text import read_source

if TYPE_CHECKING:
    from rich.console import Console


def hint(query: str, folder: Path, out: Console, in_watch: bool = False) -> int:
    """Show the next hint: the hint of a mistake the last grade named, if it has one not shown yet, else the
    next level (and the earlier ones again). Remember how far the learner got."""
    try:
        exercise = find_exercise(query)
    except UnknownExercise as problem:
        out.print(f"[red]{problem}[/]")
        return 2
    progress_file = state_path(folder)
    progress = Progress.load(progress_file)
    out.print(t("hint.title", name=exercise.name, title=escape(i18n.exercise_text(exercise.name, "title", exercise.title))))
    again = "hint.again_key" if in_watch else "hint.again"
    if not _mistake_hint(exercise, folder, progress, out, again):
        _level_hint(exercise, folder, progress, out, again)
    progress.save(progress_file)
    return 0


def _mistake_hint(exercise: Exercise, folder: Path, progress: Progress, out: Console, again: str) -> bool:
    """The hint of the first mistake the last grade of this very file named, unless it was shown already."""
    from autograd_kit.checks import catalogue

    last = progress.current(exercise, folder)
    shown = progress.mistake_hints.setdefault(exercise.name, [])
    for mistake_id in last.mistakes if last is not None else []:
        entry = catalogue.by_id(mistake_id)
        if entry is None or not entry.hint or mistake_id in shown:
            continue
        out.print(t("hint.after_mistake", mistake=escape(entry.text())))
        out.print(f"  [bold]{t('hint.for_mistake')}:[/] {escape(entry.hint_text())}")
        if entry.link or exercise.link:
            out.print(t("hint.read", link=entry.link or exercise.link))
        following = progress.hints.get(exercise.name, 0) + 1
        if following <= hints.LEVELS:  # once every level was shown, asking again shows them all
            out.print(t(again, next=t(f"hint.level.{following}")))
        shown.append(mistake_id)
        return True
    return False


def _level_hint(exercise: Exercise, folder: Path, progress: Progress, out: Console, again: str) -> None:
    levels = hints.for_exercise(exercise.name).levels()
    shown = min(progress.hints.get(exercise.name, 0), len(levels))
    wanted = min(shown + 1, len(levels))
    locked = wanted == len(levels) and not _attempted(exercise, folder)
    if locked:
        wanted = len(levels) - 1
    for level in range(1, wanted + 1):
        style = "" if level == wanted and level > shown else "dim"
        text = escape(levels[level - 1]).replace("\n", "\n      ")
        out.print(f"  [{style or 'bold'}]{level}. {t(f'hint.level.{level}')}:[/] [{style or 'default'}]{text}[/]")
    if locked:
        out.print(t("hint.locked", path=escape(str(exercise.path_in(folder))), number=exercise.number))
    elif wanted == len(levels) and shown >= len(levels):
        out.print(t("hint.last"))
    elif wanted < len(levels):
        out.print(t(again, next=t(f"hint.level.{wanted + 1}")))
    if exercise.link:
        out.print(t("hint.read", link=exercise.link))
    progress.hints[exercise.name] = max(shown, wanted)


def _attempted(exercise: Exercise, folder: Path) -> bool:
    """Whether the learner changed the stub (a worked step would otherwise replace the thinking)."""
    path = exercise.path_in(folder)
    if not path.exists():
        return False
    return read_source(path) != pristine_or_none(exercise.name)
