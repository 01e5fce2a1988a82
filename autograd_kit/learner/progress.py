"""What the learner has done so far, kept in a small state file.

The file (.autograd-kit/state.json beside the exercises folder) remembers the last
result of each exercise, with a fingerprint of the file it was graded on, and
how many hints were shown. Grading never reads it; deleting it is harmless,
and a damaged one is ignored.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograd_kit.exercises.manifest import Exercise
from autograd_kit.grading.results import CheckKind, ExerciseResult, Grade
from autograd_kit.report.files import write_atomically
from autograd_kit.submission.text import canonical_source


def state_path(folder: Path) -> Path:
    """Where the progress of the exercises in FOLDER is kept: .autograd-kit/ beside FOLDER, or the one FOLDER is
    in (a notebook's modules are in .autograd-kit/notebook/: its state is not nested in a second one)."""
    above = folder.resolve().parent
    return (above if above.name == ".autograd-kit" else above / ".autograd-kit") / "state.json"


@dataclass
class LastResult:
    status: str
    points: float
    max_points: float
    fingerprint: str  # of the file that earned it
    mistakes: list[str] = field(default_factory=list)  # catalogue ids its checks named, for `hint`


@dataclass
class Progress:
    last: dict[str, LastResult] = field(default_factory=dict)
    hints: dict[str, int] = field(default_factory=dict)  # exercise -> hint levels shown
    mistake_hints: dict[str, list[str]] = field(default_factory=dict)  # exercise -> mistakes whose hint was shown

    @classmethod
    def load(cls, path: Path) -> Progress:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            last = {name: LastResult(_status(r["status"]), float(r["points"]), float(r["max_points"]),
                                     str(r["fingerprint"]), [str(m) for m in r.get("mistakes", [])])
                    for name, r in raw.get("last", {}).items()}
            hints = {str(name): int(level) for name, level in raw.get("hints", {}).items()}
            mistake_hints = {str(name): [str(m) for m in ids] for name, ids in raw.get("mistake_hints", {}).items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls()
        return cls(last, hints, mistake_hints)

    def save(self, path: Path) -> None:
        data: dict[str, Any] = {
            "about": "autograd-kit's memory of your progress; safe to delete",
            "last": {name: vars(result) for name, result in self.last.items()},
            "hints": self.hints,
            "mistake_hints": self.mistake_hints,
        }
        try:
            write_atomically(path, json.dumps(data, indent=2) + "\n")
        except OSError:
            pass  # a read-only kit still grades

    def record(self, result: ExerciseResult, file: Path) -> None:
        mistakes = [m for check in result.checks for m in check.mistakes]
        self.last[result.name] = LastResult(result.status.value, result.points, result.max_points, fingerprint(file),
                                            list(dict.fromkeys(mistakes)))

    def current(self, exercise: Exercise, folder: Path) -> LastResult | None:
        """The last result, if the file has not changed since."""
        last = self.last.get(exercise.name)
        if last is None or last.fingerprint != fingerprint(exercise.path_in(folder)):
            return None
        return last


def fingerprint(file: Path) -> str:
    try:
        # Of the text as graded: re-saving with a BOM or CRLF is no change to the work.
        return hashlib.sha256(canonical_source(file.read_bytes())).hexdigest()[:16]
    except OSError:
        return "missing"


def kit_failed(exercise: ExerciseResult) -> bool:
    """Whether the grader itself could not run some of this exercise's checks (it could not start a worker,
    ran out of its own time): then the result says nothing about the learner's work."""
    return any(check.kind == CheckKind.GRADER_ERROR for check in exercise.checks)


def _status(saved: object) -> str:
    """A status as saved; state files from before results schema 2.0 spelled one with a space."""
    return str(saved).replace(" ", "_")


def remember(result: Grade, folder: Path) -> None:
    """Keep each graded exercise's result for `list` (best effort: grading never depends on it)."""
    path = state_path(folder)
    progress = Progress.load(path)
    for exercise in result.exercises:
        if kit_failed(exercise):
            continue  # the grader's failure is not the learner's result: what was saved before stays
        progress.record(exercise, folder / f"{exercise.name}.py")
    progress.save(path)
