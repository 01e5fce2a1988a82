"""`grader.py batch DIR`: grade a whole class, one subfolder or zip per student.

A pool of N processes (batch_worker.py) each import torch once and grade
submissions one after another; every submission still runs in its own
sandboxed workers. This process only hands out jobs, writes files and shows
progress, so it never imports torch.

Writes to --out: results/<student>.json (one per student, as it finishes),
batch.json (settings, for --resume and merge), batch.log (when each student
started and finished, their score, any failure of the kit's own, and what the
pool printed), then gradebook.csv, summary.json, mistakes.csv, report.html and
feedback/<student>.md and .html (report/class_files.py). A folder that already
holds a batch is refused unless --resume (go on with its seed) or --force
(grade everyone again): one folder never mixes two batches' seeds. With
--shard K/N it grades only its share of the class (shards.py); `grader.py
merge` joins the shards.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from rich.markup import escape

from autograd_kit.classroom.machine_paths import without_machine_paths
from autograd_kit.classroom.record import ClassHeader, ClassRecord, checks_digest, save_answer, write_json
from autograd_kit.classroom.shards import WHOLE_CLASS, ShardError, parse_shard
from autograd_kit.cli.options import add_limit_options, add_sandbox_options, add_seed_options, course_secret
from autograd_kit.exercises.manifest import KIT_ROOT
from autograd_kit.grading.seeds import CourseSecret, CourseSecretError, new_seed, student_seed
from autograd_kit.report import class_files
from autograd_kit.report.feedback_levels import LEVELS
from autograd_kit.report.untrusted import clean_tree
from autograd_kit.sandbox.isolation import Limits

STUDENT_ID = re.compile(r"[^\w.@+-]+")


@dataclass(frozen=True)
class Student:
    id: str
    path: Path


@dataclass(frozen=True)
class Settings:
    seed: int | None  # the class's seed; None when each student's comes from the course secret
    secret: CourseSecret | None  # with --seed-from-student: held here, never written, never on a command line
    limits: Limits
    accept_weak_sandbox: bool = False

    @property
    def seed_from_student(self) -> bool:
        return self.secret is not None

    @property
    def secret_fingerprint(self) -> str:
        return self.secret.fingerprint if self.secret is not None else ""

    def seed_for(self, student: Student) -> int:
        if self.secret is not None:
            return student_seed(student.id, self.secret)
        assert self.seed is not None
        return self.seed

    @property
    def watchdog_s(self) -> float:
        # The sandbox limits each call; this only catches a pool process that is itself stuck.
        return 120 + 60 * self.limits.timeout_s


def main(argv: list[str]) -> int:
    return command(build_parser().parse_args(argv[1:]))


def build_parser() -> argparse.ArgumentParser:
    """The batch's own options, plus the grader's limit, seed and sandbox options."""
    parser = argparse.ArgumentParser(
        prog="grader.py batch", description="Grade every submission in DIR: one subfolder or zip per student.")
    parser.add_argument("folder", type=Path, metavar="DIR")
    parser.add_argument("--out", type=Path, help="where to write the gradebook and results (default: DIR-grades)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="submissions graded at once (default: the number of cores)")
    parser.add_argument("--resume", action="store_true", help="skip students that already have a results file")
    parser.add_argument("--force", action="store_true",
                        help="grade everyone again into a folder that already holds a batch, replacing its results")
    parser.add_argument("--feedback", choices=LEVELS, default="full",
                        help="how much of a failed check the feedback files for students show (default: full)")
    parser.add_argument("--seed", type=int, help="seed for the random inputs (default: a new one, kept for --resume); "
                                                 "not with --seed-from-student, whose seeds come from the course secret")
    parser.add_argument("--shard", metavar="K/N",
                        help="grade only shard K of N (K from 0), chosen by a stable hash of the student id; "
                             "auto/N reads K from JOB_COMPLETION_INDEX (Kubernetes) or SLURM_ARRAY_TASK_ID. "
                             "Needs --seed or --seed-from-student; join the shards with `grader.py merge`")
    for add in (add_limit_options, add_seed_options, add_sandbox_options):
        add(parser)
    return parser


def find_students(folder: Path, skip: Path | None = None) -> list[Student]:
    """Every student in FOLDER, by id: the order of the gradebook, whichever machine graded them."""
    students: dict[str, Student] = {}
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or not (entry.is_dir() or entry.suffix.lower() == ".zip"):
            continue
        if skip is not None and entry.resolve() == skip.resolve():
            continue  # the batch's own output folder
        student_id = STUDENT_ID.sub("_", entry.stem if entry.is_file() else entry.name)
        if student_id in students:
            raise ValueError(f"two submissions for {student_id!r}: {students[student_id].path.name} and {entry.name}")
        students[student_id] = Student(student_id, entry)
    return [students[student_id] for student_id in sorted(students)]


def command(args: argparse.Namespace) -> int:
    from autograd_kit.report.terminal import console

    out = console()
    if not args.folder.is_dir():
        out.print(f"[red]No folder {args.folder}[/]")
        return 2
    if args.jobs < 1:
        out.print("[red]--jobs must be at least 1.[/]")
        return 2
    try:
        shard = parse_shard(args.shard) if args.shard else WHOLE_CLASS
    except ShardError as problem:
        out.print(f"[red]{problem}[/]")
        return 2
    if args.shard and args.seed is None and not args.seed_from_student:
        out.print("[red]--shard needs --seed: every shard must grade with the same inputs "
                  "(or --seed-from-student, with the same course secret).[/]")
        return 2
    suffix = f"-shard-{shard.index}-of-{shard.count}" if args.shard else ""
    destination = args.out or args.folder.with_name(args.folder.name + "-grades" + suffix)
    try:
        roster = find_students(args.folder, skip=destination)
    except ValueError as problem:
        out.print(f"[red]{problem}[/]")
        return 2
    students = [s for s in roster if shard.holds(s.id)]
    if args.resume and args.force:
        out.print("[red]--resume and --force contradict each other: --resume keeps the graded students, "
                  "--force grades them again.[/]")
        return 2
    earlier = _earlier_batch(destination)
    if earlier and not args.resume and not args.force:
        out.print(f"[red]{escape(str(destination))} already holds a batch ({escape(earlier)}). "
                  "Nothing was changed.[/]\n"
                  "Run it again with --resume to grade only the students still missing, with the same seed, "
                  "or with --force to grade everyone again (its results and feedback files are replaced).")
        return 2
    try:
        settings = _settings(args, destination / "batch.json")  # before the pool starts: see seeds.load_course_secret
    except CourseSecretError as problem:
        out.print(f"[red]{escape(str(problem))}[/]")
        return 2
    header = ClassHeader(settings.seed, settings.seed_from_student, settings.limits.timeout_s,
                         settings.limits.memory_mb, secret_fingerprint=settings.secret_fingerprint,
                         checks=checks_digest(), shard=shard, roster=tuple(s.id for s in roster),
                         feedback=args.feedback)
    # Grades, seeds and the class list are for the instructor alone: the folders 0700, the files 0600.
    for folder in (destination, destination / "results"):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.chmod(0o700)
    if args.force:
        _remove_earlier_batch(destination)
    write_json(destination / "batch.json", header.to_json())
    done = {s.id: r for s in students if args.resume and (r := _load_result(destination, s, settings)) is not None}
    todo = [s for s in students if s.id not in done]
    share = f" (shard {shard}: {len(students)} of {len(roster)})" if args.shard else ""
    processes = min(args.jobs, max(len(todo), 1))
    out.print(f"[bold]autograd-kit batch[/]: {_count(len(students), 'submission')} in {args.folder}{share}, "
              f"{len(done)} already graded, {len(todo)} to grade on {_count(processes, 'process', 'processes')}")
    started = time.perf_counter()
    failures = 0
    log_fd = os.open(destination / "batch.log", os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    with os.fdopen(log_fd, "a", encoding="utf-8") as log:
        journal = Journal(log)
        journal.write(f"batch of {len(todo)} in {args.folder.name}: {len(done)} already graded")
        for student, answer in _run_pool(todo, settings, args.jobs, journal, out, args.folder):
            if "grade" not in answer:
                # Kept as the student's result, so the gradebook, a merge and --resume all know it (and regrade it).
                answer = {"student": student.id, "failure": answer.get("failure", "the grading process failed")}
                failures += 1
            elif settings.secret is not None:
                answer["secret_fingerprint"] = settings.secret_fingerprint  # what a merge checks: not the seed
            done[student.id] = answer
            save_answer(destination, student.id, answer)
        journal.write(f"batch finished: {len(todo) - failures} graded, {failures} not graded")
    record = ClassRecord(header, done)
    summary = class_files.write_outputs(destination, record, time.perf_counter() - started, len(todo) - failures)
    _show(summary, destination, out)
    return 3 if failures else 0


def _settings(args: argparse.Namespace, saved: Path) -> Settings:
    limits = Limits(timeout_s=args.timeout, memory_mb=args.memory_mb)
    previous: dict[str, Any] = {}
    if args.resume:
        try:
            previous = json.loads(saved.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            previous = {}  # no settings kept (or a damaged file): results made with another seed are regraded
        if not isinstance(previous, dict):
            previous = {}
    from_student = args.seed_from_student or (bool(previous.get("seed_from_student")) and args.seed is None)
    secret = course_secret(argparse.Namespace(**{**vars(args), "seed_from_student": from_student}))
    if secret is not None:
        return Settings(None, secret, limits, bool(getattr(args, "accept_weak_sandbox", False)))
    kept = previous.get("seed")
    seed = args.seed if args.seed is not None else kept if isinstance(kept, int) else new_seed()
    return Settings(seed, None, limits, bool(getattr(args, "accept_weak_sandbox", False)))


def _load_result(destination: Path, student: Student, settings: Settings) -> dict | None:
    """A finished student's answer, if it was graded with the same inputs."""
    path = destination / "results" / f"{student.id}.json"
    try:
        answer = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    grade = answer.get("grade") if isinstance(answer, dict) else None
    if not isinstance(grade, dict) or grade.get("seed") != settings.seed_for(student):
        return None
    if settings.secret is not None and answer.get("secret_fingerprint") != settings.secret_fingerprint:
        return None  # another secret gave the same seed by chance: still not these inputs
    return answer


class Journal:
    """batch.log's own lines, one per event, stamped in UTC; the pool processes' stderr goes to the same file."""

    def __init__(self, log: IO[str]) -> None:
        self.log = log
        self.lock = threading.Lock()

    def write(self, text: str) -> None:
        stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self.lock:
            self.log.write(f"{stamp} {text}\n")
            self.log.flush()

    def finished(self, student: Student, answer: dict) -> None:
        grade = answer.get("grade")
        if not isinstance(grade, dict):
            self.write(f"{student.id}: not graded, a failure of the kit: {answer.get('failure', '')}")
            return
        self.write(f"{student.id}: finished, {grade['points']:g}/{grade['max_points']:g} points "
                   f"({grade['percent']:.2f} %)")
        for exercise in grade["exercises"]:
            for check in exercise["checks"]:
                if check.get("kind") in KIT_FAILURES:
                    self.write(f"{student.id}: the kit failed in {exercise['name']}::{check['name']} "
                               f"({check['kind']}): {_first_line(check.get('message'))}")


def _first_line(text: object) -> str:
    lines = str(text or "").strip().splitlines()
    return lines[0][:300] if lines else ""


KIT_FAILURES = ("grader_error", "check_error", "did_not_report")  # never the student's doing


def _earlier_batch(destination: Path) -> str:
    """What in DESTINATION shows an earlier batch, in words ("" when nothing does)."""
    results = destination / "results"
    count = sum(1 for _ in results.glob("*.json")) if results.is_dir() else 0
    found = [name for name in ("batch.json",) if (destination / name).exists()]
    return ", ".join(found + ([_count(count, "result")] if count else []))


def _remove_earlier_batch(destination: Path) -> None:
    """--force: the earlier batch's results and feedback go, so no file of another seed stays beside the new."""
    for folder, pattern in (("results", "*.json"), ("feedback", "*.md"), ("feedback", "*.html")):
        for path in (destination / folder).glob(pattern):
            path.unlink()


def _run_pool(todo: list[Student], settings: Settings, jobs: int, journal: Journal, out: Any, classes: Path):
    """Yield (student, answer) as submissions finish, from a pool of long-lived grading processes."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    if not todo:
        return
    waiting: queue.Queue[Student | None] = queue.Queue()
    finished: queue.Queue[tuple[Student, dict]] = queue.Queue()
    for student in todo:
        waiting.put(student)
    count = min(jobs, len(todo))
    for _ in range(count):
        waiting.put(None)
    threads = [threading.Thread(target=_serve_pool_process, args=(waiting, finished, settings, journal, classes),
                                daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    columns = (TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.description}"))
    with Progress(*columns, console=out, transient=False) as progress:
        task = progress.add_task("", total=len(todo))
        for _ in todo:
            student, answer = finished.get()
            progress.update(task, advance=1, description=escape(student.id))
            yield student, answer
    for thread in threads:
        thread.join()


def _serve_pool_process(waiting: queue.Queue, finished: queue.Queue, settings: Settings, journal: Journal,
                        classes: Path) -> None:
    process: subprocess.Popen | None = None
    try:
        while (student := waiting.get()) is not None:
            if process is None or process.poll() is not None:
                process = _start_pool_process(journal.log)
            journal.write(f"{student.id}: started")
            answer = clean_tree(_grade_in(process, student, settings))  # kept, then shown: no escape of theirs
            answer = without_machine_paths(answer, student.path, classes)
            journal.finished(student, answer)
            if "grade" not in answer:
                _stop(process, kill=True)  # a stuck or broken pool process is replaced for the next student
                process = None
            finished.put((student, answer))
    finally:
        if process is not None:
            _stop(process, kill=False)


def _stop(process: subprocess.Popen, kill: bool) -> None:
    """End a pool process and close both its pipes (an unclosed one is a ResourceWarning in batch.log)."""
    if kill:
        process.kill()
    try:
        process.stdin.close()
    except OSError:
        pass  # it died with data unread: the pipe is closed all the same
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.stdout.close()


def _start_pool_process(log: IO[str]) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(KIT_ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.Popen([sys.executable, "-m", "autograd_kit.classroom.batch_worker"], cwd=KIT_ROOT, env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True, encoding="utf-8")


def _grade_in(process: subprocess.Popen, student: Student, settings: Settings) -> dict:
    job = {"student": student.id, "path": str(student.path.resolve()), "seed": settings.seed_for(student),
           "timeout_s": settings.limits.timeout_s, "memory_mb": settings.limits.memory_mb,
           "accept_weak_sandbox": settings.accept_weak_sandbox}
    watchdog = threading.Timer(settings.watchdog_s, process.kill)
    watchdog.start()
    try:
        process.stdin.write(json.dumps(job) + "\n")
        process.stdin.flush()
        line = process.stdout.readline()
    except OSError:
        line = ""
    finally:
        watchdog.cancel()
    try:
        answer = json.loads(line)
    except ValueError:
        return {"failure": f"the grading process stopped (exit code {process.poll()}); see batch.log"}
    return answer if isinstance(answer, dict) else {"failure": "the grading process sent a garbled answer"}


def _show(summary: dict, destination: Path, out: Any) -> None:
    scores = (f"Mean {summary['mean_percent']}%, median {summary['median_percent']}%, "
              f"{summary['full_marks']} at full marks." if summary["graded"] else "")
    out.print(f"Graded {summary['graded']} of {summary['students']} submissions "
              f"({summary['graded_this_run']} this run, {summary['seconds']:g} s). {scores}")
    for student, reason in summary["refused"].items():
        out.print(f"[yellow]{escape(student)}: submission refused: {escape(reason)}[/]")
    for student, reason in summary["not_graded"].items():
        out.print(f"[red]{escape(student)}: not graded: {escape(reason)}[/]")
    out.print(f"Gradebook: {destination / 'gradebook.csv'}   report: {destination / 'report.html'}   "
              f"results: {destination / 'results'}/   summary: {destination / 'summary.json'}")


def _count(number: int, one: str, many: str = "") -> str:
    return f"{number} {one if number == 1 else many or one + 's'}"
