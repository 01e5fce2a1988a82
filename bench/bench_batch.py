"""Benchmark: grade a class of submissions with `grader.py batch`, side by side with the naive way.

The class is a fixed mix of correct, partly wrong, crashing, not started and
hanging submissions (200 by default). The batch grades all of them on a pool of
long-lived processes. The naive way starts a fresh grader (a fresh pytest
process) per submission, one after another; it runs on an evenly spread sample
of the same class, since its rate per submission does not depend on the class
size. Both use the same seed and limits, in the same run of this script.

Memory is the peak proportional set size (PSS) of each pool process's tree
(its judge, forkserver and sandboxes), sampled every 0.5 s.

    python bench/bench_batch.py [--students 200] [--naive-sample 20] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_grade import pss_kib, tree

from autograd_kit.exercises.manifest import load_exercises

LEARNERS = ROOT / "tests" / "kit" / "learners"
SEED = "2024"
# kind: (share of the class, files that replace the solution, by exercise number; None: all solutions)
MIX = {
    "correct": (0.40, {}),
    "partly wrong": (0.30, {"03": "no_zero_grad.py", "04": "mistakes.py", "09": "wrong_no_grad.py"}),
    "crashing": (0.15, {"02": "exit_at_import.py", "04": "segfault.py", "08": "import_error.py"}),
    "not started": (0.10, {"*": "not started"}),
    "hanging": (0.05, {"04": "hang_at_import.py"}),
}


def build_class(folder: Path, students: int) -> dict[str, str]:
    """Write the class; return each student's kind."""
    exercises = load_exercises()
    kinds: dict[str, str] = {}
    plan = [kind for kind, (share, _) in MIX.items() for _ in range(round(share * students))]
    plan = (plan + ["correct"] * students)[:students]
    # Spread the kinds through the class, so a sample and any stretch of the batch hold the same mix.
    ordered = sorted(range(students), key=lambda i: (i * 7919) % students)
    for number, index in enumerate(ordered):
        kind = plan[index]
        student = f"student{number:03d}"
        kinds[student] = kind
        target = folder / student
        target.mkdir(parents=True)
        replaced = MIX[kind][1]
        if replaced.get("*") == "not started":
            continue
        for exercise in exercises:
            source = LEARNERS / replaced[exercise.number] if exercise.number in replaced else ROOT / "solutions" / exercise.filename
            shutil.copy(source, target / exercise.filename)
    return kinds


def run_batch(folder: Path, out: Path, jobs: int, timeout: float) -> tuple[float, list[float]]:
    command = [sys.executable, "grader.py", "batch", str(folder), "--out", str(out), "--jobs", str(jobs),
               "--seed", SEED, "--timeout", str(timeout)]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks: dict[int, int] = {}
    while process.poll() is None:
        for child in tree(process.pid)[1:]:
            if _is_pool_process(child):
                peaks[child] = max(peaks.get(child, 0), sum(pss_kib(p) for p in tree(child)))
        time.sleep(0.5)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"batch failed:\n{process.stderr.read().decode()[-2000:]}")
    return seconds, [kib / 1024 for kib in peaks.values()]


def _is_pool_process(pid: int) -> bool:
    try:
        return b"autograd_kit.classroom.batch_worker" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def run_naive(folder: Path, students: list[str], timeout: float) -> float:
    started = time.perf_counter()
    for student in students:
        command = [sys.executable, "grader.py", "--submission", str(folder / student), "--seed", SEED,
                   "--timeout", str(timeout), "--format", "json", "--output", os.devnull]
        subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--naive-sample", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=10.0, help="per-call limit (the grader's default)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as temp:
        folder, out = Path(temp) / "class", Path(temp) / "grades"
        kinds = build_class(folder, args.students)
        step = max(len(kinds) // args.naive_sample, 1)
        sample = sorted(kinds)[::step][: args.naive_sample]
        print(f"class: {args.students} submissions, " + ", ".join(
            f"{sum(k == kind for k in kinds.values())} {kind}" for kind in MIX), flush=True)
        print(f"naive sample: {len(sample)} submissions, " + ", ".join(
            f"{sum(kinds[s] == kind for s in sample)} {kind}" for kind in MIX), flush=True)
        naive_seconds = run_naive(folder, sample, args.timeout)
        print(f"naive: {naive_seconds:.1f} s for {len(sample)}", flush=True)
        batch_seconds, peaks = run_batch(folder, out, args.jobs, args.timeout)
        print(f"batch: {batch_seconds:.1f} s for {args.students}", flush=True)
        per_kind: dict[str, list[float]] = {kind: [] for kind in MIX}
        for student, kind in kinds.items():
            grade = json.loads((out / "results" / f"{student}.json").read_text())["grade"]
            per_kind[kind].append(grade["seconds"])
    naive_rate = 60 * len(sample) / naive_seconds
    batch_rate = 60 * args.students / batch_seconds
    print()
    print(f"throughput, submissions per minute ({args.jobs} pool processes, this machine's {os.cpu_count()} cores):")
    print(f"  batch  {batch_rate:7.1f}")
    print(f"  naive  {naive_rate:7.1f}   (a fresh grader process per submission, one at a time)")
    print(f"  ratio batch / naive: {batch_rate / naive_rate:.2f}")
    print(f"peak PSS per pool process tree: max {max(peaks):.0f} MiB, median {statistics.median(peaks):.0f} MiB")
    print("median seconds to grade one submission inside the batch, by kind:")
    for kind, seconds in per_kind.items():
        if not seconds:
            continue
        print(f"  {kind:<12} {statistics.median(seconds):6.2f} s  (max {max(seconds):.2f})")
    if per_kind["hanging"] and per_kind["correct"]:
        extra = statistics.median(per_kind["hanging"]) - statistics.median(per_kind["correct"])
        print(f"a hanging submission costs {extra:.2f} s more than a correct one; its time limit is {args.timeout:g} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
