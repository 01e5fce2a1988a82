"""The command line: parse arguments and dispatch. `python grader.py --help`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from autograd_kit import argparse_ko, export, i18n, learner_cli, stubs
from autograd_kit.files import write_atomically
from autograd_kit.isolation import Limits, warm_up
from autograd_kit.manifest import UnknownExercise, find_exercise
from autograd_kit.seeds import student_seed

if TYPE_CHECKING:
    from autograd_kit.results import Grade

def build_parser() -> argparse.ArgumentParser:
    t = i18n.t
    parser = argparse.ArgumentParser(prog="grader.py", description=t("help.description"), epilog=t("help.epilog"),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("exercise", nargs="?", help=t("help.exercise"))
    parser.add_argument("--target", default="exercises", help=t("help.target"))
    parser.add_argument("--seed", type=int, help=t("help.seed"))
    parser.add_argument("--min-score", type=float, metavar="PERCENT", help=t("help.min_score"))
    add_limit_options(parser)
    parser.add_argument("--json", metavar="PATH", help=t("help.json"))
    parser.add_argument("--submission", metavar="PATH", type=Path,
                        help=t("help.submission"))
    parser.add_argument("--format", choices=export.FORMATS, default="text",
                        help=t("help.format"))
    parser.add_argument("--output", metavar="PATH", help=t("help.output"))
    parser.add_argument("--junit-family", choices=export.JUNIT_FAMILIES, default="xunit2", help=t("help.junit_family"))
    parser.add_argument("--summary", metavar="PATH", help=t("help.summary"))
    add_seed_options(parser)
    add_sandbox_options(parser)
    parser.add_argument("--student-id", metavar="ID",
                        help=i18n.t("help.student_id"))
    return parser


def add_limit_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--timeout", type=_at_least(0.1, float), default=Limits.timeout_s, metavar="SECONDS",
                        help=i18n.t("help.timeout", default=f"{Limits.timeout_s:g}"))
    parser.add_argument("--memory-mb", type=_at_least(64, int), default=Limits.memory_mb, metavar="MIB",
                        help=i18n.t("help.memory", default=Limits.memory_mb))


def add_sandbox_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--accept-weak-sandbox", action="store_true",
                        help=i18n.t("help.accept_weak_sandbox"))


def add_seed_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed-from-student", action="store_true",
                        help=i18n.t("help.seed_from_student"))


def _at_least(minimum: float, kind: type) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum:g}")
        return value

    return parse


def build_dev_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="grader.py dev", description="Tools for kit authors.")
    commands = parser.add_subparsers(dest="command", required=True)
    generate = commands.add_parser("generate-stubs", help="write exercises/ and notebooks/ from solutions/")
    generate.add_argument("--solutions", type=Path, default=stubs.default_dirs()[0])
    generate.add_argument("--out", type=Path, default=stubs.default_dirs()[1])
    generate.add_argument("--repository", default=None, metavar="URL",
                          help="the kit's repository, which the notebooks' first cell clones in Colab "
                               "(default: the address in notebooks.py)")
    commands.add_parser("messages", help="list feedback templates missing from (or stale in) the Korean catalogue")
    sweep = commands.add_parser("sweep", help="run the checks in-process over many seeds: correct work must pass "
                                              "with every one (a tolerance that holds for one seed may not for another)")
    sweep.add_argument("exercises", nargs="*", metavar="NN", help="only these exercises (default: all)")
    sweep.add_argument("--target", type=Path, default=stubs.default_dirs()[0],
                       help="a folder of trusted exercise files (default: solutions/); they run in this process")
    sweep.add_argument("--seeds", type=int, default=200, metavar="N", help="how many seeds (default 200)")
    sweep.add_argument("--first", type=int, default=0, metavar="SEED", help="the first seed (default 0)")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    argv, language = i18n.take_language_option(argv)
    if language is not None and language not in i18n.LANGUAGES:
        print(i18n.t("cli.bad_language", languages=", ".join(i18n.LANGUAGES)), file=sys.stderr)
        return 2
    argparse_ko.use(i18n.choose(language))
    for stream in (sys.stdout, sys.stderr):
        # A Windows pipe or file uses the locale's code page: mark ✔ and ✘ as ? rather than crash.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    if argv[:1] == ["dev"]:
        return dev(build_dev_parser().parse_args(argv[1:]))
    if argv[:1] == ["batch"]:
        from autograd_kit import batch

        return batch.command(batch.build_parser([add_limit_options, add_seed_options, add_sandbox_options])
                             .parse_args(argv[1:]))
    if argv[:1] == ["report"]:
        from autograd_kit import class_commands

        return class_commands.report_command(class_commands.build_report_parser().parse_args(argv[1:]))
    if argv[:1] == ["merge"]:
        from autograd_kit import class_commands

        return class_commands.merge_command(class_commands.build_merge_parser().parse_args(argv[1:]))
    if argv[:1] and argv[0] in learner_cli.COMMANDS:
        return learner_cli.main(argv)
    if argv[:1] == ["gradescope-package"]:
        from autograd_kit import gradescope

        return gradescope.command(gradescope.build_parser().parse_args(argv[1:]))
    if argv[:1] == ["gradescope-run"]:
        from autograd_kit import gradescope

        return gradescope.run_command(gradescope.build_run_parser().parse_args(argv[1:]))
    parser = build_parser()
    parse_error = parser.error

    def refuse(message: str) -> NoReturn:
        # A platform waiting for a results file still gets one, with zero points and the reason.
        _write_failure(argv, f"The grader was started with arguments it cannot use: {message}")
        parse_error(message)

    parser.error = refuse  # type: ignore[method-assign]
    args = parser.parse_args(argv)
    try:
        return grade_command(args)
    except Exception as problem:
        _write_failure(argv, f"{i18n.t('cli.grader_failed')}\n{type(problem).__name__}: {problem}")
        raise


def dev(args: argparse.Namespace) -> int:
    if args.command == "messages":
        return messages_report()
    if args.command == "sweep":
        return sweep_report(args)
    written = stubs.generate(args.solutions, args.out)
    print(f"wrote {len(written)} stubs to {args.out}")
    if args.out.resolve() == stubs.default_dirs()[1].resolve():
        stubs.write_pristine(args.out)
        print(f"and bundled them in {stubs.PRISTINE_PATH.name}, for reset")
        from autograd_kit import notebooks

        made = notebooks.generate(args.solutions, notebooks.default_dir(),
                                  repository=args.repository or notebooks.REPOSITORY)
        print(f"wrote {len(made)} notebooks to {notebooks.default_dir()}")
    return 0


def messages_report() -> int:
    """What `dev messages` prints: the catalogue's gaps, ready to paste into feedback.ko.toml."""
    import json

    from autograd_kit import message_ids

    found = message_ids.find()
    problems = len(found.untranslatable)
    for language in i18n.LANGUAGES[1:]:
        catalogue = i18n.feedback_catalog(language)
        missing = [t for t in found.templates if t not in catalogue]
        stale = [t for t in catalogue if t not in found.templates]
        problems += len(missing) + len(stale)
        for template in missing:
            print(f"missing in feedback.{language}.toml ({found.templates[template]}):\n"
                  f"{json.dumps(template, ensure_ascii=False)} = \"\"")
        for template in stale:
            print(f"stale in feedback.{language}.toml (no longer in the source): {json.dumps(template, ensure_ascii=False)}")
    for spot in found.untranslatable:
        print(f"{spot.path}:{spot.line}: text outside tr(): {spot.text!r}")
    print(f"{len(found.templates)} feedback templates, {problems} problems")
    return 1 if problems else 0


def sweep_report(args: argparse.Namespace) -> int:
    """What `dev sweep` prints: every check that failed for some seed, then how many passed."""
    import torch

    from autograd_kit import sweep

    torch.set_num_threads(1)
    try:
        chosen = [find_exercise(name) for name in args.exercises] or None
    except UnknownExercise as problem:
        print(problem, file=sys.stderr)
        return 2
    from autograd_kit.manifest import load_exercises

    files = {e.name: args.target / e.filename for e in (chosen or load_exercises())
             if (args.target / e.filename).is_file()}
    outcomes = sweep.sweep(files, range(args.first, args.first + args.seeds))
    failed = [o for o in outcomes if not o.passed]
    for outcome in failed:
        print(f"{outcome.case} seed {outcome.seed}: {outcome.kind}: {outcome.message}")
    print(f"{len(outcomes) - len(failed)} of {len(outcomes)} check runs passed ({len(files)} exercises, "
          f"seeds {args.first} to {args.first + args.seeds - 1})")
    return 1 if failed else 0


def grade_command(args: argparse.Namespace) -> int:
    warm_up()  # the forkserver imports torch while this process does the same
    from autograd_kit import report
    from autograd_kit.grading import (
        GradeRequest,
        GraderFailure,
        grade,
        grade_submission,
    )

    out = report.console()
    try:
        chosen = (find_exercise(args.exercise),) if args.exercise else ()
    except UnknownExercise as problem:
        out.print(f"[red]{problem}[/]")
        return 2
    limits = Limits(timeout_s=args.timeout, memory_mb=args.memory_mb)
    request = GradeRequest(Path(args.target), chosen, args.seed, limits,
                           accept_weak_sandbox=args.accept_weak_sandbox)
    student = args.student_id or (args.submission.stem if args.submission is not None else "")
    request = replace(request, student=student)
    if args.submission is None and not request.target.is_dir():
        out.print(i18n.t("cli.no_folder", folder=request.target))
        return 2
    if args.seed_from_student:
        if not student:
            out.print("[red]--seed-from-student needs a student: pass --submission or --student-id.[/]")
            return 2
        request = replace(request, seed=student_seed(student, args.seed))
    refused = ""
    try:
        if args.submission is not None:
            result, refused = grade_submission(args.submission, request)
        else:
            result = grade(request)
    except GraderFailure as problem:
        out.print(f"{i18n.t('cli.grader_failed')}\n{problem}")
        # Gradescope and Classroom show this file and nothing the grader printed: the reason must be in it.
        _write_failure_outputs(args.format, args.output, args.summary, f"{i18n.t('cli.grader_failed')}\n{problem}")
        return 3
    if args.submission is None:
        learner_cli.remember(result, request.target)
    written_to_stdout = _write_outputs(args, result)
    if not written_to_stdout:
        if chosen:
            out.print(i18n.t("report.grading", target=result.target, seed=result.seed))
            report.details(result.exercises[0], result, out)
            report.sandbox(result, out)
        else:
            report.summary(result, out)
    if refused:
        print(f"The submission could not be graded: {refused}", file=sys.stderr)
        return 2
    if args.min_score is not None and result.percent < args.min_score:
        out.print(i18n.t("cli.below_min", percent=result.percent, minimum=args.min_score))
        return 1
    return 0


def _write_outputs(args: argparse.Namespace, result: Grade) -> bool:
    """Write --json, --format and --summary outputs; say whether one of them took stdout."""
    wanted: list[tuple[str, str]] = []
    if args.json:
        wanted.append(("json", args.json))
    if args.format != "text":
        wanted.append((args.format, args.output or "-"))
    for fmt, destination in wanted:
        write_text(export.render(result, fmt, args.junit_family), destination)
    if args.summary:
        append_text(export.to_markdown(result), args.summary)
    return any(destination == "-" for _, destination in wanted)


def _write_failure(argv: list[str], reason: str) -> None:
    """The failure outputs for a command line that did not parse, or a grade that crashed: --format, --output
    and --summary are read on their own, so a bad --seed still leaves the platform its file."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--format", default="text")
    early.add_argument("--output")
    early.add_argument("--summary")
    try:
        known, _ = early.parse_known_args(argv)
    except SystemExit:
        return
    _write_failure_outputs(known.format, known.output, known.summary, reason)


def _write_failure_outputs(fmt: str, output: str | None, summary: str | None, reason: str) -> None:
    text = export.render_failure(fmt, reason, planned_max_points()) if fmt in export.WAITED_FOR else None
    try:
        if text is not None:
            write_text(text, output or "-")
        if summary:
            append_text(export.render_failure("markdown", reason, 0) or reason, summary)
    except OSError as problem:
        print(f"could not write the failure report: {problem}", file=sys.stderr)


def planned_max_points() -> float:
    """The assignment's total, from the checks' markers, without grading (for a run that could not grade)."""
    try:
        from autograd_kit.grading import max_points

        return max_points()
    except Exception:  # the failure being reported may be this very one: the file still gets written
        return 0.0


def append_text(text: str, destination: str) -> None:
    """Add to the end of a file, as GitHub's step summary expects (other steps write to it too)."""
    with open(destination, "a", encoding="utf-8") as file:
        file.write(text + "\n")


def write_text(text: str, destination: str) -> None:
    """Print to stdout, or replace the file in one step (a half-written results file is never seen)."""
    if destination == "-":
        print(text)
        return
    write_atomically(Path(destination), text + "\n")
