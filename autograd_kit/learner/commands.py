"""The learner's own commands: list, reset, hint and watch (grading itself is cli/grade.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from autograd_kit.cli.options import add_limit_options
from autograd_kit.exercises.manifest import UnknownExercise, find_exercise
from autograd_kit.i18n import t

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
    add_limit_options(watch)
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    from autograd_kit.report import terminal as report

    out = report.console()
    if not args.target.is_dir():
        out.print(t("cli.no_folder", folder=args.target))
        return 2
    if args.command == "list":
        from autograd_kit.learner.listing import show_list

        return show_list(args.target, out)
    if args.command == "reset":
        from autograd_kit.learner.reset import reset

        return reset(args.exercise, args.target, args.yes, out)
    if args.command == "hint":
        from autograd_kit.learner.next_hint import hint

        return hint(args.exercise, args.target, out)
    from autograd_kit.learner import watch
    from autograd_kit.sandbox.isolation import Limits

    try:
        start = find_exercise(args.exercise).name if args.exercise else None
    except UnknownExercise as problem:
        out.print(f"[red]{problem}[/]")
        return 2
    return watch.run(args.target, args.poll, args.seed, Limits(args.timeout, args.memory_mb), out, start)
