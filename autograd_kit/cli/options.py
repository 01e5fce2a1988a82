"""Options more than one command takes: the limits of each call, the seed's source, the sandbox's strength."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from autograd_kit import i18n
from autograd_kit.grading.seeds import MAKE_ONE, CourseSecret, CourseSecretError, load_course_secret
from autograd_kit.sandbox.isolation import Limits


def add_limit_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--timeout", type=_at_least(0.1, float), default=Limits.timeout_s, metavar="SECONDS",
                        help=i18n.t("help.timeout", default=f"{Limits.timeout_s:g}"))
    parser.add_argument("--memory-mb", type=_at_least(64, int), default=Limits.memory_mb, metavar="MIB",
                        help=i18n.t("help.memory", default=Limits.memory_mb))


def add_judge_option(parser: argparse.ArgumentParser) -> None:
    from autograd_kit.grading.judge_cpu import JUDGE_CPU_S

    parser.add_argument("--judge-cpu", type=_at_least(0.1, float), default=JUDGE_CPU_S, metavar="SECONDS",
                        help=i18n.t("help.judge_cpu", default=f"{JUDGE_CPU_S:g}"))


def add_sandbox_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--accept-weak-sandbox", action="store_true",
                        help=i18n.t("help.accept_weak_sandbox"))


def add_seed_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed-from-student", action="store_true",
                        help=i18n.t("help.seed_from_student"))
    parser.add_argument("--course-secret-file", type=Path, metavar="PATH",
                        help=i18n.t("help.course_secret_file"))


def course_secret(args: argparse.Namespace) -> CourseSecret | None:
    """The course secret that --seed-from-student needs, from --course-secret-file or the environment (never a
    command line); None without --seed-from-student. CourseSecretError says what is wrong and how to fix it.
    Call it before starting any process: it removes the secret from the environment."""
    from_student = getattr(args, "seed_from_student", False)
    path = getattr(args, "course_secret_file", None)
    if from_student and getattr(args, "seed", None) is not None:
        raise CourseSecretError(
            "--seed-from-student does not take --seed: each student's seed comes from the course secret, at "
            "least 128 random bits (a number given as --seed is found from two students' results in seconds, "
            f"and a command line is visible to every user of the machine); {MAKE_ONE}")
    if path is not None and not from_student:
        raise CourseSecretError("--course-secret-file is for --seed-from-student: add that, or leave the file out")
    secret = load_course_secret(path)
    if from_student and secret is None:
        raise CourseSecretError(f"--seed-from-student needs the course secret: {MAKE_ONE}")
    return secret if from_student else None


def add_feedback_options(parser: argparse.ArgumentParser) -> None:
    """How much of a failed check learners see, and a budget for the whole grade."""
    from autograd_kit.report.feedback_levels import LEVELS

    parser.add_argument("--feedback", choices=LEVELS, default="full", help=i18n.t("help.feedback"))
    parser.add_argument("--total-timeout", type=_at_least(1, float), metavar="SECONDS",
                        help=i18n.t("help.total_timeout"))


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
