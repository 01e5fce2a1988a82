"""Benchmark: grade a class as a Slurm job array, merge the shards, compare with one machine.

Starts a one-node Slurm cluster on this machine (bench/slurm/cluster.sh, in a
temporary folder), submits examples/slurm-array.sh as it ships, with the class,
output folder, seed and shard count passed through `sbatch --export`, waits for
the array to leave the queue, and runs `grader.py merge` on the shards. Then it
grades the same class with one `grader.py batch` on this machine, with the same
seed, and checks that the two gradebooks are the same bytes. The cluster is
stopped whatever happens.

The class is bench_batch.py's mix (correct, partly wrong, crashing, not started,
hanging at import). With a node of C CPUs and --cpus-per-task P, Slurm runs C // P
array tasks at once, each grading P submissions at once; the single-machine
batch grades --jobs submissions at once (default: the number of cores).

Needs Slurm and munge (Debian: apt-get install slurm-wlm munge) and root.

    python bench/bench_slurm.py [--students 40] [--shards 4] [--cpus-per-task 1] [--jobs 2]
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_batch import MIX, SEED, build_class

CLUSTER = ROOT / "bench" / "slurm" / "cluster.sh"
ARRAY_SCRIPT = ROOT / "examples" / "slurm-array.sh"


@dataclass
class Task:
    index: int
    state: str
    exit_code: str
    seconds: float | None  # from the task's own log: how long grader.py batch ran
    run_time: str  # Slurm's RunTime (whole seconds, includes the job's start-up)
    batch_status: str  # grader.py batch's exit code, from the task's log


def run(command: list[str], env: dict[str, str] | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=ROOT, env=env, text=True, capture_output=True)
    if check and result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}{result.stderr}")
    return result


def slurm_env(workdir: Path) -> dict[str, str]:
    return {**os.environ, "SLURM_CONF": str(workdir / "slurm.conf")}


def submit_array(env: dict[str, str], folder: Path, out: Path, logs: Path, shards: int, cpus: int, mem: str) -> str:
    venv = Path(sys.executable).parent.parent
    exports = f"ALL,SUBMISSIONS={folder},OUT={out},SEED={SEED},N={shards},KIT={ROOT},VENV={venv}"
    command = ["sbatch", "--parsable", f"--array=0-{shards - 1}", f"--cpus-per-task={cpus}", f"--mem={mem}",
               f"--output={logs}/task-%a.out", f"--export={exports}", str(ARRAY_SCRIPT)]
    return run(command, env=env).stdout.strip().split(";")[0]


def wait_for(env: dict[str, str], job: str) -> tuple[float, float]:
    """Poll squeue until the array is gone; return (seconds until the first task ran, seconds in all)."""
    started = time.perf_counter()
    first_running: float | None = None
    while True:
        states = run(["squeue", "-h", "-j", job, "-o", "%T"], env=env, check=False).stdout.split()
        if first_running is None and "RUNNING" in states:
            first_running = time.perf_counter() - started
        if not states:
            return first_running or 0.0, time.perf_counter() - started
        time.sleep(0.25)


def tasks_of(env: dict[str, str], job: str, logs: Path) -> list[Task]:
    """Each task's state and exit code from scontrol (finished jobs stay there for MinJobAge)."""
    tasks = []
    for line in run(["scontrol", "-o", "show", "job", job], env=env).stdout.splitlines():
        fields = dict(field.split("=", 1) for field in line.split() if "=" in field)
        index = int(fields["ArrayTaskId"])
        log = logs / f"task-{index}.out"
        text = log.read_text(errors="replace") if log.exists() else ""
        found = re.search(r"grader\.py batch exited (\d+) after (\d+) s", text)
        tasks.append(Task(index, fields["JobState"], fields["ExitCode"],
                          float(found.group(2)) if found else None, fields.get("RunTime", "?"),
                          found.group(1) if found else "?"))
    return sorted(tasks, key=lambda task: task.index)


TIMING_KEYS = {"seconds", "timestamp", "graded_this_run"}


def _without_timings(value: object) -> object:
    if isinstance(value, dict):
        return {key: _without_timings(item) for key, item in value.items() if key not in TIMING_KEYS}
    if isinstance(value, list):
        return [_without_timings(item) for item in value]
    return value


def compare(merged: Path, single: Path) -> list[str]:
    """How the merged folder's files compare with the single machine's, one line per kind of file."""
    lines = []
    for name in ("mistakes.csv", "summary.json", "report.html"):
        a, b = merged / name, single / name
        if not a.exists() or not b.exists():
            lines.append(f"{name}: only in {'single' if b.exists() else 'merged'}")
        elif a.read_bytes() == b.read_bytes():
            lines.append(f"{name}: same bytes")
        elif name.endswith(".json") and _without_timings(json.loads(a.read_text())) == _without_timings(json.loads(b.read_text())):
            lines.append(f"{name}: same apart from timings ({', '.join(sorted(TIMING_KEYS))})")
        else:
            changed = sum(1 for line in difflib.unified_diff(a.read_text().splitlines(), b.read_text().splitlines(), n=0)
                          if line[:1] in "+-" and line[:3] not in ("+++", "---"))
            lines.append(f"{name}: {changed} lines differ")
    names = sorted({p.name for base in (merged, single) for p in (base / "results").glob("*.json")})
    same = timing = 0
    other = []
    for name in names:
        a, b = merged / "results" / name, single / "results" / name
        if not a.exists() or not b.exists():
            other.append(f"{name} only in {'single' if b.exists() else 'merged'}")
        elif a.read_bytes() == b.read_bytes():
            same += 1
        elif _without_timings(json.loads(a.read_text())) == _without_timings(json.loads(b.read_text())):
            timing += 1
        else:
            other.append(f"{name} differs")
    lines.append(f"results/: {len(names)} files, {same} same bytes, {timing} same apart from timings"
                 + (f"; {', '.join(other[:10])}" if other else ""))
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--shards", type=int, default=4, help="array tasks (N in --shard auto/N)")
    parser.add_argument("--cpus-per-task", type=int, default=1,
                        help="CPUs each array task asks for, and the --jobs it grades with (default 1: on a "
                             "2-core node two tasks run at once; 2 would run them one after another)")
    parser.add_argument("--mem-per-cpu-gb", type=int, default=2, help="--mem per task is this times --cpus-per-task")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="--jobs of the single-machine batch")
    parser.add_argument("--keep", type=Path, help="copy the grades and Slurm logs here")
    args = parser.parse_args()

    if shutil.which("slurmctld") is None:
        raise SystemExit("Slurm is not installed (Debian: apt-get install slurm-wlm munge)")
    probe = run([sys.executable, "grader.py", "merge", "--help"], check=False)
    if probe.returncode != 0:
        raise SystemExit(f"this grader.py has no merge command:\n{probe.stderr[-500:]}")

    cpus = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench-slurm-") as temp:
        base = Path(temp)
        folder, out, logs, workdir = base / "class", base / "grades", base / "logs", base / "cluster"
        logs.mkdir()
        kinds = build_class(folder, args.students)
        print(f"load average before: {os.getloadavg()[0]:.2f} (1 min), on {cpus} cores", flush=True)
        print(f"class: {args.students} submissions, " + ", ".join(
            f"{sum(k == kind for k in kinds.values())} {kind}" for kind in MIX), flush=True)
        env = slurm_env(workdir)
        try:
            cluster = run([str(CLUSTER), "start", str(workdir)])
            print(cluster.stdout.splitlines()[0], flush=True)
            at_once = max(cpus // args.cpus_per_task, 1)
            print(f"array: {args.shards} tasks, --cpus-per-task={args.cpus_per_task} "
                  f"--mem={args.mem_per_cpu_gb * args.cpus_per_task}G: up to {min(at_once, args.shards)} "
                  f"at once on this {cpus}-CPU node, each grading {args.cpus_per_task} at once", flush=True)
            job = submit_array(env, folder, out, logs, args.shards, args.cpus_per_task,
                               f"{args.mem_per_cpu_gb * args.cpus_per_task}G")
            first, array_seconds = wait_for(env, job)
            tasks = tasks_of(env, job, logs)
        finally:
            stopped = run([str(CLUSTER), "stop", str(workdir)], check=False)
            if stopped.returncode != 0:
                print(f"cluster.sh stop exited {stopped.returncode}:\n{stopped.stdout}{stopped.stderr}", file=sys.stderr)

        print(f"array job {job}: {array_seconds:.1f} s from sbatch until the queue was empty "
              f"(first task running after {first:.1f} s)")
        for task in tasks:
            seconds = f"{task.seconds:.0f} s" if task.seconds is not None else "?"
            shard = out / f"shard-{task.index}" / "results"
            graded = len(list(shard.glob("*.json"))) if shard.is_dir() else 0
            print(f"  task {task.index}: {task.state}, exit {task.exit_code}, grader.py batch exit {task.batch_status}, "
                  f"{graded} students, {seconds} (Slurm RunTime {task.run_time})")

        shard_dirs = [str(out / f"shard-{task.index}") for task in tasks]
        started = time.perf_counter()
        merge = run([sys.executable, "grader.py", "merge", *shard_dirs, "--out", str(out / "merged")], check=False)
        merge_seconds = time.perf_counter() - started
        print(f"grader.py merge: exit {merge.returncode} in {merge_seconds:.1f} s")
        if merge.returncode != 0:
            print((merge.stdout + merge.stderr).strip()[-2000:])

        single = base / "single"
        started = time.perf_counter()
        batch = run([sys.executable, "grader.py", "batch", str(folder), "--out", str(single), "--seed", SEED,
                     "--jobs", str(args.jobs)], check=False)
        single_seconds = time.perf_counter() - started
        print(f"single machine: grader.py batch --jobs {args.jobs}: exit {batch.returncode} in {single_seconds:.1f} s")
        if batch.returncode not in (0, 3):
            print((batch.stdout + batch.stderr).strip()[-2000:])

        print(f"load average after: {os.getloadavg()[0]:.2f} (1 min)")
        print()
        print(f"wall time, {args.students} submissions: array {array_seconds:.1f} s + merge {merge_seconds:.1f} s, "
              f"single machine {single_seconds:.1f} s (ratio {(array_seconds + merge_seconds) / single_seconds:.2f})")
        merged_book, single_book = out / "merged" / "gradebook.csv", single / "gradebook.csv"
        if merged_book.exists() and single_book.exists():
            same = merged_book.read_bytes() == single_book.read_bytes()
            print(f"merged gradebook.csv == single-machine gradebook.csv, byte for byte: {'yes' if same else 'NO'}")
            if not same:
                sys.stdout.writelines(list(difflib.unified_diff(
                    single_book.read_text().splitlines(True), merged_book.read_text().splitlines(True),
                    "single/gradebook.csv", "merged/gradebook.csv", n=0))[:30])
            for line in compare(out / "merged", single):
                print(f"  {line}")
        else:
            print("no gradebook to compare: " + ", ".join(str(p) for p in (merged_book, single_book) if not p.exists()))
            same = False
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for name, source in (("grades", out), ("single", single), ("logs", logs), ("cluster-logs", workdir / "log")):
                if source.exists():
                    shutil.copytree(source, args.keep / name, dirs_exist_ok=True)
            shutil.copy(workdir / "slurm.conf", args.keep / "slurm.conf")
    return 0 if same and merge.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
