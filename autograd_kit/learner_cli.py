"""The learner's own commands: list, reset, hint and watch. Grading itself is in cli.py."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from autograd_kit import i18n, stubs
from autograd_kit.i18n import t
from autograd_kit.manifest import Exercise, UnknownExercise, find_exercise, load_exercises
from autograd_kit.progress import Progress, state_path
from autograd_kit.results import Grade

if TYPE_CHECKING:
    from rich.console import Console

COMMANDS = ("list", "reset", "watch", "hint")
HINTS_PATH = Path(__file__).with_name("hints.toml")


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

    return watch.run(args.target, args.poll, args.seed, Limits(args.timeout, args.memory_mb), out)


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


def hint(query: str, folder: Path, out: Console) -> int:
    """Show the next hint level (and the earlier ones again); remember how far the learner got."""
    import tomllib

    from rich.markup import escape

    try:
        exercise = find_exercise(query)
    except UnknownExercise as problem:
        out.print(f"[red]{problem}[/]")
        return 2
    entry = tomllib.loads(HINTS_PATH.read_text(encoding="utf-8"))[exercise.name]
    hints = entry.get(f"hints_{i18n.current()}") or entry["hints"]
    progress_file = state_path(folder)
    progress = Progress.load(progress_file)
    shown = min(progress.hints.get(exercise.name, 0), len(hints))
    wanted = min(shown + 1, len(hints))
    if wanted == len(hints) and not _attempted(exercise, folder):
        wanted = len(hints) - 1
        locked = True
    else:
        locked = False
    out.print(t("hint.title", name=exercise.name, title=escape(i18n.exercise_text(exercise.name, "title", exercise.title))))
    for level in range(1, wanted + 1):
        style = "" if level == wanted and level > shown else "dim"
        text = escape(hints[level - 1]).replace("\n", "\n      ")
        out.print(f"  [{style or 'bold'}]{level}. {t(f'hint.level.{level}')}:[/] [{style or 'default'}]{text}[/]")
    if locked:
        out.print(t("hint.locked", path=escape(str(exercise.path_in(folder))), number=exercise.number))
    elif wanted == len(hints) and shown >= len(hints):
        out.print(t("hint.last"))
    elif wanted < len(hints):
        out.print(t("hint.again", next=t(f"hint.level.{wanted + 1}")))
    progress.hints[exercise.name] = max(shown, wanted)
    progress.save(progress_file)
    return 0


def _attempted(exercise: Exercise, folder: Path) -> bool:
    """Whether the learner changed the stub (a worked step would otherwise replace the thinking)."""
    path = exercise.path_in(folder)
    if not path.exists():
        return False
    return path.read_text(encoding="utf-8", errors="replace") != _pristine(exercise.name)
