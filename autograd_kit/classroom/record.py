"""What a batch leaves on disk, read back: its settings (batch.json) and one answer per student (results/).

A batch, a shard of one and a merge all write the same layout, so `report`
and `merge` rebuild everything from these files without grading again:

    batch.json            ClassHeader: seed (or the course secret's fingerprint), limits, kit version, checks,
                          shard, roster
    results/STUDENT.json  {"student", "grade", "refused"} or {"student", "failure"} when it could not be graded,
                          with "secret_fingerprint" when the seed came from the course secret

The course secret itself is never written: its fingerprint (seeds.CourseSecret) tells one secret from another.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograd_kit import __version__
from autograd_kit.classroom.shards import WHOLE_CLASS, Shard
from autograd_kit.exercises.manifest import MANIFEST_PATH, load_exercises
from autograd_kit.report.files import write_atomically

HEADER_FILE = "batch.json"
RESULTS_DIR = "results"
MAX_RESULT_BYTES = 8 * 1024 * 1024


class RecordError(ValueError):
    """A batch folder that cannot be read back as one: missing, damaged or not the grader's files."""


@dataclass(frozen=True)
class ClassHeader:
    seed: int | None  # None when each student's seed comes from the course secret
    seed_from_student: bool
    timeout_s: float
    memory_mb: int
    secret_fingerprint: str = ""  # seeds.CourseSecret.fingerprint, with seed_from_student
    kit_version: str = __version__
    checks: str = ""  # checks_digest() of the kit that graded
    shard: Shard = WHOLE_CLASS
    roster: tuple[str, ...] = ()  # every student of the class, in every shard's header
    merged_from: int = 1  # how many shards `grader.py merge` joined into this record
    feedback: str = "full"  # how much of a failed check the students' feedback files show (feedback_levels.py)

    def to_json(self) -> dict[str, Any]:
        return {"seed": self.seed, "seed_from_student": self.seed_from_student,
                "secret_fingerprint": self.secret_fingerprint, "timeout_s": self.timeout_s,
                "memory_mb": self.memory_mb, "kit_version": self.kit_version, "checks": self.checks,
                "shard": {"index": self.shard.index, "count": self.shard.count}, "merged_from": self.merged_from,
                "roster": list(self.roster), "feedback": self.feedback}

    @classmethod
    def from_json(cls, data: Any) -> ClassHeader:
        if not isinstance(data, dict):
            raise RecordError("batch.json does not hold the batch's settings")
        try:
            shard = data.get("shard") or {"index": 0, "count": 1}
            seed = data["seed"]
            return cls(seed=None if seed is None else int(seed), seed_from_student=bool(data.get("seed_from_student")),
                       timeout_s=float(data["timeout_s"]), memory_mb=int(data["memory_mb"]),
                       secret_fingerprint=str(data.get("secret_fingerprint") or ""),
                       kit_version=str(data.get("kit_version", "")), checks=str(data.get("checks", "")),
                       shard=Shard(int(shard["index"]), int(shard["count"])),
                       roster=tuple(str(s) for s in data.get("roster", ())),
                       merged_from=int(data.get("merged_from", 1)),
                       feedback=_level(data.get("feedback", "full")))
        except (KeyError, TypeError, ValueError) as problem:
            raise RecordError(f"batch.json is missing or garbles a setting ({problem})") from None

    def agrees_with(self, other: ClassHeader) -> list[str]:
        """What differs between two shards' settings, in words: nothing when they can be merged."""
        differences = []
        hidden = {"seed": ("one seed", "another"), "secret_fingerprint": ("one secret", "another")}
        for name in ("kit_version", "checks", "seed", "seed_from_student", "secret_fingerprint", "timeout_s",
                     "memory_mb", "feedback"):  # one class, one feedback level in the files handed back
            mine, theirs = getattr(self, name), getattr(other, name)
            if mine != theirs:
                shown = hidden.get(name, (mine, theirs))  # neither the seed nor a fingerprint is shown
                label = "course secret" if name == "secret_fingerprint" else name
                differences.append(f"{label}: {shown[0]} vs {shown[1]}")
        if self.shard.count != other.shard.count:
            differences.append(f"number of shards: {self.shard.count} vs {other.shard.count}")
        if self.roster != other.roster:
            differences.append("class list: the shards read different submission folders")
        return differences


@dataclass
class ClassRecord:
    header: ClassHeader
    answers: dict[str, dict] = field(default_factory=dict)  # by student id

    @property
    def students(self) -> list[str]:
        """This shard's share of the roster, then anyone graded who is not on it (an older batch wrote none)."""
        extra = sorted(set(self.answers) - set(self.header.roster))
        return [*(s for s in self.header.roster if self.header.shard.holds(s)), *extra]

    def grades(self) -> dict[str, dict]:
        return {s: a["grade"] for s in self.students if "grade" in (a := self.answers.get(s, {}))}

    def failures(self) -> dict[str, str]:
        return {s: a["failure"] for s in self.students if "failure" in (a := self.answers.get(s, {}))}

    def refused(self) -> dict[str, str]:
        return {s: a["refused"] for s in self.students if (a := self.answers.get(s, {})).get("refused")}


def _level(value: Any) -> str:
    from autograd_kit.report.feedback_levels import LEVELS

    if value not in LEVELS:
        raise ValueError(f"feedback level {value!r} is none of {', '.join(LEVELS)}")
    return str(value)


def checks_digest() -> str:
    """A digest of what decides a grade: the exercise list, the checks and the mistake catalogue."""
    from autograd_kit.checks import catalogue

    digest = hashlib.sha256()
    files = [MANIFEST_PATH, *(e.checks_path for e in load_exercises()), *sorted(catalogue.FOLDER.glob("*.toml"))]
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def write_json(path: Path, data: dict) -> None:
    write_atomically(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n", mode=0o600)


def save_answer(folder: Path, student: str, answer: dict) -> None:
    write_json(folder / RESULTS_DIR / f"{student}.json", answer)


def load_header(folder: Path) -> ClassHeader:
    return ClassHeader.from_json(read_json(folder / HEADER_FILE))


def load_record(folder: Path) -> ClassRecord:
    """FOLDER's header and every answer in its results/, checked for shape."""
    if not folder.is_dir():
        raise RecordError(f"{folder} is not a folder")
    header = load_header(folder)
    answers: dict[str, dict] = {}
    results = folder / RESULTS_DIR
    for path in sorted(results.glob("*.json")) if results.is_dir() else []:
        answer = read_json(path)
        student = answer.get("student") if isinstance(answer, dict) else None
        if student != path.stem or not ("grade" in answer or "failure" in answer):
            raise RecordError(f"{path} is not a student's result written by the grader")
        if "grade" in answer and not _looks_like_grade(answer["grade"]):
            raise RecordError(f"{path} holds a damaged grade")
        answers[student] = answer
    return ClassRecord(header, answers)


def _looks_like_grade(grade: Any) -> bool:
    return (isinstance(grade, dict) and isinstance(grade.get("exercises"), list)
            and all(isinstance(grade.get(k), int | float) for k in ("seed", "points", "max_points", "percent")))


def read_json(path: Path) -> Any:
    """PATH's JSON, never through a link (a batch folder is the grader's own, but a copy may not be)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        raise RecordError(f"{path} is missing: is this a folder that grader.py batch wrote?") from None
    except OSError as problem:
        raise RecordError(f"{path} cannot be read ({problem.strerror})") from None
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise RecordError(f"{path} is not a plain file")
        raw = file.read(MAX_RESULT_BYTES + 1)
    if len(raw) > MAX_RESULT_BYTES:
        raise RecordError(f"{path} is larger than any result the grader writes")
    try:
        return json.loads(raw.decode("utf-8"))
    except ValueError:
        raise RecordError(f"{path} is not valid JSON") from None
