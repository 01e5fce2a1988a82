"""The grading pipeline: find exercises, run the checks against learner code
in isolation, score, and hand back a `Grade`."""

from __future__ import annotations

import importlib
import io
import time
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import pytest

from autograd_kit.checks.plugin import ChecksPlugin
from autograd_kit.exercises.manifest import Exercise, load_exercises
from autograd_kit.grading import score
from autograd_kit.grading.deadline import Deadline
from autograd_kit.grading.judge_cpu import JUDGE_CPU_S, JudgeBudget, JudgeOverBudget
from autograd_kit.grading.results import ExerciseResult, Grade
from autograd_kit.grading.seeds import new_seed
from autograd_kit.report.untrusted import clean
from autograd_kit.sandbox import isolation, worker_pool


class GraderFailure(RuntimeError):
    """The grader itself could not run (not the learner's fault)."""


@dataclass(frozen=True)
class GradeRequest:
    target: Path
    exercises: tuple[Exercise, ...] = ()
    seed: int | None = None
    limits: isolation.Limits = isolation.Limits()
    in_process: bool = False  # benchmarks only
    rejected: dict[str, str] = field(default_factory=dict)  # exercise name -> why its file is not run
    shown_as: str | None = None  # how feedback names the target folder (default: its path)
    student: str = ""
    untrusted: bool = False  # a student's submission (--submission, batch, Gradescope), not the learner's own work
    accept_weak_sandbox: bool = False  # the instructor grades untrusted work without the layers its scope needs
    alone: bool = False  # one submission in a fresh container thrown away after it (Gradescope): policy.Scope.ALONE
    notebooks: frozenset[str] = frozenset()  # exercises whose module was built from a notebook's cells
    total_timeout_s: float | None = None  # no check starts after this many seconds (grading/deadline.py)
    judge_cpu_s: float = JUDGE_CPU_S  # the grader's own CPU time on this submission (judge_cpu.py)
    judge_budget: JudgeBudget | None = None  # one already counting (the submission's unpacking came first)
    keep_workers: bool = False  # watch and check(): the learner's idle workers stay up for the next grade


WEAK_SANDBOX = (
    "The grader will not run untrusted code here: the kernel layers that keep a submission in its box are not "
    "all available on this machine.\n{verdict}\nSandbox: {layers}\nRun it where they are (Linux 5.13+ with "
    "Landlock, seccomp and namespaces, as root or a user that may create user namespaces), or pass "
    "--accept-weak-sandbox to grade with what there is.")


def grade(request: GradeRequest) -> Grade:
    started = time.perf_counter()
    budget = request.judge_budget or JudgeBudget(request.judge_cpu_s)
    exercises = request.exercises or load_exercises()
    seed = new_seed() if request.seed is None else request.seed
    if not request.in_process:
        isolation.warm_up()
        import torch

        # What the forkserver preloads, the judge needs too (the truth of 01 builds resnet18, of 03 runs
        # torch.optim): importing it now overlaps with the forkserver doing the same, on the other core.
        for module in isolation.PRELOAD:
            importlib.import_module(module)
        # The learner's worker uses one core while the judge computes the truth on the other.
        torch.set_num_threads(1)
    layers: dict[str, str] = {}
    scope = None  # where untrusted work is graded, which decides the layers it cannot go without (policy.py)
    if request.untrusted and not request.in_process:
        from autograd_kit.sandbox.kernel import policy
        from autograd_kit.sandbox.kernel.confinement import summary
        from autograd_kit.sandbox.worker_process import check_layers

        scope = policy.Scope.ALONE if request.alone else policy.Scope.SHARED
        layers = check_layers(request.limits)
        verdict = policy.decide(layers, scope)
        if verdict.refused and not request.accept_weak_sandbox:
            raise GraderFailure(WEAK_SANDBOX.format(verdict=verdict.explanation(), layers=summary(layers)))
    # The learner's own files: workers import torch once and grade several exercises (worker_pool.py).
    pool = (worker_pool.pool_for(request.limits, exercises[0].path_in(request.target).resolve())
            if worker_pool.reuse_wanted(request.untrusted, request.in_process) else None)
    plugin = ChecksPlugin(request.target, list(exercises), seed, request.limits, request.in_process,
                          rejected=request.rejected, shown_as=request.shown_as, notebooks=request.notebooks,
                          untrusted=None if request.accept_weak_sandbox else scope, judge_budget=budget,
                          pool=pool)
    missing = [str(e.checks_path) for e in exercises if not e.checks_path.exists()]
    if missing:
        raise GraderFailure(f"the kit's checks are missing: {', '.join(missing)}")
    args = [str(e.checks_path) for e in exercises] + [
        "-q", "-p", "no:cacheprovider", "-p", "no:randomly", "-o", "addopts=", "-o", "python_files=test_*.py",
        f"--rootdir={exercises[0].checks_path.parent}", "--timeout=0", "-W", "ignore::DeprecationWarning",
        # The checks raise CheckFailed with their own words, log nothing, and leave no unraisable
        # exceptions to report: assertion rewriting and the two plugins cost half a second a grade.
        "--assert=plain", "-p", "no:logging", "-p", "no:unraisableexception",
    ]
    deadline = Deadline(request.total_timeout_s, start=started) if request.total_timeout_s is not None else None
    captured = io.StringIO()
    with redirect_stdout(captured), redirect_stderr(captured), budget.backstop():
        try:
            code = pytest.main(args, plugins=[plugin] + ([deadline] if deadline else []))
        except JudgeOverBudget as problem:  # the backstop fired outside any check (pytest's own work)
            raise GraderFailure(str(problem)) from None
        finally:
            if pool is not None and not request.keep_workers:
                pool.close()
    if code == pytest.ExitCode.INTERRUPTED:
        raise KeyboardInterrupt  # pytest caught Ctrl-C; the caller decides what it means
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) or not plugin.results:
        raise GraderFailure(f"pytest could not run the checks (exit code {int(code)}):\n{captured.getvalue()[-3000:]}")
    if deadline is not None:
        deadline.mark(plugin.results)
    results = score.score(exercises, plugin.results.values())
    target = request.shown_as or str(request.target)
    _clean_learner_text(results)
    return Grade(clean(target), seed, results, time.perf_counter() - started, student=clean(request.student),
                 isolation=_with_what_is_accepted(plugin.layers or layers, scope),
                 limits={"timeout_s": request.limits.timeout_s, "memory_mb": request.limits.memory_mb},
                 versions=versions(), timestamp=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                 judge_cpu_s=round(budget.spent(), 3), judge_cpu_limit_s=budget.limit_s)


def _with_what_is_accepted(layers: dict[str, str], scope: object) -> dict[str, str]:
    """Untrusted work graded without a layer its scope may go without: the grade says what that leaves
    unenforced (policy.annotate), in every format's Sandbox line."""
    if scope is None:
        return layers
    from autograd_kit.sandbox.kernel import policy

    return policy.annotate(layers, scope)


def _clean_learner_text(exercises: list[ExerciseResult]) -> None:
    """Every text a check carries may hold what the learner's code printed or raised: no control sequence
    of theirs reaches a terminal, a file or a report (untrusted.py)."""
    for exercise in exercises:
        for check in exercise.checks:
            check.message, check.output = clean(check.message), clean(check.output)
            check.description, check.function = clean(check.description), clean(check.function)


def versions() -> dict[str, str]:
    """What graded: the kit's, torch's and Python's versions, for a result that is read later."""
    import platform

    import torch

    try:
        kit = metadata.version("autograd-kit")
    except metadata.PackageNotFoundError:
        kit = "unknown"
    return {"autograd_kit": kit, "torch": torch.__version__, "python": platform.python_version()}


def grade_submission(source: Path, request: GradeRequest) -> tuple[Grade, str]:
    """Grade a student's folder or zip with the kit's own checks.

    Returns the grade and, when the submission could not be opened at all, why
    (then every exercise is refused with that reason, so there is still a grade).
    """
    from autograd_kit.submission.collect import SubmissionError, prepare

    exercises = load_exercises()
    # The judge's CPU counts from here: unpacking the submission and building notebooks' modules are its work too
    request = replace(request, untrusted=True, judge_budget=request.judge_budget or JudgeBudget(request.judge_cpu_s))
    try:
        submission = prepare(source, exercises)
    except SubmissionError as problem:
        request = replace(request, shown_as=request.shown_as or str(source))
        return grade(replace(request, rejected={e.name: str(problem) for e in exercises})), str(problem)
    try:
        # Reports name the files where the student has them: submission/exercises/04_....py, not submission/04_....py
        shown_as = request.shown_as or submission.shown_as
        return grade(replace(request, target=submission.folder, rejected=submission.rejected, shown_as=shown_as,
                             notebooks=frozenset(submission.notebooks))), ""
    finally:
        submission.cleanup()


class _PointsCounter:
    """Collects the checks, runs none, and adds up their points markers (parametrized cases count each)."""

    def __init__(self) -> None:
        self.total = 0.0
        self.seen = 0

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            marker = item.get_closest_marker("points")
            self.total += float(marker.args[0]) if marker and marker.args else 1.0
            self.seen += 1


def max_points(exercises: tuple[Exercise, ...] | None = None) -> float:
    """The assignment's total without grading: what a platform's settings and a failed run's result need."""
    exercises = exercises or load_exercises()
    counter = _PointsCounter()
    args = [str(e.checks_path) for e in exercises] + [
        "--collect-only", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", "-o", "addopts=",
        "-o", "python_files=test_*.py",
        f"--rootdir={exercises[0].checks_path.parent}", "-W", "ignore::DeprecationWarning",
        "-o", "markers=points"]
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        code = pytest.main(args, plugins=[counter])
    if code != pytest.ExitCode.OK or not counter.seen:
        raise GraderFailure(f"the kit's checks could not be collected (pytest exit code {int(code)})")
    return counter.total
