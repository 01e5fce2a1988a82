"""Turn check results into exercise statuses and points. Pure functions."""

from __future__ import annotations

from collections.abc import Iterable

from autograd_kit.exercises.manifest import Exercise
from autograd_kit.grading.results import CheckKind, CheckResult, ExerciseResult, Status

# When checks end in different ways, the exercise shows the most telling one.
PRECEDENCE = [
    (Status.ERROR, {CheckKind.SYNTAX_ERROR, CheckKind.IMPORT_ERROR, CheckKind.GRADER_ERROR}),
    (Status.CRASHED, {CheckKind.CRASHED, CheckKind.EXITED, CheckKind.MEMORY}),
    (Status.TIMEOUT, {CheckKind.TIMEOUT, CheckKind.NOT_REACHED}),  # not reached: the whole run's time ran out
    (Status.ERROR, {CheckKind.RAISED, CheckKind.BAD_RETURN}),
]


def exercise_status(checks: list[CheckResult]) -> Status:
    if checks and all(c.passed for c in checks):
        return Status.PASSED
    if not checks:
        return Status.ERROR
    kinds = {c.kind for c in checks}
    if kinds <= {CheckKind.NOT_STARTED}:
        return Status.NOT_STARTED
    for status, triggers in PRECEDENCE:
        if kinds & triggers:
            return status
    return Status.FAILED


def score(exercises: Iterable[Exercise], checks: Iterable[CheckResult]) -> list[ExerciseResult]:
    by_exercise: dict[str, list[CheckResult]] = {}
    for check in checks:
        by_exercise.setdefault(check.exercise, []).append(check)
    return [
        ExerciseResult(e.name, e.title, e.concept, exercise_status(by_exercise.get(e.name, [])),
                       by_exercise.get(e.name, []))
        for e in exercises
    ]
