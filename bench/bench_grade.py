"""Benchmark: a full isolated grade of solutions/ against a bare in-process run.

The modes: the grader as shipped (forkserver workers), the same without the
cgroup layer (what a grader without one gets: the cost of a group per worker),
the grader with spawn workers (what Windows gets), with one fresh worker per
exercise or reused ones (worker_pool.py), the grader run as an ordinary user
(every learner on Linux), both ways too, and the baseline that calls the
solution functions in-process with no isolation at all.

The modes run the same checks on the same seed, each in a fresh Python
process (so the torch import is counted) that exits the same way, interleaved
A B A B ... because this machine is shared and noisy. Memory is the peak proportional set size
(PSS: shared pages split between the processes sharing them) of the whole
process tree, sampled every 20 ms.

    python bench/bench_grade.py [--rounds 3] [--modes isolated,no-cgroup,no-seccomp] [--no-memory]
    python bench/bench_grade.py --modes in-process,isolated,spawn,spawn-reuse,non-root,non-root-reuse
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = "2024"
GRADE = [sys.executable, "grader.py", "--target", "solutions", "--seed", SEED, "--min-score", "100"]
AS_USER = [sys.executable, "tests/kit/as_user.py", "64123", "--"]  # an unprivileged uid (run the bench as root)
MODES = {
    "isolated": (GRADE, {}),
    # The grader without a cgroup per worker: the same run, so the difference is the groups' cost.
    "no-cgroup": (GRADE, {"AUTOGRAD_KIT_WITHOUT_LAYERS": "cgroup"}),
    "in-process": ([sys.executable, "bench/bench_grade.py", "--in-process-run"], {}),
    # What Windows learners got before workers were reused: every exercise's worker imports torch itself.
    "spawn": (GRADE, {"AUTOGRAD_KIT_START_METHOD": "spawn", "AUTOGRAD_KIT_REUSE_WORKERS": "0"}),
    # What Windows learners get: spawn workers that import torch once and grade several exercises each.
    "spawn-reuse": (GRADE, {"AUTOGRAD_KIT_START_METHOD": "spawn", "AUTOGRAD_KIT_REUSE_WORKERS": "1"}),
    # Forkserver workers reused too (a root grader's default is one fresh worker per exercise).
    "isolated-reuse": (GRADE, {"AUTOGRAD_KIT_REUSE_WORKERS": "1"}),
    # A learner's own account (every learner on Linux): the grader as an ordinary user, run from root by
    # tests/kit/as_user.py, with one fresh worker per exercise (its double fork), and reusing workers (the default).
    "non-root": (AS_USER + GRADE, {"AUTOGRAD_KIT_REUSE_WORKERS": "0"}),
    "non-root-reuse": (AS_USER + GRADE, {"AUTOGRAD_KIT_REUSE_WORKERS": "1"}),
    # The seccomp allowlist's own cost: the same isolated grade without that one layer.
    "no-seccomp": (GRADE, {"AUTOGRAD_KIT_WITHOUT_LAYERS": "seccomp"}),
}


def in_process_run() -> int:
    """The baseline: the same checks, calling the solution functions directly, no isolation."""
    sys.path.insert(0, str(ROOT))
    from autograd_kit.grading.grade import GradeRequest, grade
    from grader import exit_now

    result = grade(GradeRequest(ROOT / "solutions", seed=int(SEED), in_process=True))
    exit_now(0 if result.percent == 100 else 1)  # the same fast exit as grader.py, so only isolation differs
    return 1


def tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        # Every thread's children: a process started from a thread is listed under that thread.
        try:
            tasks = list(Path(f"/proc/{current}/task").iterdir())
        except OSError:
            continue  # it ended while we looked
        for task in tasks:
            try:
                todo.extend(int(c) for c in (task / "children").read_text().split())
            except OSError:
                continue
    return found


def pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(mode: tuple[list[str], dict], sample_memory: bool) -> tuple[float, float]:
    command, env = mode
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, **env})
    peak = 0
    if sample_memory:
        while process.poll() is None:
            peak = max(peak, sum(pss_kib(p) for p in tree(process.pid)))
            time.sleep(0.1)
    process.wait()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{command} failed:\n{process.stderr.read().decode()[-2000:]}")
    return seconds, peak / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--modes", default="isolated,in-process,spawn",
                        help=f"which of {', '.join(MODES)}, comma-separated (default: the first three)")
    parser.add_argument("--no-memory", action="store_true", help="skip the separate runs that sample memory")
    parser.add_argument("--in-process-run", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.in_process_run:
        return in_process_run()
    modes = {name: MODES[name] for name in args.modes.split(",")}
    times: dict[str, list[float]] = {mode: [] for mode in modes}
    for round_number in range(1, args.rounds + 1):
        for mode, spec in modes.items():
            times[mode].append(measure(spec, sample_memory=False)[0])
            print(f"round {round_number}  {mode:<14}  {times[mode][-1]:6.2f} s", flush=True)
    peak = {mode: float("nan") for mode in modes}
    for mode, spec in modes.items() if not args.no_memory else ():
        peak[mode] = measure(spec, sample_memory=True)[1]
        print(f"memory     {mode:<10}  peak PSS {peak[mode]:6.0f} MiB", flush=True)
    median = {mode: statistics.median(runs) for mode, runs in times.items()}
    print()
    print(f"full grade of solutions/, median of {args.rounds}, torch import included:")
    for mode in modes:
        print(f"  {mode:<14}  {median[mode]:6.2f} s   peak PSS {peak[mode]:6.0f} MiB")
    for mode, base in (("isolated", "in-process"), ("spawn", "in-process"), ("isolated", "no-cgroup"),
                       ("isolated", "no-seccomp"), ("spawn", "isolated"), ("spawn-reuse", "isolated"),
                       ("spawn-reuse", "in-process"), ("isolated-reuse", "in-process"), ("non-root", "in-process"),
                       ("non-root-reuse", "in-process"), ("non-root-reuse", "non-root")):
        if mode in modes and base in modes:
            print(f"  ratio {mode} / {base}: time {median[mode] / median[base]:.3f}, "
                  f"memory {peak[mode] / peak[base]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
