"""Grade many learner folders in one process, with the kit's in-process mode (no sandbox).

For the suite's tests whose subject is what the checks decide (points, statuses, named mistakes, messages), not
the isolation: one process imports torch once and grades every folder, where `grader.py --target` would start a
judge (torch again, 2-3 s) and twenty sandboxed workers per folder. conftest.grade_in_process runs it;
test_in_process_grades.py proves that its result is the one `grader.py --target F --json -` writes.

    python tests/kit/in_process_grader.py --seed 5 --out RESULTS_DIR FOLDER...

writes RESULTS_DIR/0.json, 1.json, ... in the order of the folders: each the `--json` result of that folder.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args(argv)

    import torch

    from autograd_kit.grading.grade import GradeRequest, grade
    from autograd_kit.report import leveled

    warnings.filterwarnings("ignore")
    # As an isolated grade does (grading/grade.py): one thread, so float reductions round the same way.
    torch.set_num_threads(1)
    for index, folder in enumerate(args.folders):
        result = grade(GradeRequest(folder, seed=args.seed, in_process=True))
        # The learner's code ran in this process: what it left behind must not reach the next folder's grade.
        torch.set_grad_enabled(True)
        torch.set_default_dtype(torch.float32)
        (args.out / f"{index}.json").write_text(leveled.render(result, "json", "full", "xunit2"), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
