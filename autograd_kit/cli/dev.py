"""`grader.py dev ...`: tools for kit authors (generate the stubs and notebooks, the Korean catalogue, the sweep)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autograd_kit import i18n
from autograd_kit.exercises import stubs
from autograd_kit.exercises.manifest import UnknownExercise, find_exercise


def main(argv: list[str]) -> int:
    return dev(build_dev_parser().parse_args(argv[1:]))


def build_dev_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="grader.py dev", description="Tools for kit authors.")
    commands = parser.add_subparsers(dest="command", required=True)
    generate = commands.add_parser("generate-stubs", help="write exercises/ and notebooks/ from solutions/")
    generate.add_argument("--solutions", type=Path, default=stubs.default_dirs()[0])
    generate.add_argument("--out", type=Path, default=stubs.default_dirs()[1])
    generate.add_argument("--repo", "--repository", dest="repository", default=None, metavar="URL",
                          help="the kit's repository (your course's copy), which the notebooks' first cell clones "
                               "in Colab or any kernel without the kit (default: the address in notebooks.py)")
    commands.add_parser("messages", help="list feedback templates missing from (or stale in) the Korean catalogue")
    sweep = commands.add_parser("sweep", help="run the checks in-process over many seeds: correct work must pass "
                                              "with every one (a tolerance that holds for one seed may not for another)")
    sweep.add_argument("exercises", nargs="*", metavar="NN", help="only these exercises (default: all)")
    sweep.add_argument("--target", type=Path, default=stubs.default_dirs()[0],
                       help="a folder of trusted exercise files (default: solutions/); they run in this process")
    sweep.add_argument("--seeds", type=int, default=200, metavar="N", help="how many seeds (default 200)")
    sweep.add_argument("--first", type=int, default=0, metavar="SEED", help="the first seed (default 0)")
    syscalls = commands.add_parser("syscalls", help="measure, under strace, the system calls workers make once "
                                                     "seccomp is on, and write them as its allowlist (Linux, root)")
    syscalls.add_argument("--jobs", type=int, default=2, metavar="N", help="graders at once (default 2)")
    return parser


def dev(args: argparse.Namespace) -> int:
    if args.command == "messages":
        return messages_report()
    if args.command == "sweep":
        return sweep_report(args)
    if args.command == "syscalls":
        return measure_syscalls(args.jobs)
    written = stubs.generate(args.solutions, args.out)
    print(f"wrote {len(written)} stubs to {args.out}")
    if args.out.resolve() == stubs.default_dirs()[1].resolve():
        stubs.write_pristine(args.out)
        print(f"and bundled them in {stubs.PRISTINE_PATH.name}, for reset")
        from autograd_kit.exercises import notebooks

        made = notebooks.generate(args.solutions, notebooks.default_dir(),
                                  repository=args.repository or notebooks.REPOSITORY)
        print(f"wrote {len(made)} notebooks to {notebooks.default_dir()}")
    return 0


def measure_syscalls(jobs: int) -> int:
    """What `dev syscalls` does: trace every kept case's grade, write allowed_syscalls.txt from what it saw."""
    from autograd_kit.sandbox.kernel import syscall_census, syscalls

    students = syscall_census.every_case()
    print(f"grading {len(students)} students under strace, then the solutions with spawned workers (minutes)")
    census = syscall_census.measure(students, jobs=jobs)
    # A spawned worker imports what a forkserver would have preloaded, after its filter is on.
    census = census.merge(syscall_census.measure({"solutions": students["solutions"]}, start_method="spawn"))
    syscall_census.write_allowlist(census)
    print(f"{census.workers} workers made {len(census.calls)} kinds of system call; wrote {syscalls.ALLOWLIST}")
    return 0


def messages_report() -> int:
    """What `dev messages` prints: the catalogue's gaps, ready to paste into feedback.ko.toml."""
    import json

    from autograd_kit.i18n import message_ids

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

    from autograd_kit.checks import sweep

    torch.set_num_threads(1)
    try:
        chosen = [find_exercise(name) for name in args.exercises] or None
    except UnknownExercise as problem:
        print(problem, file=sys.stderr)
        return 2
    from autograd_kit.exercises.manifest import load_exercises

    files = {e.name: args.target / e.filename for e in (chosen or load_exercises())
             if (args.target / e.filename).is_file()}
    outcomes = sweep.sweep(files, range(args.first, args.first + args.seeds))
    failed = [o for o in outcomes if not o.passed]
    for outcome in failed:
        print(f"{outcome.case} seed {outcome.seed}: {outcome.kind}: {outcome.message}")
    print(f"{len(outcomes) - len(failed)} of {len(outcomes)} check runs passed ({len(files)} exercises, "
          f"seeds {args.first} to {args.first + args.seeds - 1})")
    return 1 if failed else 0
