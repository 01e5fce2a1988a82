"""Options more than one command takes: the limits of each call, the seed's source, the sandbox's strength."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from autograd_kit import i18n
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
