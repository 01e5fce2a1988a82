"""One process of a batch's pool: import torch once, then grade submissions one by one.

The batch sends one JSON job per line on stdin; this process answers one JSON
line per job on a private copy of stdout. Its own fd 1 points at stderr, so
nothing the forkserver or a library prints can garble the answers.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import IO


def main() -> None:
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    try:
        serve(answers)
    except BrokenPipeError:
        pass  # the batch that sent the job is gone (interrupted, killed): nobody to answer, nothing for batch.log
    finally:
        try:
            answers.close()  # closed, so no ResourceWarning
        except BrokenPipeError:
            pass


def serve(answers: IO[str]) -> None:
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    from autograd_kit.sandbox.isolation import Limits, warm_up

    warm_up()
    from autograd_kit.grading.grade import GradeRequest, GraderFailure, grade_submission

    for line in sys.stdin:
        job = json.loads(line)
        limits = Limits(timeout_s=job["timeout_s"], memory_mb=job["memory_mb"])
        request = GradeRequest(Path("."), (), job["seed"], limits, student=job["student"],
                               accept_weak_sandbox=bool(job.get("accept_weak_sandbox")))
        try:
            result, refused = grade_submission(Path(job["path"]), request)
            answer = {"student": job["student"], "grade": result.to_dict(), "refused": refused}
        except GraderFailure as problem:
            answer = {"student": job["student"], "failure": str(problem)[-2000:]}
        answers.write(json.dumps(answer) + "\n")


if __name__ == "__main__":
    main()
