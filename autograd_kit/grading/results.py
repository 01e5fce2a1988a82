"""The result model: what a grade is made of. No I/O here.

Grade.to_dict() is the `json` format; schema/result.schema.json describes it,
and SCHEMA_VERSION changes when a field changes meaning or goes away.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum

SCHEMA_VERSION = "2.2"


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_STARTED = "not_started"
    ERROR = "error"
    TIMEOUT = "timeout"
    CRASHED = "crashed"


class CheckKind(StrEnum):
    """How one check ended; the sandbox's call kinds plus the check's own."""

    PASSED = "passed"
    WRONG = "wrong"  # the learner's code ran, and the answer was wrong
    NOT_STARTED = "not_started"
    RAISED = "raised"
    BAD_RETURN = "bad_return"
    SYNTAX_ERROR = "syntax_error"
    IMPORT_ERROR = "import_error"
    TIMEOUT = "timeout"
    CRASHED = "crashed"
    EXITED = "exited"
    MEMORY = "memory"
    GRADER_ERROR = "grader_error"  # the kit could not run the learner's code: never the learner's fault
    DID_NOT_REPORT = "did_not_report"  # the kit listed the check, but no outcome arrived
    CHECK_ERROR = "check_error"  # the check itself failed on what came back
    NOT_REACHED = "not_reached"  # the whole grade's time budget (--total-timeout) ran out before it started


@dataclass
class CheckResult:
    exercise: str
    name: str
    description: str
    max_points: float
    kind: CheckKind = CheckKind.DID_NOT_REPORT
    message: str = "this check did not report a result, so it earns no points"
    output: str = ""
    # Stable ids of the mistakes the message names ("05_vector_backward/j-v-j-t"; several when it says
    # "probably"), from the catalogue (catalogue.py)
    mistakes: list[str] = field(default_factory=list)
    function: str = ""  # the learner's function whose call ended the check, when it did not return
    seconds: float = 0.0  # wall-clock time the check took, the learner's calls included
    # A picture of what was wrong (report/figures.py): the learner's autograd graph beside the truth's, or a
    # gradient against the truth's as a heat map; {} for none
    figure: dict = field(default_factory=dict)
    # The learner's function whose points the check holds (its `measures` marker): a mistake in one function
    # costs only the checks that measure it
    measures: str = ""

    @property
    def passed(self) -> bool:
        return self.kind is CheckKind.PASSED

    @property
    def points(self) -> float:
        return self.max_points if self.passed else 0.0


@dataclass
class ExerciseResult:
    name: str
    title: str
    concept: str
    status: Status
    checks: list[CheckResult] = field(default_factory=list)

    @property
    def points(self) -> float:
        return sum(c.points for c in self.checks)

    @property
    def max_points(self) -> float:
        return sum(c.max_points for c in self.checks)


@dataclass
class Grade:
    target: str
    seed: int
    exercises: list[ExerciseResult]
    seconds: float = 0.0
    student: str = ""
    # Each kernel layer around the learner's code, "on: ..." or "off: why" (confinement.LAYERS)
    isolation: dict[str, str] = field(default_factory=dict)
    limits: dict[str, float] = field(default_factory=dict)  # timeout_s, memory_mb
    versions: dict[str, str] = field(default_factory=dict)  # autograd_kit, torch, python
    timestamp: str = ""  # when the grade finished, ISO 8601 in UTC
    judge_cpu_s: float = 0.0  # the grader's own CPU time on this submission (its workers' not included)
    judge_cpu_limit_s: float = 0.0  # what it may spend before the checks left end as grader_error (judge_cpu.py)

    @property
    def points(self) -> float:
        return sum(e.points for e in self.exercises)

    @property
    def max_points(self) -> float:
        return sum(e.max_points for e in self.exercises)

    @property
    def percent(self) -> float:
        return 100.0 * self.points / self.max_points if self.max_points else 0.0

    def next_exercise(self) -> ExerciseResult | None:
        return next((e for e in self.exercises if e.status is not Status.PASSED), None)

    @classmethod
    def from_dict(cls, data: dict) -> Grade:
        """A grade read back from its `json` format (to_dict), the derived totals left to the properties."""
        exercises = [ExerciseResult(
            e["name"], e.get("title", ""), e.get("concept", ""), Status(e["status"]),
            [CheckResult(c.get("exercise", e["name"]), c["name"], c.get("description", ""), float(c["max_points"]),
                         CheckKind(c.get("kind", CheckKind.DID_NOT_REPORT)), c.get("message", ""),
                         c.get("output", ""), list(c.get("mistakes", [])), c.get("function", ""),
                         float(c.get("seconds", 0.0))) for c in e.get("checks", [])])
            for e in data["exercises"]]
        return cls(data.get("target", ""), int(data["seed"]), exercises, float(data.get("seconds", 0.0)),
                   data.get("student", ""), dict(data.get("isolation", {})), dict(data.get("limits", {})),
                   dict(data.get("versions", {})), data.get("timestamp", ""), float(data.get("judge_cpu_s", 0.0)),
                   float(data.get("judge_cpu_limit_s", 0.0)))

    def to_dict(self) -> dict:
        data = {"schema_version": SCHEMA_VERSION, **asdict(self)}
        data.update(points=self.points, max_points=self.max_points, percent=round(self.percent, 2))
        for exercise, raw in zip(self.exercises, data["exercises"], strict=True):
            raw.update(points=exercise.points, max_points=exercise.max_points)
            for check, raw_check in zip(exercise.checks, raw["checks"], strict=True):
                raw_check.update(points=check.points, passed=check.passed)
        return data
