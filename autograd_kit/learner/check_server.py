"""The grader behind a notebook's check(): one process per kernel, started by the first check.

It imports torch and starts the forkserver once, as `watch` does, then grades one job per line of its
stdin and answers one line of JSON on its stdout, until the kernel goes away (end of stdin). Each job is
a grade of one exercise from a module check() wrote, with the same sandboxed workers and checks as
`python grader.py NN`.

    {"exercise": "04", "target": ".../.autograd-kit/notebook", "seed": null, "lang": "en", "timeout": null}
    -> {"grade": {...the json format...}} or {"error": "why the grader could not grade"}
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main() -> int:
    # Answers go to the real stdout alone: anything else that prints (pytest, warnings) goes to stderr.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    sys.stdout = sys.stderr
    from autograd_kit import i18n
    from autograd_kit.exercises.manifest import find_exercise
    from autograd_kit.grading.grade import GradeRequest, GraderFailure, grade
    from autograd_kit.learner.progress import remember
    from autograd_kit.sandbox import worker_pool
    from autograd_kit.sandbox.isolation import Limits, warm_up

    warm_up()
    for line in sys.stdin:
        job = json.loads(line)
        i18n.choose(job.get("lang"))
        exercise = find_exercise(job["exercise"])
        target = Path(job["target"])
        limits = Limits() if job.get("timeout") is None else Limits(timeout_s=float(job["timeout"]))
        request = GradeRequest(target, (exercise,), job.get("seed"), limits, notebooks=frozenset({exercise.name}),
                               keep_workers=True)  # the kernel's next check() finds the worker up (worker_pool.py)
        try:
            result = grade(request)
        except GraderFailure as problem:
            answer: dict = {"error": str(problem)}
        else:
            remember(result, target)  # for hint(): the mistake the last check named
            answer = {"grade": result.to_dict()}
        answers.write(json.dumps(answer, ensure_ascii=False) + "\n")
        answers.flush()
    worker_pool.close_all()
    return 0


if __name__ == "__main__":
    from grader import exit_now

    exit_now(main())
