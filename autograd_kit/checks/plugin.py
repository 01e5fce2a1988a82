"""A pytest plugin that runs the kit's checks and fills typed result records.

The grader calls `pytest.main(paths, plugins=[ChecksPlugin(...)])` in the
judge's own process. The plugin gives checks a `learner` fixture (calls go to
the exercise's sandbox), a `seed` and a seeded `rng`, and records one
`CheckResult` for every check it collected, whether or not it ever reported.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import torch

from autograd_kit.checks import catalogue, diagnosis, feedback, probes, trace_rules
from autograd_kit.checks.expect import CheckFailed, NotAsAsked, untrusted
from autograd_kit.checks.source import Code, LearnerSource
from autograd_kit.exercises.manifest import Exercise, find_exercise
from autograd_kit.grading.judge_cpu import JudgeBudget, JudgeOverBudget
from autograd_kit.grading.results import CheckKind, CheckResult
from autograd_kit.i18n import tr
from autograd_kit.report import figures
from autograd_kit.sandbox.calls import CallKind, CallOutcome, Pending
from autograd_kit.sandbox.in_process import InProcessSandbox, RejectedSandbox
from autograd_kit.sandbox.isolation import Limits
from autograd_kit.sandbox.judge import AnySandbox, ExerciseSandbox
from autograd_kit.sandbox.worker_pool import WorkerPool
from autograd_kit.sandbox.wire import TensorMeta
from autograd_kit.submission.limits import MAX_FILE_BYTES, file_too_large, read_capped
from autograd_kit.submission.text import canonical_source, shown_path

if TYPE_CHECKING:
    from autograd_kit.sandbox.kernel.policy import Scope

POINTS_MARKER = "points(n): how many points the check is worth (default 1)."
MEASURES_MARKER = ("measures(name): the one learner function (or Class.method) the check measures; a mistake elsewhere "
                   "never costs its points.")
# How many exercises ahead a worker is started: a worker boots in 30 ms (0.2 s with a model to prepare), an
# exercise can be checked faster than that, and an idle worker costs little (its pages are the forkserver's).
BOOT_AHEAD = 2


class LearnerCallFailed(Exception):
    """The learner's code did not return a value: not started, raised, hung, crashed..."""

    def __init__(self, outcome: CallOutcome, message: str, function: str = "") -> None:
        super().__init__(message)
        self.outcome = outcome
        self.function = function


class Learner:
    """The learner's exercise file, seen only through its sandbox."""

    def __init__(self, exercise: Exercise, sandbox: AnySandbox, shown_path: str,
                 source: LearnerSource | None = None) -> None:
        self.exercise = exercise
        self.sandbox = sandbox
        self.shown_path = shown_path
        self.source = source
        self.last_meta: dict[str, TensorMeta] = {}
        self.output = ""
        self.used: list[str] = []  # the functions the running check called, to explain its failure
        self._memo: dict[tuple, Pending] = {}
        self.judge_budget: JudgeBudget | None = None  # the grader's own CPU: checked at every call

    def call(self, function: str, *args: Any, forbid_autograd: bool = False) -> Any:
        return self.probe(probes.call, (function,), forbid_autograd=forbid_autograd,
                          label=f"{function}()", name=function, args=args)

    def submit_call(self, function: str, *args: Any) -> PendingResult:
        """Like call(), but return at once: compute the truth, then call .result()."""
        return self.submit(probes.call, (function,), label=f"{function}()", name=function, args=args)

    def submit_watching_grads(self, function: str, *args: Any, grads: tuple = ()) -> PendingResult:
        """Like submit_call(), but the result is {"result": ..., "grads": [each tensor argument's .grad after]}."""
        return self.submit(probes.call_leaving_grads, (function,), label=f"{function}()", name=function, args=args,
                           grads=grads)

    def call_many(self, function: str, arg_sets: list[tuple]) -> list[Any]:
        return self.probe(probes.call_many, (function,), label=f"{function}()", name=function, arg_sets=arg_sets)

    def probe(self, probe: Callable[..., Any], uses: tuple[str, ...], *, forbid_autograd: bool = False,
              label: str | None = None, memo: bool = False, **kwargs: Any) -> Any:
        """Run a kit probe on the learner's module in the sandbox and return its plain result."""
        return self.submit(probe, uses, forbid_autograd=forbid_autograd, label=label, memo=memo, **kwargs).result()

    def submit(self, probe: Callable[..., Any], uses: tuple[str, ...], *, forbid_autograd: bool = False,
               label: str | None = None, memo: bool = False, **kwargs: Any) -> PendingResult:
        """Like probe(), but return at once: compute the truth, then call .result().

        memo=True reuses an identical earlier call (same probe, same arguments),
        for probes that several checks read from.
        """
        if self.judge_budget is not None:
            self.judge_budget.check()
        self.used.extend(u for u in uses if u not in self.used)
        key = (probe.__qualname__, repr(sorted(kwargs.items())), forbid_autograd)
        pending = self._memo.get(key) if memo else None
        repeat = pending is not None
        if pending is None:
            pending = self.sandbox.submit(probe, kwargs, uses=uses, forbid_autograd=forbid_autograd)
            if memo:
                self._memo[key] = pending
        return PendingResult(self, pending, label or " / ".join(f"{u}()" for u in uses), uses, repeat)

    def _accept(self, outcome: CallOutcome, label: str, uses: tuple[str, ...], repeat: bool) -> Any:
        self.output = "" if repeat else outcome.output  # a shared call's output is shown once
        trace_rules.add(outcome.trace)  # what the code did: feedback for this check, never its points
        if outcome.kind is not CallKind.RETURNED:
            function = uses[0] if uses else ""
            code = self._code_where_it_happened(outcome, function)
            lines = self.source.lines if self.source is not None else None
            raise LearnerCallFailed(outcome, feedback.describe(outcome, label, self.shown_path, self.exercise.name,
                                                               code, lines), function)
        self.last_meta = outcome.meta
        return outcome.value

    def meta(self, path: str = "") -> TensorMeta | None:
        """Autograd facts about a tensor in the last returned value, e.g. meta("[0]").

        They are what kit code in the learner's process saw, so only a file that
        leaves the kit and torch alone gets them (see observed()).
        """
        self.observed()
        return self.last_meta.get(path)

    def observed(self) -> None:
        """Fail the check unless what kit code in the learner's process reports can be believed.

        Values the judge recomputes need no such trust; facts about the learner's
        objects (requires_grad, which parameters moved, an object's type) do.
        """
        findings = self.source.tampering if self.source is not None else []
        if findings:
            raise CheckFailed(untrusted(findings, self.shown_path))

    def _code_where_it_happened(self, outcome: CallOutcome, function: str) -> Code | None:
        """The judge's parse of the learner's function the error came from (its last frame in the file), else
        of the function that was called."""
        if self.source is None:
            return None
        frames = (outcome.error or {}).get("frames") or []
        for name in [frame.get("function") for frame in reversed(frames)] + [function]:
            code = self.source.code_of(name) if isinstance(name, str) and name else None
            if code is not None:
                return code
        return None

    def codes(self) -> list[Code]:
        """The judge's parse of each function the running check called."""
        found = (self.source.code_of(name) for name in self.used) if self.source is not None else ()
        return [code for code in found if code is not None]

    def code(self, function: str) -> Code:
        """The source of FUNCTION and the module-level code it uses, parsed in the judge."""
        code = self.source.code_of(function) if self.source is not None else None
        if code is None:
            raise CheckFailed(tr("The grader cannot find `def {function}` at the top level of {file}; keep the "
                                 "function where the stub has it.", function=function, file=self.shown_path))
        for node in code.nodes:  # the graded function, and every function of the file's own it uses
            name = getattr(node, "name", None)
            rebound = self.source.rebinding(name) if name is not None and code.source.defs.get(name) is node else None
            if rebound is not None:
                where, line = rebound
                raise CheckFailed(tr("The grader checks how {function} is written from its one `def`, and {file} "
                                     "can bind {function} to something else (line {line}: {code}); define it once, "
                                     "with a plain `def`, and bind nothing else to its name.", function=name,
                                     file=self.shown_path, line=getattr(where, "lineno", 0), code=line))
        return code


class PendingResult:
    def __init__(self, learner: Learner, pending: Pending, label: str, uses: tuple[str, ...], repeat: bool) -> None:
        self.learner, self.pending, self.label, self.uses, self.repeat = learner, pending, label, uses, repeat

    def result(self) -> Any:
        return self.learner._accept(self.pending.result(), self.label, self.uses, self.repeat)


class ChecksPlugin:
    def __init__(self, target: Path, exercises: list[Exercise], seed: int, limits: Limits,
                 in_process: bool = False, rejected: dict[str, str] | None = None,
                 shown_as: str | None = None, untrusted: Scope | None = None,
                 notebooks: frozenset[str] = frozenset(), judge_budget: JudgeBudget | None = None,
                 pool: WorkerPool | None = None) -> None:
        self.target, self.pool = target, pool  # the pool: the learner's own files, workers reused (worker_pool.py)
        self.judge_budget = judge_budget or JudgeBudget()
        self.notebooks = notebooks
        self.rejected = rejected or {}
        self.shown_as = shown_as
        self.exercises = {e.name: e for e in exercises}
        self.grade_seed = seed
        self.limits = limits
        self.in_process = in_process
        self.untrusted = untrusted
        self.layers: dict[str, str] = {}  # what the kernel enforced around the workers (confinement.py)
        self.results: dict[str, CheckResult] = {}
        self._sandboxes: dict[str, AnySandbox] = {}
        self._learners: dict[str, Learner] = {}
        self._missing: set[str] = set()  # exercises with no file at all
        self._prepare: dict[str, tuple] = {}  # per exercise: the recipes its workers initialise while booting
        self._current = ""

    # --- hooks -----------------------------------------------------------

    def pytest_configure(self, config: pytest.Config) -> None:
        config.addinivalue_line("markers", POINTS_MARKER)
        config.addinivalue_line("markers", MEASURES_MARKER)

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            exercise = self._exercise_of(item)
            # A check module may name the recipes its checks build: `def worker_prepares(seed) -> tuple`.
            prepares = getattr(getattr(item, "module", None), "worker_prepares", None)
            if callable(prepares):
                self._prepare[exercise.name] = tuple(prepares(self.grade_seed))
            marker = item.get_closest_marker("points")
            points = float(marker.args[0]) if marker and marker.args else 1.0
            doc = tr((getattr(item, "function", None).__doc__ or item.name).strip().splitlines()[0])
            callspec = getattr(item, "callspec", None)
            if callspec is not None:
                doc = f"{doc} [{callspec.id}]"  # one line per case of a parametrized check
            self.results[item.nodeid] = CheckResult(
                exercise.name, item.name, doc, points,
                message=tr("this check did not report a result, so it earns no points"), measures=measured(item))
        self._boot_ahead(items[0] if items else None, including_it=True)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo) -> Any:
        yield
        record = self.results.get(item.nodeid)
        if record is not None:
            record.seconds = round(record.seconds + call.duration, 3)
        if record is None or (call.when != "call" and call.excinfo is None):
            return
        learner = self._learners.get(record.exercise)
        record.output = getattr(learner, "output", "") if learner else ""
        if call.excinfo is None:
            record.kind, record.message = CheckKind.PASSED, ""
            return
        error = call.excinfo.value
        record.kind, record.message = how_it_ended(error)
        if isinstance(error, LearnerCallFailed):
            record.function = error.function
        _explain(record, learner, error)

    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        self.judge_budget.check()  # between checks, so between exercises too
        catalogue.start_check(self._exercise_of(item).name)
        trace_rules.start_check()

    def pytest_sessionfinish(self) -> None:
        for name, sandbox in self._sandboxes.items():
            sandbox.close(_may_reuse(self._learners.get(name)))
            self.layers = self.layers or getattr(sandbox, "layers", {})
        self._sandboxes.clear()

    # --- fixtures ----------------------------------------------------------

    @pytest.fixture
    def learner(self, request: pytest.FixtureRequest) -> Learner:
        exercise = self._exercise_of(request.node)
        learner = self._learner_for(exercise)
        if exercise.name != self._current:
            # Checks run exercise by exercise: the previous exercise's worker is done.
            previous = self._sandboxes.get(self._current)
            if previous is not None:
                previous.release(_may_reuse(self._learners.get(self._current)))
            self._current = exercise.name
        self._boot_ahead(request.node)
        learner.output = ""
        learner.used = []
        trace_rules.start_check(learner.codes)
        if exercise.name in self._missing:
            raise no_file(learner, measured(request.node))
        return learner

    def _boot_ahead(self, item: pytest.Item | None, including_it: bool = False) -> None:
        """Start the workers of the exercises after ITEM's (and of its own), so each has booted by the
        time its checks begin."""
        if self.in_process or item is None:
            return
        order = list(self.exercises)
        name = self._exercise_of(item).name
        if name not in order:
            return
        first = order.index(name) + (0 if including_it else 1)
        for following in order[first:first + BOOT_AHEAD]:
            self._learner_for(self.exercises[following]).sandbox.start_in_background()

    def _learner_for(self, exercise: Exercise) -> Learner:
        if exercise.name not in self._learners:
            path = exercise.path_in(self.target)
            sandbox: AnySandbox
            source = None
            if exercise.name in self.rejected:
                sandbox = RejectedSandbox(self.rejected[exercise.name])
            else:
                # Read once: the judge parses these bytes and the worker runs these same bytes.
                data = read_capped(path)
                if data is None:  # no file: not started, and its checks need not run (learner())
                    self._missing.add(exercise.name)
                if data is not None and len(data) <= MAX_FILE_BYTES:
                    data = canonical_source(data)  # a BOM, CRLF: the text Python runs, whatever the editor saved
                source = LearnerSource(data) if data is not None and len(data) <= MAX_FILE_BYTES else None
                if data is not None and source is None:
                    sandbox = RejectedSandbox(file_too_large(path.name))
                elif self.in_process:
                    sandbox = InProcessSandbox(path, f"learner_{exercise.name}", self.limits, data)
                else:
                    sandbox = ExerciseSandbox(path, f"learner_{exercise.name}", self.limits, data, self.untrusted,
                                              prepare=self._prepare.get(exercise.name, ()), pool=self.pool)
            self._sandboxes[exercise.name] = sandbox
            # Feedback names the file the learner edits: the notebook, when the module was built from one.
            filename = f"{exercise.name}.ipynb" if exercise.name in self.notebooks else exercise.filename
            if self.shown_as:
                shown = f"{self.shown_as}/{filename}"
            else:
                shown = filename if exercise.name in self.notebooks else shown_path(path)
            self._learners[exercise.name] = Learner(exercise, sandbox, shown, source)
            self._learners[exercise.name].judge_budget = self.judge_budget
        return self._learners[exercise.name]

    @pytest.fixture
    def seed(self) -> int:
        return self.grade_seed

    @pytest.fixture
    def rng(self, request: pytest.FixtureRequest) -> torch.Generator:
        """A generator seeded by the grade's seed and the check's name."""
        return torch.Generator().manual_seed(zlib.crc32(f"{self.grade_seed}:{request.node.name}".encode()))

    # --- helpers -----------------------------------------------------------

    def _exercise_of(self, item: pytest.Item) -> Exercise:
        name = Path(str(item.path)).stem.removeprefix("test_")
        return self.exercises.get(name) or find_exercise(name)


def _explain(record: CheckResult, learner: Learner | None, error: BaseException) -> None:
    """A failed check's mistake, from how the code is written and from what it did, and its figure."""
    if record.kind in (CheckKind.WRONG, CheckKind.RAISED) and learner:
        named = catalogue.named_in_check()
        found = diagnosis.from_source(record.exercise, learner.codes(), only_always=bool(named))
        if found is not None and found.entry.id not in named:
            record.message += "\n" + diagnosis.explain(found)
        named = catalogue.named_in_check()
        found = diagnosis.from_trace(record.exercise, trace_rules.current(), only_always=bool(named))
        if found is not None and found.entry.id not in named:
            record.message += "\n" + diagnosis.explain(found)
    if record.kind in (CheckKind.WRONG, CheckKind.RAISED, CheckKind.BAD_RETURN):
        record.figure = figures.figure_of(trace_rules.current())
        if record.figure:
            record.message += "\n" + figures.as_text(record.figure)
    if isinstance(error, NotAsAsked) and not catalogue.named_in_check():
        catalogue.remember(catalogue.lookup("not-as-asked", record.exercise))
    record.mistakes = catalogue.named_in_check()


def measured(item: pytest.Item) -> str:
    """The learner function a check declares it measures (`@pytest.mark.measures("name")`)."""
    marker = item.get_closest_marker("measures")
    return str(marker.args[0]) if marker and marker.args else ""


def no_file(learner: Learner, measures: str) -> LearnerCallFailed:
    """What every check of an exercise without a file ends with, before it computes a truth nothing is compared with."""
    outcome = CallOutcome(CallKind.NOT_STARTED, error={"message": "missing", "missing": 1})
    function = measures.split(".")[0]  # Cube.forward is a call of Cube, as a call names it
    message = feedback.describe(outcome, f"{function}()", learner.shown_path, learner.exercise.name)
    return LearnerCallFailed(outcome, message, function)


def how_it_ended(error: BaseException) -> tuple[CheckKind, str]:
    """A check's kind and message, from what it raised."""
    if isinstance(error, JudgeOverBudget):
        return CheckKind.GRADER_ERROR, str(error)  # the kit's time, never the learner's
    if isinstance(error, LearnerCallFailed):
        return CheckKind(error.outcome.kind), str(error)
    if isinstance(error, (CheckFailed, AssertionError)):
        return CheckKind.WRONG, str(error)
    return CheckKind.CHECK_ERROR, tr("the check could not use what came back ({error}: {message})",
                                     error=type(error).__name__, message=error)


def _may_reuse(learner: Learner | None) -> bool:
    """Whether the next exercise may run in this one's worker: not after a file that reaches past its own objects
    (its worker's own check, worker_reuse.py, is not taken at its word)."""
    return learner is not None and learner.source is not None and not learner.source.tampering
