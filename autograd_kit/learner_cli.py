"""The learner's own commands: list, reset, hint and watch. Grading itself is in cli.py."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rich.markup import escape

from autograd_kit import hints, i18n, stubs
from autograd_kit.i18n import t
from autograd_kit.manifest import Exercise, UnknownExercise, find_exercise, load_exercises
from autograd_kit.progress import Progress, state_path
from autograd_kit.results import Grade

if TYPE_CHECKING:
    from rich.console import Console

COMMANDS = ("list", "reset", "watch", "hint")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="grader.py")
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help=t("help.list"))
    listing.add_argument("--target", type=Path, default=Path("exercises"))
    reset = commands.add_parser("reset", help=t("help.reset"))
    reset.add_argument("exercise")
    reset.add_argument("--yes", action="store_true", help=t("help.yes"))
    reset.add_argument("--target", type=Path, default=Path("exercises"))
    hint = commands.add_parser("hint", help=t("help.hint"))
    hint.add_argument("exercise")
    hint.add_argument("--target", type=Path, default=Path("exercises"))
    watch = commands.add_parser("watch", help=t("help.watch"))
    watch.add_argument("exercise", nargs="?", help=t("help.watch_exercise"))
    watch.add_argument("--target", type=Path, default=Path("exercises"))
    watch.add_argument("--poll", action="store_true",
                       help=t("help.poll"))
    watch.add_argument("--seed", type=int)
    from autograd_kit.cli import add_limit_options

    add_limit_options(watch)
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    from autograd_kit import report

    out = report.console()
    if not args.target.is_dir():
        out.print(t("cli.no_folder", folder=args.target))
        return 2
    if args.command == "list":
        return show_list(args.target, out)
    if args.command == "reset":
        return reset(args.exercise, args.target, args.yes, out)
    if args.command == "hint":
        return hint(args.exercise, args.target, out)
    from autograd_kit import watch
    from autograd_kit.isolation import Limits

    try:
        start = find_exercise(args.exercise).name if args.exercise else None
    except UnknownExercise as problem:
        out.print(f"[red]{problem}[/]")
        return 2
    return watch.run(args.target, args.poll, args.seed, Limits(args.timeout, args.memory_mb), out, start)


def remember(result: Grade, folder: Path) -> None:
    """Keep each graded exercise's result for `list` (best effort: grading never depends on it)."""
    path = state_path(folder)
    progress = Progress.load(path)
    for exercise in result.exercises:
        progress.record(exercise, folder / f"{exercise.name}.py")
    progress.save(path)


def show_list(folder: Path, out: Console) -> int:
    from rich.markup import escape
    from rich.progress_bar import ProgressBar
    from rich.table import Table
    from rich.text import Text

    from autograd_kit.report import status_label
    from autograd_kit.results import Status

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
        elif not path.exists() or path.read_text(encoding="utf-8", errors="replace") == _pristine(exercise.name):
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


def _pristine(name: str) -> str | None:
    try:
        return stubs.pristine(name)
    except (OSError, KeyError, ValueError):
        return None


def reset(query: str, folder: Path, yes: bool, out: Console) -> int:
    try:
        exercise = find_exercise(query)
    except UnknownExercise as problem:
        out.print(f"[red]{problem}[/]")
        return 2
    original = _pristine(exercise.name)
    if original is None:
        out.print(t("reset.missing_bundle", path=stubs.PRISTINE_PATH))
        return 3
    path = exercise.path_in(folder)
    current = path.read_text(encoding="utf-8", errors="replace") if path.exists() else None
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
    from autograd_kit import catalogue

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
    return path.read_text(encoding="utf-8", errors="replace") != _pristine(exercise.name)
