"""Benchmark: how soon after a save `grader.py watch` shows the new result.

Watch mode keeps torch imported, so a save costs one exercise's checks. This
measures, for exercise 04, the time from writing the file to the line of
feedback appearing, alternating a wrong and a right version, and side by side
the time of the way without watch: a fresh `python grader.py 04`.

    python bench/bench_watch.py [--saves 10] [--start-method spawn]
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEARNERS = ROOT / "tests" / "kit" / "learners"
sys.path.insert(0, str(ROOT))

from autograd_kit.exercises import stubs
from autograd_kit.exercises.manifest import load_exercises

VERSIONS = [(LEARNERS / "mistakes.py", "Mistake: this is 3a^2"),
            (ROOT / "solutions" / "04_gradients_by_hand.py", "Passed!")]


def make_kit(folder: Path) -> None:
    folder.mkdir()
    for exercise in load_exercises():
        (folder / exercise.filename).write_text(stubs.pristine(exercise.name))
    for number in ("01", "02", "03"):
        name = next(e.filename for e in load_exercises() if e.number == number)
        shutil.copy(ROOT / "solutions" / name, folder / name)
    subprocess.run([sys.executable, "grader.py", "--target", str(folder)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--start-method", choices=["forkserver", "spawn"],
                        help="how workers start (spawn: what Windows gets); default: the platform's")
    args = parser.parse_args()
    if args.start_method:
        os.environ["AUTOGRAD_KIT_START_METHOD"] = args.start_method  # the watch and the fresh grader inherit it
    with tempfile.TemporaryDirectory(prefix="bench-watch-") as temp:
        folder = Path(temp) / "exercises"
        make_kit(folder)
        target = folder / "04_gradients_by_hand.py"
        latencies, fresh = [], []
        for round_number in range(args.saves):
            # A fresh watch per pass of 04, since passing moves the watch on to 05.
            path, marker = VERSIONS[round_number % 2]
            lines: queue.Queue[tuple[float, str]] = queue.Queue()
            watch = subprocess.Popen([sys.executable, "grader.py", "watch", "--target", str(folder)], cwd=ROOT,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     env={**os.environ, "LANG": "C.UTF-8", "LC_ALL": "", "COLUMNS": "200"})
            threading.Thread(target=lambda: [lines.put((time.perf_counter(), line)) for line in watch.stdout],
                             daemon=True).start()
            _wait(lines, "Watching")
            _wait(lines, "Watching")  # the first grade is done; now waiting for a save
            saved = time.perf_counter()
            target.write_text(path.read_text())
            latencies.append(_wait(lines, marker) - saved)
            watch.terminate()
            watch.wait()
            target.write_text(stubs.pristine("04_gradients_by_hand"))
            started = time.perf_counter()
            subprocess.run([sys.executable, "grader.py", "04", "--target", str(folder)], cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)
            fresh.append(time.perf_counter() - started)
            print(f"save {round_number + 1}: watch {latencies[-1]:.2f} s   fresh grader {fresh[-1]:.2f} s", flush=True)
    print()
    print(f"exercise 04, {args.saves} saves: watch shows the result {statistics.median(latencies):.2f} s after "
          f"the save (median, max {max(latencies):.2f} s); a fresh `grader.py 04` takes "
          f"{statistics.median(fresh):.2f} s; ratio {statistics.median(latencies) / statistics.median(fresh):.2f}")
    return 0


def _wait(lines: queue.Queue, fragment: str, limit_s: float = 120) -> float:
    deadline = time.perf_counter() + limit_s
    while time.perf_counter() < deadline:
        try:
            when, line = lines.get(timeout=1)
        except queue.Empty:
            continue
        if fragment in line:
            return when
    raise SystemExit(f"never saw {fragment!r}")


if __name__ == "__main__":
    sys.exit(main())
