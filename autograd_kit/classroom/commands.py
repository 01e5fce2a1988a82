"""`grader.py report DIR` and `grader.py merge OUT... --out DIR`: a class's files, rebuilt without grading again.

`report` reads one batch folder's results and writes its gradebook, summary,
mistakes.csv and report.html anew. `merge` joins the folders of N shards
(`batch --shard K/N`) into one, after checking that they can be joined:
the same kit, checks, seed and limits, every shard once, every student once.
Both are linear in the number of students: one pass over the results files.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from autograd_kit.classroom.record import (
    RESULTS_DIR,
    ClassRecord,
    RecordError,
    load_header,
    load_record,
    read_json,
    save_answer,
    write_json,
)
from autograd_kit.classroom.shards import WHOLE_CLASS
from autograd_kit.report import class_files
from autograd_kit.report.untrusted import clean_tree

SHOWN = 8  # students named in a refusal; the rest are counted


def report_main(argv: list[str]) -> int:
    return report_command(build_report_parser().parse_args(argv[1:]))


def merge_main(argv: list[str]) -> int:
    return merge_command(build_merge_parser().parse_args(argv[1:]))


def build_report_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="grader.py report", description="Rebuild a batch's gradebook, summary, mistakes.csv and report.html "
                                             "from its results files, without grading again.")
    parser.add_argument("folder", type=Path, metavar="GRADES_DIR", help="a folder that `grader.py batch` wrote")
    return parser


def build_merge_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="grader.py merge", description="Join the output folders of `grader.py batch --shard K/N` into one "
                                            "gradebook, summary and report, after checking that they agree.")
    parser.add_argument("shards", type=Path, nargs="+", metavar="OUT", help="the shards' --out folders")
    parser.add_argument("--out", type=Path, required=True, metavar="GRADES", help="where to write the class's files")
    return parser


def report_command(args: argparse.Namespace) -> int:
    from autograd_kit.report.terminal import console

    out = console()
    try:
        record = load_record(args.folder)
    except RecordError as problem:
        out.print(f"[red]Cannot rebuild the report: {problem}[/]")
        return 2
    summary = class_files.write_outputs(args.folder, record, seconds=_grading_seconds(args.folder))
    out.print(f"{summary['graded']} of {summary['students']} students graded. Rebuilt "
              f"{args.folder / class_files.REPORT}, {class_files.GRADEBOOK}, {class_files.MISTAKES} "
              f"and {class_files.SUMMARY}.")
    return 0


def _grading_seconds(folder: Path) -> float | None:
    """How long the batch took to grade, from the summary being replaced: rebuilding does not change it."""
    try:
        seconds = read_json(folder / class_files.SUMMARY).get("seconds")
    except (RecordError, AttributeError):
        return None
    return seconds if isinstance(seconds, int | float) else None


def merge_command(args: argparse.Namespace) -> int:
    from autograd_kit.report.terminal import console

    out = console()
    destination: Path = args.out
    if any(destination.resolve() == shard.resolve() for shard in args.shards):
        out.print("[red]--out must be a folder of its own, not one of the shards.[/]")
        return 2
    try:
        merged = merge(args.shards)
    except RecordError as problem:
        out.print(f"[red]Not merged: {problem}[/]")
        return 2
    if not _ours_to_replace(destination):
        out.print(f"[red]{destination} already holds grades that no merge wrote: choose an empty folder for "
                  "--out (a merge replaces what is there).[/]")
        return 2
    for folder in (destination, destination / RESULTS_DIR):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.chmod(0o700)
    for stale in (destination / RESULTS_DIR).glob("*.json"):  # a student of an earlier merge, since withdrawn
        if stale.stem not in merged.answers:
            stale.unlink()
    for student, answer in merged.answers.items():
        save_answer(destination, student, answer)
    write_json(destination / "batch.json", merged.header.to_json())
    summary = class_files.write_outputs(destination, merged, seconds=None)
    out.print(f"Merged {len(args.shards)} shards: {summary['graded']} of {summary['students']} students graded, "
              f"mean {summary['mean_percent']}%. Gradebook: {destination / class_files.GRADEBOOK}   "
              f"report: {destination / class_files.REPORT}")
    return 0


def _ours_to_replace(destination: Path) -> bool:
    """An empty or new folder, or an earlier merge's: never a batch's own grades, which a merge would delete."""
    if not destination.exists() or not any(destination.iterdir()):
        return True
    try:
        return load_header(destination).merged_from > 1
    except RecordError:
        return False


def merge(folders: list[Path]) -> ClassRecord:
    """One record from the shards' folders; RecordError says why they cannot be joined."""
    records = [load_record(folder) for folder in folders]
    first, count = records[0].header, records[0].header.shard.count
    for folder, record in zip(folders[1:], records[1:], strict=True):
        differences = first.agrees_with(record.header)
        if differences:
            raise RecordError(f"{folder} was graded differently from {folders[0]}: " + "; ".join(differences))
    _every_shard_once(folders, records, count)
    answers = _every_student_once(folders, records)
    header = replace(first, shard=WHOLE_CLASS, merged_from=count)
    return ClassRecord(header, {student: clean_tree(answers[student]) for student in header.roster})


def _every_shard_once(folders: list[Path], records: list[ClassRecord], count: int) -> None:
    seen: dict[int, Path] = {}
    for folder, record in zip(folders, records, strict=True):
        index = record.header.shard.index
        if index in seen:
            raise RecordError(f"shard {index}/{count} is given twice: {seen[index]} and {folder}")
        seen[index] = folder
    missing = sorted(set(range(count)) - set(seen))
    if missing:
        raise RecordError(f"shard {', '.join(map(str, missing))} of {count} is missing: grade it with "
                          f"`grader.py batch ... --shard {missing[0]}/{count}` and the same --seed (or course secret), then merge all "
                          f"{count}")


def _every_student_once(folders: list[Path], records: list[ClassRecord]) -> dict[str, dict]:
    answers: dict[str, dict] = {}
    owner: dict[str, Path] = {}
    roster = set(records[0].header.roster)
    for folder, record in zip(folders, records, strict=True):
        header = record.header
        for student, answer in record.answers.items():
            if student in owner:
                raise RecordError(f"student {student} appears twice: in {owner[student]} and in {folder}")
            if student not in roster or not header.shard.holds(student):
                raise RecordError(f"{folder} holds a result for {student}, who is not a student of its shard "
                                  f"{header.shard}")
            grade = answer.get("grade")
            if header.seed_from_student:  # the seed is not known here, only which secret made it
                if grade is not None and answer.get("secret_fingerprint", "") != header.secret_fingerprint:
                    raise RecordError(f"{student}'s result in {folder} was graded with another course secret "
                                      "than its shard's")
            elif grade is not None and grade.get("seed") != header.seed:
                raise RecordError(f"{student}'s result in {folder} was graded with another seed than its shard's")
            owner[student], answers[student] = folder, answer
        absent = [s for s in record.students if s not in record.answers]
        if absent:
            named = ", ".join(absent[:SHOWN]) + (f" and {len(absent) - SHOWN} more" if len(absent) > SHOWN else "")
            raise RecordError(f"{folder} (shard {header.shard}) has no result for {len(absent)} of its students "
                              f"({named}): it did not finish; run it again with --resume")
    return answers
