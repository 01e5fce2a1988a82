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
from autograd_kit.report.mistake_titles import belief, explanation, title_of

STATUSES = tuple(Status)  # passed, failed, not_started, error, timeout, crashed
MISSING = "missing"  # not_started because the file is not in the submission: the gradebook tells it apart
GRADEBOOK_STATUSES = (*(s.value for s in STATUSES), MISSING)
UNREADABLE = {"syntax_error": "syntax error", "import_error": "could not be imported"}  # check kind -> trouble
TROUBLE = (Status.TIMEOUT, Status.CRASHED)  # statuses an instructor may want to read the code behind
GRADER_ERROR = "grader_error"  # a check the kit itself could not run: never the student's doing
SCORE_BINS = 10  # the score distribution in tenths: 0-10 %, ..., 90-100 %


@dataclass(frozen=True)
class ExerciseFailure:
    """One student who did not pass one exercise, and why: the mistakes named, else the first failing message."""

    student: str
    status: str
    mistakes: tuple[str, ...]  # the titles of the beliefs named
    detail: str


@dataclass(frozen=True)
class ExerciseCount:
    name: str
    title: str
    statuses: dict[str, int]  # every status in STATUSES, 0 when none
    failures: tuple[ExerciseFailure, ...] = ()  # failed, error, timeout, crashed: who, and why

    @property
    def unnamed(self) -> list[ExerciseFailure]:
        """Students who failed with no named mistake: what the catalogue does not explain yet."""
        return [f for f in self.failures if not f.mistakes]

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
    """One row of mistakes.csv: a student, a belief (a mistake id, its parent's when it has one), and where the
    checks named it; ids are every id the checks named for it (two ids of one belief count once)."""

    student: str
    mistake: str
    exercises: tuple[str, ...]
    checks: int  # how many checks named it
    ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class MistakeCount:
    id: str
    students: int  # students who made it, in any exercise
    by_exercise: dict[str, int]  # exercise name -> students who made it there
    explanation: str
    link: str = ""
    title: str = ""
    who: tuple[str, ...] = ()  # the students, in roster order
    aliases: tuple[str, ...] = ()  # other ids of the same belief (catalogue `parent`)


@dataclass(frozen=True)
class FailingCheck:
    name: str
    description: str
    kind: str
    message: str
    mistakes: tuple[str, ...]  # belief ids


@dataclass(frozen=True)
class StudentExercise:
    name: str
    title: str
    status: str  # one of GRADEBOOK_STATUSES
    points: float
    max_points: float
    failing: tuple[FailingCheck, ...]


@dataclass(frozen=True)
class StudentView:
    """One student's part of the report: their score, each exercise, their mistakes and failing checks."""

    student: str
    anchor: str
    graded: bool
    points: float = 0.0
    max_points: float = 0.0
    percent: float = 0.0
    seed: int | None = None
    exercises: tuple[StudentExercise, ...] = ()
    mistakes: tuple[str, ...] = ()  # belief ids, most frequent in the class first
    note: str = ""  # why they were not graded, or the files refused


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
    views: list[StudentView] = field(default_factory=list)

    def mistake(self, belief: str) -> MistakeCount | None:
        return next((m for m in self.mistakes if m.id == belief), None)

    def anchor(self, student: str) -> str:
        return next((v.anchor for v in self.views if v.student == student), "")

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
    mistakes = _mistake_counts(student_mistakes, record.students)
    return ClassStats(
        students=record.students,
        graded=len(grades),
        percents=[float(g["percent"]) for g in grades.values()],
        max_points=max((float(g["max_points"]) for g in grades.values()), default=0.0),
        exercises=[_exercise_count(e.name, e.title, grades) for e in exercises],
        checks=_check_rates(grades),
        student_mistakes=student_mistakes,
        mistakes=mistakes,
        troubles=_troubles(grades, record.failures()),
        not_graded=record.failures(),
        refused=record.refused(),
        settings=_settings(record),
        views=_views(record, [m.id for m in mistakes]),
    )


def _exercise_count(name: str, title: str, grades: dict[str, dict]) -> ExerciseCount:
    counts = Counter(e["status"] for g in grades.values() for e in g["exercises"] if e["name"] == name)
    failures = []
    for student, grade in grades.items():
        for exercise in grade["exercises"]:
            if exercise["name"] == name and exercise["status"] not in (Status.PASSED, Status.NOT_STARTED):
                beliefs = sorted({belief(m) for c in exercise["checks"] for m in c.get("mistakes", [])})
                failures.append(ExerciseFailure(student, exercise["status"], tuple(title_of(b) for b in beliefs),
                                                _first_problem(exercise)))
    return ExerciseCount(name, title, {status.value: counts.get(status.value, 0) for status in STATUSES},
                         tuple(failures))


def exercise_status(exercise: dict) -> str:
    """The gradebook's status of one exercise: the grade's, or "missing" when the file was not submitted."""
    checks = exercise["checks"]
    if exercise["status"] == Status.NOT_STARTED and checks and all(_says_missing(c) for c in checks):
        return MISSING
    return str(exercise["status"])


def _says_missing(check: dict) -> bool:
    from autograd_kit.i18n import feedback_catalog

    template = "Not started: there is no file {file}."
    message = str(check.get("message") or "")
    for text in (template, feedback_catalog("ko").get(template, template)):
        before, _, after = text.partition("{file}")
        if message.startswith(before) and message.endswith(after):
            return True
    return False


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
        where: dict[str, list[str]] = defaultdict(list)  # belief -> exercise per check that named it
        ids: dict[str, set[str]] = defaultdict(set)
        for exercise in grade["exercises"]:
            for check in exercise["checks"]:
                # One check naming two ids of one belief names that belief once.
                for counted in dict.fromkeys(belief(m) for m in check.get("mistakes", [])):
                    where[counted].append(exercise["name"])
                for mistake in check.get("mistakes", []):
                    ids[belief(mistake)].add(mistake)
        rows += [StudentMistake(student, mistake, tuple(sorted(set(names))), len(names), tuple(sorted(ids[mistake])))
                 for mistake, names in sorted(where.items())]
    return rows


def _mistake_counts(rows: list[StudentMistake], roster: list[str]) -> list[MistakeCount]:
    students: Counter[str] = Counter()
    by_exercise: dict[str, Counter[str]] = defaultdict(Counter)
    who: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        students[row.mistake] += 1
        by_exercise[row.mistake].update(row.exercises)
        who[row.mistake].add(row.student)
    ranked = sorted(students, key=lambda mistake: (-students[mistake], mistake))
    aliases = defaultdict(list)
    for entry in catalogue.all_entries():
        if entry.parent:
            aliases[entry.belief].append(entry.id)
    return [MistakeCount(m, students[m], dict(sorted(by_exercise[m].items())), *explanation(m), title=title_of(m),
                         who=tuple(s for s in roster if s in who[m]), aliases=tuple(aliases[m])) for m in ranked]


def _troubles(grades: dict[str, dict], failures: dict[str, str]) -> list[Trouble]:
    found = [Trouble(student, "", "not graded", reason) for student, reason in failures.items()]
    for student, grade in grades.items():
        missing = [e["name"] for e in grade["exercises"] if exercise_status(e) == MISSING]
        if len(missing) == len(grade["exercises"]):
            found.append(Trouble(student, "", "empty submission", "no exercise file or notebook was found in it"))
        elif missing:
            found.append(Trouble(student, ", ".join(m[:2] for m in missing), MISSING,
                                 f"{len(missing)} exercise files are not in the submission (graded as not started)"
                                 if len(missing) > 1 else "this exercise's file is not in the submission"))
        for exercise in grade["exercises"]:
            kinds = {c.get("kind") for c in exercise["checks"]}
            if GRADER_ERROR in kinds:
                found.append(Trouble(student, exercise["name"], "grader error", _first_problem(exercise)))
            elif exercise["status"] in TROUBLE:
                found.append(Trouble(student, exercise["name"], exercise["status"], _first_problem(exercise)))
            elif unreadable := next((UNREADABLE[k] for k in UNREADABLE if k in kinds), None):
                found.append(Trouble(student, exercise["name"], unreadable, _first_problem(exercise)))
            elif _is_empty_file(exercise):
                found.append(Trouble(student, exercise["name"], "empty file",
                                     "the file defines none of the exercise's functions (empty, or renamed)"))
    return found


def _is_empty_file(exercise: dict) -> bool:
    """Every check failed because the file has none of the functions: an empty file, or the functions renamed."""
    checks = exercise["checks"]
    return bool(checks) and all("MissingFunction" in str(c.get("message") or "") for c in checks)


def _views(record: ClassRecord, ranked: list[str]) -> list[StudentView]:
    order = {belief_id: index for index, belief_id in enumerate(ranked)}
    views = []
    for index, student in enumerate(record.students):
        answer = record.answers.get(student) or {}
        anchor = f"student-{index + 1}"  # ids may hold any character: the anchor is the roster position
        grade = answer.get("grade")
        if not isinstance(grade, dict):
            views.append(StudentView(student, anchor, False,
                                     note=answer.get("failure") or "no result (skipped or interrupted)"))
            continue
        exercises, named = [], set()
        for exercise in grade["exercises"]:
            failing = []
            for check in exercise["checks"]:
                if check.get("passed"):
                    continue
                beliefs = tuple(dict.fromkeys(belief(m) for m in check.get("mistakes", [])))
                named.update(beliefs)
                failing.append(FailingCheck(check["name"], check.get("description", ""), str(check.get("kind", "")),
                                            str(check.get("message") or ""), beliefs))
            status = exercise_status(exercise)
            exercises.append(StudentExercise(exercise["name"], exercise.get("title", ""), status,
                                             float(exercise["points"]), float(exercise["max_points"]),
                                             tuple(failing) if status not in (MISSING, "not_started") else ()))
        views.append(StudentView(student, anchor, True, float(grade["points"]), float(grade["max_points"]),
                                 float(grade["percent"]), grade.get("seed"), tuple(exercises),
                                 tuple(sorted(named, key=lambda b: (order.get(b, len(order)), b))),
                                 answer.get("refused") or ""))
    return views


def _first_problem(exercise: dict) -> str:
    for check in exercise["checks"]:
        if not check.get("passed"):
            lines = str(check.get("message") or "").strip().splitlines()
            return _cut(lines[0]) if lines else ""  # the first line says what happened
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


def _cut(line: str, limit: int = 400) -> str:
    return line if len(line) <= limit else line[:limit].rsplit(" ", 1)[0] + " …"
