"""`grader.py batch DIR`: grade a whole class, one subfolder or zip per student.

A pool of N processes (batch_worker.py) each import torch once and grade
submissions one after another; every submission still runs in its own
sandboxed workers. This process only hands out jobs, writes files and shows
progress, so it never imports torch.

Writes to --out: results/<student>.json (one per student, as it finishes),
gradebook.csv and summary.json (at the end), batch.json (settings, for --resume)
and batch.log (what the pool printed).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import queue
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from autograd_kit.files import write_atomically
from autograd_kit.isolation import Limits
from autograd_kit.manifest import KIT_ROOT, load_exercises
from autograd_kit.seeds import new_seed, student_seed

STUDENT_ID = re.compile(r"[^\w.@+-]+")


@dataclass(frozen=True)
class Student:
    id: str
    path: Path


@dataclass(frozen=True)
class Settings:
    seed: int
    seed_from_student: bool
    limits: Limits
    accept_weak_sandbox: bool = False

    def seed_for(self, student: Student) -> int:
        return student_seed(student.id, self.seed) if self.seed_from_student else self.seed

    @property
    def watchdog_s(self) -> float:
        # The sandbox limits each call; this only catches a pool process that is itself stuck.
        return 120 + 60 * self.limits.timeout_s


def build_parser(add_options: list[Callable[[argparse.ArgumentParser], None]]) -> argparse.ArgumentParser:
    """The batch's own options, plus the grader's limit and seed options (passed in from cli.py)."""
    parser = argparse.ArgumentParser(
        prog="grader.py batch", description="Grade every submission in DIR: one subfolder or zip per student.")
    parser.add_argument("folder", type=Path, metavar="DIR")
    parser.add_argument("--out", type=Path, help="where to write the gradebook and results (default: DIR-grades)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="submissions graded at once (default: the number of cores)")
    parser.add_argument("--resume", action="store_true", help="skip students that already have a results file")
    parser.add_argument("--seed", type=int, help="seed for the random inputs (default: a new one, kept for --resume)")
    for add in add_options:
        add(parser)
    return parser


def find_students(folder: Path, skip: Path | None = None) -> list[Student]:
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
    return list(students.values())


def command(args: argparse.Namespace) -> int:
    from autograd_kit.report import console

    out = console()
    if not args.folder.is_dir():
        out.print(f"[red]No folder {args.folder}[/]")
        return 2
    if args.jobs < 1:
        out.print("[red]--jobs must be at least 1.[/]")
        return 2
    destination = args.out or args.folder.with_name(args.folder.name + "-grades")
    try:
        students = find_students(args.folder, skip=destination)
    except ValueError as problem:
        out.print(f"[red]{problem}[/]")
        return 2
    settings = _settings(args, destination / "batch.json")
    # Grades, seeds and the class list are for the instructor alone: the folders 0700, the files 0600.
    for folder in (destination, destination / "results"):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.chmod(0o700)
    _save_settings(settings, destination / "batch.json")
    done = {s.id: r for s in students if args.resume and (r := _load_result(destination, s, settings)) is not None}
    todo = [s for s in students if s.id not in done]
    out.print(f"[bold]autograd-kit batch[/]: {len(students)} submissions in {args.folder}, "
              f"{len(done)} already graded, {len(todo)} to grade on {min(args.jobs, max(len(todo), 1))} processes")
    started = time.perf_counter()
    failures: dict[str, str] = {}
    log_fd = os.open(destination / "batch.log", os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    with os.fdopen(log_fd, "a", encoding="utf-8") as log:
        for student, answer in _run_pool(todo, settings, args.jobs, log, out):
            if "grade" in answer:
                done[student.id] = answer
                _write_json(destination / "results" / f"{student.id}.json", answer)
            else:
                failures[student.id] = answer.get("failure", "the grading process failed")
    summary = summarise(students, done, failures, time.perf_counter() - started, len(todo))
    write_gradebook(destination / "gradebook.csv", students, done, failures)
    _write_json(destination / "summary.json", summary)
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
    seed = args.seed if args.seed is not None else previous.get("seed", new_seed())
    from_student = args.seed_from_student or bool(previous.get("seed_from_student"))
    return Settings(seed, from_student, limits, bool(getattr(args, "accept_weak_sandbox", False)))


def _save_settings(settings: Settings, path: Path) -> None:
    _write_json(path, {"seed": settings.seed, "seed_from_student": settings.seed_from_student,
                       "timeout_s": settings.limits.timeout_s, "memory_mb": settings.limits.memory_mb})


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
    return answer


def _run_pool(todo: list[Student], settings: Settings, jobs: int, log: IO[str], out: Any):
    """Yield (student, answer) as submissions finish, from a pool of long-lived grading processes."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    if not todo:
        return
    waiting: queue.Queue[Student | None] = queue.Queue()
    finished: queue.Queue[tuple[Student, dict]] = queue.Queue()
    for student in todo:
        waiting.put(student)
    count = min(jobs, len(todo))
    for _ in range(count):
        waiting.put(None)
    threads = [threading.Thread(target=_serve_pool_process, args=(waiting, finished, settings, log), daemon=True)
               for _ in range(count)]
    for thread in threads:
        thread.start()
    columns = (TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.description}"))
    with Progress(*columns, console=out, transient=False) as progress:
        task = progress.add_task("", total=len(todo))
        for _ in todo:
            student, answer = finished.get()
            progress.update(task, advance=1, description=student.id)
            yield student, answer
    for thread in threads:
        thread.join()


def _serve_pool_process(waiting: queue.Queue, finished: queue.Queue, settings: Settings, log: IO[str]) -> None:
    process: subprocess.Popen | None = None
    try:
        while (student := waiting.get()) is not None:
            if process is None or process.poll() is not None:
                process = _start_pool_process(log)
            answer = _grade_in(process, student, settings)
            if "grade" not in answer:
                process.kill()  # a stuck or broken pool process is replaced for the next student
                process.wait()
                process = None
            finished.put((student, answer))
    finally:
        if process is not None:
            process.stdin.close()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()


def _start_pool_process(log: IO[str]) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(KIT_ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.Popen([sys.executable, "-m", "autograd_kit.batch_worker"], cwd=KIT_ROOT, env=env,
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


def write_gradebook(path: Path, students: list[Student], done: dict[str, dict], failures: dict[str, str]) -> None:
    exercises = [e.name for e in load_exercises()]
    file = io.StringIO(newline="")
    writer = csv.writer(file)
    writer.writerow(["student", "seed", *exercises, "total", "max_points", "percent", "note"])
    for student in students:
        answer = done.get(student.id)
        if answer is None:
            writer.writerow([student.id, "", *[""] * len(exercises), "", "", "",
                             "not graded: " + failures.get(student.id, "skipped")])
            continue
        grade = answer["grade"]
        points = {e["name"]: e["points"] for e in grade["exercises"]}
        writer.writerow([student.id, grade["seed"], *[_num(points.get(name, 0)) for name in exercises],
                         _num(grade["points"]), _num(grade["max_points"]), f"{grade['percent']:.2f}",
                         answer.get("refused") or ""])
    write_atomically(path, file.getvalue(), mode=0o600)


def summarise(students: list[Student], done: dict[str, dict], failures: dict[str, str], seconds: float,
              graded_now: int) -> dict:
    grades = [done[s.id]["grade"] for s in students if s.id in done]
    percents = [g["percent"] for g in grades]
    per_exercise = {}
    for exercise in load_exercises():
        statuses = [next(e["status"] for e in g["exercises"] if e["name"] == exercise.name) for g in grades]
        per_exercise[exercise.name] = {status: statuses.count(status) for status in sorted(set(statuses))}
    return {
        "students": len(students),
        "graded": len(grades),
        "graded_this_run": graded_now - len(failures),
        "not_graded": failures,
        "refused": {s.id: done[s.id]["refused"] for s in students if s.id in done and done[s.id].get("refused")},
        "mean_percent": round(statistics.fmean(percents), 2) if percents else None,
        "median_percent": round(statistics.median(percents), 2) if percents else None,
        "full_marks": sum(1 for p in percents if p >= 100),
        "exercises": per_exercise,
        "seconds": round(seconds, 1),
    }


def _show(summary: dict, destination: Path, out: Any) -> None:
    out.print(f"Graded {summary['graded']} of {summary['students']} submissions "
              f"({summary['graded_this_run']} this run, {summary['seconds']:g} s). "
              f"Mean {summary['mean_percent']}%, median {summary['median_percent']}%, "
              f"{summary['full_marks']} at full marks.")
    for student, reason in summary["refused"].items():
        out.print(f"[yellow]{student}: submission refused: {reason}[/]")
    for student, reason in summary["not_graded"].items():
        out.print(f"[red]{student}: not graded: {reason}[/]")
    out.print(f"Gradebook: {destination / 'gradebook.csv'}   results: {destination / 'results'}/   "
              f"summary: {destination / 'summary.json'}")


def _write_json(path: Path, data: dict) -> None:
    write_atomically(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n", mode=0o600)


def _num(value: float) -> str:
    return f"{value:g}"
