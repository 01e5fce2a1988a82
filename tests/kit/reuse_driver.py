"""Grade folders in one process and report, from the judge's side, which worker process ran which exercise.

    python reuse_driver.py SPEC.json   ->  JSON on stdout: one entry per grade in SPEC

SPEC: {"grades": [{"target": folder, "reuse": "0" | "1", "submission": bool, "seed": int, "timeout": float,
"keep": bool}], "trust_worker": bool}. Every worker start and every exercise handed to a reused worker is
recorded with the PID the judge's own Process object holds: never what a worker says about itself.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> None:
    from autograd_kit.checks import plugin
    from autograd_kit.grading.grade import GradeRequest, grade, grade_submission
    from autograd_kit.sandbox import isolation, worker_pool
    from autograd_kit.sandbox.worker_process import WorkerProcess

    spec = json.loads(Path(sys.argv[1]).read_text())
    runs: list[tuple[str, int]] = []  # (exercise module, worker PID), in the order the judge handed them out
    start, assign = WorkerProcess.start, WorkerProcess.assign

    def recorded_start(self: WorkerProcess) -> None:
        start(self)
        runs.append((self.module_name, self.process.pid))

    def recorded_assign(self: WorkerProcess, exercise_path, source, module_name, *args) -> bool:
        sent = assign(self, exercise_path, source, module_name, *args)
        if sent:
            runs.append((module_name, self.process.pid))
        return sent

    WorkerProcess.start, WorkerProcess.assign = recorded_start, recorded_assign
    if spec.get("trust_worker"):
        # Only the worker's own check decides whether it is reused: what the tests of that check need.
        plugin._may_reuse = lambda learner: learner is not None and learner.source is not None
    out = []
    for entry in spec["grades"]:
        os.environ["AUTOGRAD_KIT_REUSE_WORKERS"] = entry.get("reuse", "1")
        runs.clear()
        request = GradeRequest(Path(entry["target"]), seed=entry.get("seed", 2024),
                               limits=isolation.Limits(timeout_s=entry.get("timeout", 10.0)),
                               keep_workers=entry.get("keep", False))
        if entry.get("submission"):
            result, _ = grade_submission(Path(entry["target"]), request)
        else:
            result = grade(request)
        out.append({"grade": result.to_dict(), "runs": list(runs)})
    worker_pool.close_all()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
