"""Benchmark: what `check("04")` in a notebook costs, side by side with `python grader.py 04` in a terminal.

In a kernel that is already running (torch imported, the learner's cells run), each check takes the cells'
code from the input history, writes the module, and grades it in a process of its own. This runs the
notebook of exercise 04 with the solution's functions once in a kernel, then times CHECKS more runs of
the check cell in that kernel, alternating a wrong and a right dq_da; and, in the same run, as many fresh
`python grader.py 04` runs on the same two versions as files.

    python bench/bench_notebook.py [--checks 10]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "kit"))

from test_notebooks import NOTEBOOKS, with_function  # noqa: E402

SOLUTION = (ROOT / "solutions" / "04_gradients_by_hand.py").read_text(encoding="utf-8")
WRONG = SOLUTION.replace("9 * a**2", "3 * a**2")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", type=int, default=10)
    args = parser.parse_args()
    stub = nbformat.read(NOTEBOOKS / "04_gradients_by_hand.ipynb", as_version=4)
    versions = [with_function(stub, WRONG), with_function(stub, SOLUTION)]
    assert WRONG != SOLUTION
    dq_da = next(i for i, cell in enumerate(versions[1].cells) if "def dq_da(" in cell.source)
    notebook_times, terminal_times = [], []
    with tempfile.TemporaryDirectory() as folder:
        client = NotebookClient(versions[1], timeout=600, kernel_name="python3",
                                resources={"metadata": {"path": folder}})
        with client.setup_kernel():
            for index, cell in enumerate(versions[1].cells):
                client.execute_cell(cell, index)
            last = len(versions[1].cells) - 1
            for round_ in range(args.checks):
                version = versions[round_ % 2]
                client.execute_cell(version.cells[dq_da], dq_da)
                started = time.perf_counter()
                client.execute_cell(version.cells[last], last)
                notebook_times.append(time.perf_counter() - started)
        files = Path(folder) / "files"
        files.mkdir()
        for round_ in range(args.checks):
            (files / "04_gradients_by_hand.py").write_text([WRONG, SOLUTION][round_ % 2], encoding="utf-8")
            started = time.perf_counter()
            subprocess.run([sys.executable, str(ROOT / "grader.py"), "04", "--target", str(files)],
                           capture_output=True, check=True)
            terminal_times.append(time.perf_counter() - started)
    notebook, terminal = statistics.median(notebook_times), statistics.median(terminal_times)
    print(f"check('04') in a running kernel: median {notebook:.2f} s (max {max(notebook_times):.2f} s)")
    print(f"python grader.py 04, fresh:      median {terminal:.2f} s (max {max(terminal_times):.2f} s)")
    print(f"ratio {notebook / terminal:.2f}")


if __name__ == "__main__":
    main()
