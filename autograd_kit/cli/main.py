"""The command line: `python grader.py --help`. Language first, then the command's own module, imported only
when it is asked for: commands register here by name and never import each other."""

from __future__ import annotations

import argparse
import importlib
import sys

from autograd_kit import i18n
from autograd_kit.i18n import argparse_ko

# Each command's module and function, which takes the whole argument list (the command's name first).
# Anything else is a grade: `python grader.py [EXERCISE] [options]` (cli/grade.py).
COMMANDS = {
    "list": "autograd_kit.learner.commands:main",
    "reset": "autograd_kit.learner.commands:main",
    "hint": "autograd_kit.learner.commands:main",
    "watch": "autograd_kit.learner.commands:main",
    "batch": "autograd_kit.classroom.batch:main",
    "report": "autograd_kit.classroom.commands:report_main",
    "merge": "autograd_kit.classroom.commands:merge_main",
    "gradescope-package": "autograd_kit.classroom.gradescope:package_main",
    "gradescope-run": "autograd_kit.classroom.gradescope:run_main",
    "classroom50-package": "autograd_kit.classroom.classroom50:package_main",
    "classroom50-run": "autograd_kit.classroom.classroom50:run_main",
    "dev": "autograd_kit.cli.dev:main",
}
GRADE = "autograd_kit.cli.grade:main"

# Each command's argparse parser, and whether it reads the command's own name (the learner's commands are
# subparsers of one parser). `--help` lists these names; a test parses every command the docs show with them.
PARSERS = {
    "list": "autograd_kit.learner.commands:build_parser",
    "reset": "autograd_kit.learner.commands:build_parser",
    "hint": "autograd_kit.learner.commands:build_parser",
    "watch": "autograd_kit.learner.commands:build_parser",
    "batch": "autograd_kit.classroom.batch:build_parser",
    "report": "autograd_kit.classroom.commands:build_report_parser",
    "merge": "autograd_kit.classroom.commands:build_merge_parser",
    "gradescope-package": "autograd_kit.classroom.gradescope:build_parser",
    "gradescope-run": "autograd_kit.classroom.gradescope:build_run_parser",
    "classroom50-package": "autograd_kit.classroom.classroom50:build_parser",
    "classroom50-run": "autograd_kit.classroom.classroom50:build_run_parser",
    "dev": "autograd_kit.cli.dev:build_dev_parser",
}
READS_ITS_NAME = frozenset({"list", "reset", "hint", "watch"})
GRADE_PARSER = "autograd_kit.cli.grade:build_parser"


def parser_for(argv: list[str]) -> tuple[argparse.ArgumentParser, list[str]]:
    """The parser that a command line goes to, and the arguments it parses (as main() would hand them over)."""
    name = argv[0] if argv else ""
    module, _, function = PARSERS.get(name, GRADE_PARSER).partition(":")
    parser = getattr(importlib.import_module(module), function)()
    if name in PARSERS and name not in READS_ITS_NAME:
        return parser, argv[1:]
    return parser, argv


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        # Taken, then cleared: sys.argv goes into every worker's preparation data (multiprocessing pickles
        # it), and a course seed passed as --seed has no business there.
        argv, sys.argv[1:] = sys.argv[1:], []
    argv, language = i18n.take_language_option(argv)
    if language is not None and language not in i18n.LANGUAGES:
        print(i18n.t("cli.bad_language", languages=", ".join(i18n.LANGUAGES)), file=sys.stderr)
        return 2
    argparse_ko.use(i18n.choose(language))
    for stream in (sys.stdout, sys.stderr):
        # A Windows pipe or file uses the locale's code page: mark ✔ and ✘ as ? rather than crash.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    module, _, function = COMMANDS.get(argv[0] if argv else "", GRADE).partition(":")
    return getattr(importlib.import_module(module), function)(argv)
