"""The learner's own commands: list, reset, hint and watch. Grading itself is in cli.py."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from autograd_kit import stubs
from autograd_kit.manifest import Exercise, UnknownExercise, find_exercise, load_exercises
from autograd_kit.progress import Progress, state_path
from autograd_kit.results import Grade

if TYPE_CHECKING:
    from rich.console import Console

COMMANDS = ("list", "reset", "watch", "hint")
HINTS_PATH = Path(__file__).with_name("hints.toml")
HINT_NAMES = ("a nudge", "the API to use", "a worked step")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="grader.py")
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="every exercise with its status and points, and your progress")
    listing.add_argument("--target", type=Path, default=Path("exercises"))
    reset = commands.add_parser("reset", help="put back an exercise's original stub, keeping yours as a backup")
    reset.add_argument("exercise")
    reset.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    reset.add_argument("--target", type=Path, default=Path("exercises"))
    hint = commands.add_parser("hint", help="one more hint for an exercise each time (three levels)")
    hint.add_argument("exercise")
    hint.add_argument("--target", type=Path, default=Path("exercises"))
    watch = commands.add_parser("watch", help="regrade the current exercise every time a file is saved")
    watch.add_argument("--target", type=Path, default=Path("exercises"))
    watch.add_argument("--poll", action="store_true",
                       help="check for changes every 0.3 s instead of waiting for file events (WSL, network drives)")
    watch.add_argument("--seed", type=int)
    from autograd_kit.cli import add_limit_options

    add_limit_options(watch)
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    from autograd_kit import report

    out = report.console()
    if not args.target.is_dir():
        out.print(f"[red]No folder {args.target}[/]: run the grader from the kit's top folder, or pass --target.")
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

    from autograd_kit.report import STYLE
    from autograd_kit.results import Status

    progress = Progress.load(state_path(folder))
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for column in ("#", "Exercise", "Status", "Points"):
        table.add_column(column, justify="right" if column in ("#", "Points") else "left")
    done, upcoming = 0, None
    exercises = load_exercises()
    for exercise in exercises:
        last = progress.current(exercise, folder)
        path = exercise.path_in(folder)
        if last is not None:
            label, style = STYLE[Status(last.status)]
            points = f"{last.points:g}/{last.max_points:g}"
        elif not path.exists() or path.read_text(encoding="utf-8", errors="replace") == _pristine(exercise.name):
            label, style = STYLE[Status.NOT_STARTED]
            points = "-"
        else:
            label, style, points = "? changed, not graded yet", "cyan", "-"
        if last is not None and last.status == Status.PASSED:
            done += 1
        elif upcoming is None:
            upcoming = exercise
        table.add_row(exercise.number, escape(exercise.title), Text(label, style=style), points)
    out.print(table)
    bar = Table.grid(padding=(0, 1))
    bar.add_row(ProgressBar(total=len(exercises), completed=done, width=40),
                Text(f"{done}/{len(exercises)} exercises done", style="bold"))
    out.print(bar)
    if upcoming is not None:
        out.print(f"Next: open [cyan]{escape(str(upcoming.path_in(folder)))}[/], then run "
                  f"[bold]python grader.py {upcoming.number}[/] (or [bold]python grader.py watch[/]).")
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
        out.print(f"[red]The kit's copy of the original stubs ({stubs.PRISTINE_PATH}) is missing or damaged.[/]")
        return 3
    path = exercise.path_in(folder)
    current = path.read_text(encoding="utf-8", errors="replace") if path.exists() else None
    if current == original:
        out.print(f"{path} is already the original stub: nothing to reset.")
        return 0
    backup = _free_backup_name(path) if current is not None else None
    if not yes:
        if not sys.stdin.isatty():
            out.print(f"[red]Not resetting {path} without confirmation.[/] Run it in a terminal, or add --yes.")
            return 2
        kept = f" Your version will be kept as {backup}." if backup else ""
        answer = input(f"Put back the original stub of {path}?{kept} [y/N] ").strip().lower()
        if answer not in ("y", "yes"):
            out.print("Nothing changed.")
            return 1
    if backup is not None:
        path.replace(backup)
    path.write_text(original, encoding="utf-8")
    progress_file = state_path(folder)
    progress = Progress.load(progress_file)
    progress.last.pop(exercise.name, None)
    progress.hints.pop(exercise.name, None)
    progress.save(progress_file)
    out.print(f"[green]{path} is the original stub again.[/]" + (f" Your version is in {backup}." if backup else ""))
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
    hints = tomllib.loads(HINTS_PATH.read_text(encoding="utf-8"))[exercise.name]["hints"]
    progress_file = state_path(folder)
    progress = Progress.load(progress_file)
    shown = min(progress.hints.get(exercise.name, 0), len(hints))
    wanted = min(shown + 1, len(hints))
    if wanted == len(hints) and not _attempted(exercise, folder):
        wanted = len(hints) - 1
        locked = True
    else:
        locked = False
    out.print(f"[bold]Hints for {exercise.name}[/] - {escape(exercise.title)}")
    for level in range(1, wanted + 1):
        style = "" if level == wanted and level > shown else "dim"
        text = escape(hints[level - 1]).replace("\n", "\n      ")
        out.print(f"  [{style or 'bold'}]{level}. {HINT_NAMES[level - 1]}:[/] [{style or 'default'}]{text}[/]")
    if locked:
        out.print(f"[yellow]The last hint is a worked step. Try the exercise first (edit "
                  f"{escape(str(exercise.path_in(folder)))} and run python grader.py {exercise.number}), "
                  "then ask again.[/]")
    elif wanted == len(hints) and shown >= len(hints):
        out.print("[dim]That was the last hint.[/]")
    elif wanted < len(hints):
        out.print(f"[dim]Run it again for {HINT_NAMES[wanted]}.[/]")
    progress.hints[exercise.name] = max(shown, wanted)
    progress.save(progress_file)
    return 0


def _attempted(exercise: Exercise, folder: Path) -> bool:
    """Whether the learner changed the stub (a worked step would otherwise replace the thinking)."""
    path = exercise.path_in(folder)
    if not path.exists():
        return False
    return path.read_text(encoding="utf-8", errors="replace") != _pristine(exercise.name)
