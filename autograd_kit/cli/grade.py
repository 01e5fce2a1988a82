"""`grader.py [EXERCISE] [options]`: grade a folder or a submission, and write what was asked for.

A run that cannot grade (arguments it cannot use, a failure of the grader) still writes the file a platform
waits for (--format gradescope, github, junit), with 0 points and the reason.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from autograd_kit import i18n
from autograd_kit.cli.options import (add_feedback_options, add_judge_option, add_limit_options, add_sandbox_options,
                                     add_seed_options, course_secret)
from autograd_kit.exercises.manifest import UnknownExercise, find_exercise
from autograd_kit.grading.seeds import CourseSecretError, student_seed
from autograd_kit.grading.results import CheckKind
from autograd_kit.learner.progress import kit_failed, remember
from autograd_kit.report import classroom50, feedback_levels, leveled
from autograd_kit.report import formats as export
from autograd_kit.report.files import write_atomically
from autograd_kit.report.untrusted import clean
from autograd_kit.sandbox.isolation import Limits, warm_up

if TYPE_CHECKING:
    from autograd_kit.grading.results import Grade


def main(argv: list[str]) -> int:
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


def build_parser() -> argparse.ArgumentParser:
    t = i18n.t
    parser = argparse.ArgumentParser(prog="grader.py", description=_description(), epilog=t("help.epilog"),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("exercise", nargs="?", help=t("help.exercise"))
    parser.add_argument("--target", default="exercises", help=t("help.target"))
    parser.add_argument("--seed", type=int, help=t("help.seed"))
    parser.add_argument("--min-score", type=float, metavar="PERCENT", help=t("help.min_score"))
    add_limit_options(parser)
    add_judge_option(parser)
    parser.add_argument("--json", metavar="PATH", help=t("help.json"))
    parser.add_argument("--submission", metavar="PATH", type=Path,
                        help=t("help.submission"))
    parser.add_argument("--format", choices=export.FORMATS, default="text",
                        help=t("help.format"))
    parser.add_argument("--output", metavar="PATH", help=t("help.output"))
    parser.add_argument("--junit-family", choices=export.JUNIT_FAMILIES, default="xunit2", help=t("help.junit_family"))
    parser.add_argument("--summary", metavar="PATH", help=t("help.summary"))
    parser.add_argument("--release-body", metavar="PATH", help=t("help.release_body"))
    add_feedback_options(parser)
    add_seed_options(parser)
    add_sandbox_options(parser)
    parser.add_argument("--student-id", metavar="ID",
                        help=i18n.t("help.student_id"))
    parser.add_argument("--verbose", action="store_true", help=t("help.verbose"))
    return parser


def _description() -> str:
    """What the grader does, then every command with one line: `grader.py --help` is where a newcomer looks."""
    from autograd_kit.cli.main import PARSERS

    width = max(map(len, PARSERS)) + 2
    lines = [f"  {name:<{width}}{i18n.t('command.' + name)}" for name in PARSERS]
    return "\n".join([i18n.t("help.description"), "", i18n.t("help.commands"), *lines])


# Exit codes: 0 graded (whatever the score), 1 below --min-score, 2 bad arguments or a submission that cannot
# be opened, 3 the grader could not grade at all, 4 the grader could not run some exercises (not the learner's).
INFRASTRUCTURE_ERROR = 4


def grade_command(args: argparse.Namespace) -> int:
    try:
        secret = course_secret(args)  # first: the secret leaves the environment before any process starts
    except CourseSecretError as problem:
        from rich.markup import escape

        from autograd_kit.report.terminal import console

        console().print(f"[red]{escape(str(problem))}[/]")
        _write_failure_outputs(args.format, args.output, args.summary, f"The grader cannot grade: {problem}")
        return 2
    warm_up()  # the forkserver imports torch while this process does the same
    from autograd_kit.grading.grade import GradeRequest, GraderFailure, grade, grade_submission
    from rich.markup import escape

    from autograd_kit.report import terminal as report

    out = report.console()
    try:
        chosen = (find_exercise(args.exercise),) if args.exercise else ()
    except UnknownExercise as problem:
        out.print(f"[red]{problem}[/]")
        return 2
    limits = Limits(timeout_s=args.timeout, memory_mb=args.memory_mb)
    request = GradeRequest(Path(args.target), chosen, args.seed, limits,
                           accept_weak_sandbox=args.accept_weak_sandbox, total_timeout_s=args.total_timeout,
                           judge_cpu_s=args.judge_cpu)
    student = args.student_id or (args.submission.stem if args.submission is not None else "")
    request = replace(request, student=student)
    if args.submission is None and not request.target.is_dir():
        out.print(i18n.t("cli.no_folder", folder=request.target))
        return 2
    if args.seed_from_student:
        if not student:
            out.print("[red]--seed-from-student needs a student: pass --submission or --student-id.[/]")
            return 2
        request = replace(request, seed=student_seed(student, secret))
    refused = ""
    try:
        if args.submission is not None:
            result, refused = grade_submission(args.submission, request)
        else:
            result = grade(request)
    except GraderFailure as problem:
        reason = clean(str(problem))  # it may quote what the learner's code printed
        out.print(f"{i18n.t('cli.grader_failed')}\n{escape(reason)}")
        # Gradescope and Classroom show this file and nothing the grader printed: the reason must be in it.
        _write_failure_outputs(args.format, args.output, args.summary, f"{i18n.t('cli.grader_failed')}\n{reason}",
                               args.release_body)
        return 3
    if args.submission is None:
        remember(result, request.target)
    try:
        written_to_stdout = _write_outputs(args, result)
    except classroom50.FractionalPoints as problem:
        out.print(f"{i18n.t('cli.grader_failed')}\n{problem}")
        _write_failure_outputs(args.format, args.output, args.summary, str(problem), args.release_body)
        return 3
    result = feedback_levels.apply(result, args.feedback)  # the terminal shows what the level allows
    if not written_to_stdout:
        if chosen:
            out.print(i18n.t("report.grading", target=escape(result.target), seed=result.seed))
            report.details(result.exercises[0], result, out)
            report.sandbox(result, out, args.verbose)
        else:
            report.summary(result, out, args.verbose)
    if refused:
        print(f"The submission could not be graded: {clean(refused)}", file=sys.stderr)
        return 2
    failed = [e for e in result.exercises if kit_failed(e)]
    if failed:
        # The grader's own failure: said once, with what failed and the fix, and an exit code of its own.
        reason = next(c.message for c in failed[0].checks if c.kind == CheckKind.GRADER_ERROR)
        said = i18n.t("cli.kit_failed", count=len(failed), names=", ".join(e.name[:2] for e in failed))
        if written_to_stdout:  # stdout holds the format's file alone: the note goes to stderr
            print(f"{said}\n{clean(reason)}", file=sys.stderr)
        else:
            out.print(said)
            out.print(escape(clean(reason)))
        return INFRASTRUCTURE_ERROR
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
    if args.format == "classroom50":
        classroom50.check_whole_points(result)  # before anything is written
    shown = feedback_levels.apply(result, args.feedback)
    for fmt, destination in wanted:
        write_text(leveled.render(result, fmt, args.feedback, args.junit_family), destination)
    if args.summary:
        append_text(export.to_markdown(shown), args.summary)
    if args.release_body:
        write_text(classroom50.release_body(shown, str(Path.cwd())), args.release_body)
    return any(destination == "-" for _, destination in wanted)


def _write_failure(argv: list[str], reason: str) -> None:
    """The failure outputs for a command line that did not parse, or a grade that crashed: --format, --output
    and --summary are read on their own, so a bad --seed still leaves the platform its file."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--format", default="text")
    early.add_argument("--output")
    early.add_argument("--summary")
    early.add_argument("--release-body")
    try:
        known, _ = early.parse_known_args(argv)
    except SystemExit:
        return
    _write_failure_outputs(known.format, known.output, known.summary, reason, known.release_body)


def _write_failure_outputs(fmt: str, output: str | None, summary: str | None, reason: str,
                           release_body: str | None = None) -> None:
    text = leveled.render_failure(fmt, reason, planned_max_points()) if fmt in export.WAITED_FOR else None
    try:
        if text is not None:
            write_text(text, output or "-")
        if summary:
            append_text(export.render_failure("markdown", reason, 0) or reason, summary)
        if release_body:
            write_text(classroom50.failure_body(reason, str(Path.cwd())), release_body)
    except OSError as problem:
        print(f"could not write the failure report: {problem}", file=sys.stderr)


def planned_max_points() -> float:
    """The assignment's total, from the checks' markers, without grading (for a run that could not grade)."""
    try:
        from autograd_kit.grading.grade import max_points

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
