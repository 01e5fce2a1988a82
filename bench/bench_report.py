"""Benchmark: building a class's report against grading the class, and the merge of shards as the class grows.

1. A palette of real submissions (solutions, stubs, realistic mistakes, a
   crash, a hang: tests/kit/synthetic_class.py) is graded by `grader.py batch`,
   which gives the seconds one student costs to grade on this machine.
2. A class of --students is composed from the palette's real results, and
   `grader.py report` rebuilds its gradebook, summary, mistakes.csv and
   report.html (a fresh process: the matplotlib import is counted). The ratio
   is the report's time over the time grading the same class takes at the
   palette's rate.
3. Classes of growing size (--sizes) are split into --shards shard folders and
   `grader.py merge` joins them; seconds per student should stay flat (linear).
   The join alone (reading and checking every result) is timed in-process too.

    python bench/bench_report.py [--students 200] [--sizes 250 500 1000 2000 4000] [--shards 4]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "kit"))

from synthetic_class import PALETTE, SEED, class_from_palette, split_into_shards, write_palette

from autograd_kit.classroom.commands import merge


def grader(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "grader.py", *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000, 2000, 4000])
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-report-") as temp:
        root = Path(temp)
        write_palette(root / "palette")
        batch_seconds = grader("batch", str(root / "palette"), "--out", str(root / "graded"), "--seed", str(SEED),
                               "--jobs", str(args.jobs))
        per_student = batch_seconds / len(PALETTE)
        print(f"palette: {len(PALETTE)} real submissions graded in {batch_seconds:.1f} s on {args.jobs} pool "
              f"processes: {per_student:.2f} s a student")

        class_from_palette(root / "graded", root / "class", args.students)
        report_seconds = min(grader("report", str(root / "class")) for _ in range(3))
        grading = per_student * args.students
        print(f"report for {args.students} students (grader.py report, best of 3): {report_seconds:.2f} s; "
              f"grading them at that rate: {grading:.0f} s; ratio {report_seconds / grading:.4f}")

        print(f"\nmerge of {args.shards} shards (grader.py merge: join, results copied, report built; "
              "and the join alone, in-process):")
        print(f"{'students':>9} {'merge s':>8} {'ms/student':>11} {'join s':>7} {'ms/student':>11}")
        for size in args.sizes:
            folder = root / f"class-{size}"
            class_from_palette(root / "graded", folder, size)
            shards = split_into_shards(folder, args.shards, root / f"shards-{size}")
            merged = grader("merge", *map(str, shards), "--out", str(root / f"merged-{size}"))
            started = time.perf_counter()
            merge(shards)
            joined = time.perf_counter() - started
            print(f"{size:>9} {merged:>8.2f} {1000 * merged / size:>11.2f} {joined:>7.3f} {1000 * joined / size:>11.3f}")
            shutil.rmtree(folder)
            shutil.rmtree(root / f"shards-{size}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
