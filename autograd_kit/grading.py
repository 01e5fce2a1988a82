"""The grading pipeline: find exercises, run the checks against learner code
in isolation, score, and hand back a `Grade`."""

from __future__ import annotations

import io
import secrets
import time
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograd_kit import isolation, score
from autograd_kit.checks_plugin import ChecksPlugin
from autograd_kit.manifest import Exercise, load_exercises
from autograd_kit.results import Grade


class GraderFailure(RuntimeError):
    """The grader itself could not run (not the learner's fault)."""


@dataclass(frozen=True)
class GradeRequest:
    target: Path
    exercises: tuple[Exercise, ...] = ()
    seed: int | None = None
    limits: isolation.Limits = isolation.Limits()
    in_process: bool = False  # benchmarks only


def new_seed() -> int:
    return secrets.randbelow(1_000_000)


def grade(request: GradeRequest) -> Grade:
    started = time.perf_counter()
    exercises = request.exercises or load_exercises()
    seed = new_seed() if request.seed is None else request.seed
    if not request.in_process:
        isolation.warm_up()
        import torch

        # The learner's worker uses one core while the judge computes the truth on the other.
        torch.set_num_threads(1)
    plugin = ChecksPlugin(request.target, list(exercises), seed, request.limits, request.in_process)
    missing = [str(e.checks_path) for e in exercises if not e.checks_path.exists()]
    if missing:
        raise GraderFailure(f"the kit's checks are missing: {', '.join(missing)}")
    args = [str(e.checks_path) for e in exercises] + [
        "-q", "-p", "no:cacheprovider", "-p", "no:randomly", "-o", "addopts=", "-o", "python_files=test_*.py",
        f"--rootdir={exercises[0].checks_path.parent}", "--timeout=0", "-W", "ignore::DeprecationWarning",
    ]
    captured = io.StringIO()
    with redirect_stdout(captured), redirect_stderr(captured):
        code = pytest.main(args, plugins=[plugin])
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) or not plugin.results:
        raise GraderFailure(f"pytest could not run the checks (exit code {int(code)}):\n{captured.getvalue()[-3000:]}")
    results = score.score(exercises, plugin.results.values())
    return Grade(str(request.target), seed, results, time.perf_counter() - started)
