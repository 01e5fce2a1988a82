"""Class analytics: what a class got right and which mistakes it made, counted from the students' results.

Pure functions of a ClassRecord, no I/O: report.html, mistakes.csv, the
gradebook and the summary are all drawn from these numbers, so they agree.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from autograd_kit.checks import catalogue
from autograd_kit.classroom.record import ClassRecord
from autograd_kit.exercises.manifest import load_exercises
from autograd_kit.grading.results import Status

STATUSES = tuple(Status)  # passed, failed, not_started, error, timeout, crashed
TROUBLE = (Status.TIMEOUT, Status.CRASHED)  # statuses an instructor may want to read the code behind
GRADER_ERROR = "grader_error"  # a check the kit itself could not run: never the student's doing
SCORE_BINS = 10  # the score distribution in tenths: 0-10 %, ..., 90-100 %


@dataclass(frozen=True)
class ExerciseCount:
    name: str
    title: str
    statuses: dict[str, int]  # every status in STATUSES, 0 when none

    @property
    def number(self) -> str:
        return self.name.split("_", 1)[0]


@dataclass(frozen=True)
class CheckRate:
    exercise: str
    name: str
    description: str
    max_points: float
    passed: int
    graded: int

    @property
    def rate(self) -> float:
        return self.passed / self.graded if self.graded else 0.0


@dataclass(frozen=True)
class StudentMistake:
    """One row of mistakes.csv: a student, a mistake id, and where the checks named it."""

    student: str
    mistake: str
    exercises: tuple[str, ...]
    checks: int  # how many checks named it


@dataclass(frozen=True)
class MistakeCount:
    id: str
    students: int  # students who made it, in any exercise
    by_exercise: dict[str, int]  # exercise name -> students who made it there
    explanation: str
    link: str = ""


@dataclass(frozen=True)
class Trouble:
    """A student whose grade an instructor should look at: a timeout, a crash, or no grade at all."""

    student: str
    exercise: str  # "" when the whole submission could not be graded
    status: str
    detail: str


@dataclass
class ClassStats:
    students: list[str]
    graded: int
    percents: list[float]  # one per graded student, in roster order
    max_points: float
    exercises: list[ExerciseCount]
    checks: list[CheckRate]
    student_mistakes: list[StudentMistake]
    mistakes: list[MistakeCount]  # most frequent first
    troubles: list[Trouble]
    not_graded: dict[str, str]
    refused: dict[str, str]
    settings: dict[str, str] = field(default_factory=dict)

    @property
    def mean_percent(self) -> float | None:
        return round(statistics.fmean(self.percents), 2) if self.percents else None

    @property
    def median_percent(self) -> float | None:
        return round(statistics.median(self.percents), 2) if self.percents else None

    @property
    def full_marks(self) -> int:
        return sum(1 for p in self.percents if p >= 100)

    def score_bins(self) -> list[int]:
        """Students per tenth of the score: bin i holds [10 i, 10 i + 10) %, the last one 90-100 % inclusive."""
        counts = [0] * SCORE_BINS
        for percent in self.percents:
            counts[min(int(percent // (100 / SCORE_BINS)), SCORE_BINS - 1)] += 1
        return counts

    def share(self, count: int) -> float:
        return count / self.graded if self.graded else 0.0


def class_stats(record: ClassRecord) -> ClassStats:
    grades = record.grades()
    exercises = list(load_exercises())
    student_mistakes = _student_mistakes(grades)
    return ClassStats(
        students=record.students,
        graded=len(grades),
        percents=[float(g["percent"]) for g in grades.values()],
        max_points=max((float(g["max_points"]) for g in grades.values()), default=0.0),
        exercises=[_exercise_count(e.name, e.title, grades) for e in exercises],
        checks=_check_rates(grades),
        student_mistakes=student_mistakes,
        mistakes=_mistake_counts(student_mistakes),
        troubles=_troubles(grades, record.failures()),
        not_graded=record.failures(),
        refused=record.refused(),
        settings=_settings(record),
    )


def _exercise_count(name: str, title: str, grades: dict[str, dict]) -> ExerciseCount:
    counts = Counter(e["status"] for g in grades.values() for e in g["exercises"] if e["name"] == name)
    return ExerciseCount(name, title, {status.value: counts.get(status.value, 0) for status in STATUSES})


def _check_rates(grades: dict[str, dict]) -> list[CheckRate]:
    passed: Counter[tuple[str, str]] = Counter()
    graded: Counter[tuple[str, str]] = Counter()
    first_seen: dict[tuple[str, str], dict] = {}
    for grade in grades.values():
        for exercise in grade["exercises"]:
            for check in exercise["checks"]:
                key = (exercise["name"], check["name"])
                first_seen.setdefault(key, check)
                graded[key] += 1
                passed[key] += bool(check.get("passed"))
    return [CheckRate(exercise, name, check.get("description", ""), float(check["max_points"]),
                      passed[(exercise, name)], graded[(exercise, name)])
            for (exercise, name), check in first_seen.items()]  # in the order the checks ran


def _student_mistakes(grades: dict[str, dict]) -> list[StudentMistake]:
    rows = []
    for student, grade in grades.items():
        where: dict[str, list[str]] = defaultdict(list)  # mistake id -> exercise per check that named it
        for exercise in grade["exercises"]:
            for check in exercise["checks"]:
                for mistake in check.get("mistakes", []):
                    where[mistake].append(exercise["name"])
        rows += [StudentMistake(student, mistake, tuple(sorted(set(names))), len(names))
                 for mistake, names in sorted(where.items())]
    return rows


def _mistake_counts(rows: list[StudentMistake]) -> list[MistakeCount]:
    students: Counter[str] = Counter()
    by_exercise: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        students[row.mistake] += 1
        by_exercise[row.mistake].update(row.exercises)
    ranked = sorted(students, key=lambda mistake: (-students[mistake], mistake))
    return [MistakeCount(m, students[m], dict(sorted(by_exercise[m].items())), *_explanation(m)) for m in ranked]


def _explanation(mistake_id: str) -> tuple[str, str]:
    """The catalogue's message for the mistake, with the values a check fills in left as "…"."""
    entry = catalogue.by_id(mistake_id)
    if entry is None:
        exercise, _, key = mistake_id.rpartition("/")
        entry = catalogue.entries(catalogue.COMMON).get(key)
    if entry is None:
        return "(not in this kit's catalogue)", ""
    return entry.explanation(), entry.link


def _troubles(grades: dict[str, dict], failures: dict[str, str]) -> list[Trouble]:
    found = [Trouble(student, "", "not graded", reason) for student, reason in failures.items()]
    for student, grade in grades.items():
        for exercise in grade["exercises"]:
            if any(c.get("kind") == GRADER_ERROR for c in exercise["checks"]):
                found.append(Trouble(student, exercise["name"], "grader error", _first_problem(exercise)))
            elif exercise["status"] in TROUBLE:
                found.append(Trouble(student, exercise["name"], exercise["status"], _first_problem(exercise)))
    return found


def _first_problem(exercise: dict) -> str:
    for check in exercise["checks"]:
        if not check.get("passed"):
            lines = str(check.get("message") or "").strip().splitlines()
            return lines[0][:200] if lines else ""  # the first line says what happened
    return ""


def _settings(record: ClassRecord) -> dict[str, str]:
    header = record.header
    grades = list(record.grades().values())
    isolation = {_isolation_text(g.get("isolation", {})) for g in grades}
    versions = {", ".join(f"{k} {v}" for k, v in sorted(g.get("versions", {}).items())) for g in grades}
    return {
        "seed": ("one per student, derived from the course secret (never written; batch.json keeps its "
                 "fingerprint)" if header.seed_from_student else str(header.seed)),
        "limits": f"{header.timeout_s:g} s per call, {header.memory_mb} MiB per worker",
        "isolation": " | ".join(sorted(isolation)) or "no student graded",
        "versions": " | ".join(sorted(versions)) or f"autograd_kit {header.kit_version}",
        "checks": header.checks or "not recorded",
        "shards": (f"{header.merged_from} shards merged" if header.merged_from > 1 else
                   f"shard {header.shard} of the class" if header.shard.count > 1 else "one machine"),
    }


def _isolation_text(layers: dict[str, str]) -> str:
    return "; ".join(f"{layer}: {state}" for layer, state in layers.items()) or "not recorded"
