"""Classroom50's result/v1 (`result.json`) and the Release body (`release-body.md`).

Classroom50's runner (runner.py, collect_scores.py) accepts only non-negative integer `score` and
`max-score`, overall and per test, a fixed set of top-level keys, and the identity of the repository it
graded (CLASSROOM, ASSIGNMENT, OWNER, SUBMISSION_TAG, COMMIT_URL, RELEASE_URL, REVIEW_URL in the
environment). Extra fields on a test row are kept: the kit puts its message, status and mistake ids there.
A point value that is not a whole number is refused, never rounded: the total would no longer be the kit's.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone

from autograd_kit.grading.results import CheckResult, ExerciseResult, Grade
from autograd_kit.report import formats
from autograd_kit.sandbox.kernel import confinement

SCHEMA = "classroom50/result/v1"
# The keys runner.py and collect_scores.py accept at the top level (schemas/result-v1.schema.json)
TOP_LEVEL_KEYS = ("schema", "classroom", "assignment", "assignment_type", "owner", "submission", "commit",
                  "release", "review", "datetime", "graded_at", "score", "max-score", "tests", "submitted_by")
RELEASE_BODY_LIMIT = 125_000  # GitHub's most for a Release's body, in characters
CLOSE_FENCE = "\n```"
FAILED_TEST_NAME = "autograd-kit could not grade this submission"


class FractionalPoints(ValueError):
    """A check is worth a fraction of a point: Classroom50 takes whole numbers only."""


@dataclass(frozen=True)
class Identity:
    """Whose submission this is, as the runner's environment says (runner.py stamps owner and type again)."""

    classroom: str
    assignment: str
    owner: str
    submission: str
    commit: str
    release: str
    review: str
    assignment_type: str = "individual"

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> Identity:
        """Missing variables (a run outside Classroom50) get placeholders that still pass the schema."""
        def read(name: str, default: str = "unknown") -> str:
            return environ.get(name, "").strip() or default

        tag = read("SUBMISSION_TAG", "submit/unknown")
        commit = read("COMMIT_URL")
        return cls(read("CLASSROOM"), read("ASSIGNMENT"), read("OWNER", read("USERNAME")),
                   tag if tag.startswith("submit/") else f"submit/{tag}", commit, read("RELEASE_URL"),
                   read("REVIEW_URL", commit), read("ASSIGNMENT_TYPE", "individual"))


def whole(points: float, where: str) -> int:
    """POINTS as an int, or FractionalPoints naming WHERE it came from."""
    if float(points) != int(points) or points < 0:
        raise FractionalPoints(f"{where} is worth {points:g} points; Classroom50 takes whole, non-negative "
                               "points only. Give the check a whole number of points in its @pytest.mark.points.")
    return int(points)


def test_name(exercise: ExerciseResult, check: CheckResult) -> str:
    return f"{exercise.name} · {check.description}"


def to_result(grade: Grade, identity: Identity) -> str:
    """result.json for GRADE (already at the feedback level the learner is to see)."""
    tests = []
    for exercise in grade.exercises:
        for check in exercise.checks:
            where = f"{exercise.name}::{check.name}"
            tests.append({
                "test-name": test_name(exercise, check),
                "passed": check.passed,
                "score": whole(check.points, where),
                "max-score": whole(check.max_points, where),
                "exercise": exercise.name,
                "status": check.kind.value,
                "message": check.message,
                "mistakes": list(check.mistakes),
            })
    score = sum(t["score"] for t in tests)
    maximum = sum(t["max-score"] for t in tests)
    return _dump(_envelope(identity, score, maximum, tests))


def failure_result(identity: Identity, reason: str) -> str:
    """result.json for a run that could not grade: 0 out of 0 (never a zero the learner earned), and why."""
    row = {"test-name": FAILED_TEST_NAME, "passed": False, "score": 0, "max-score": 0, "status": "grader_error",
           "message": reason}
    return _dump(_envelope(identity, 0, 0, [row]))


def _envelope(identity: Identity, score: int, maximum: int, tests: list[dict]) -> dict:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"schema": SCHEMA, "classroom": identity.classroom, "assignment": identity.assignment,
            "assignment_type": identity.assignment_type, "owner": identity.owner,
            "submission": identity.submission, "commit": identity.commit, "release": identity.release,
            "review": identity.review, "datetime": now, "graded_at": now, "score": score, "max-score": maximum,
            "tests": tests}


def _dump(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def release_body(grade: Grade, checkout: str = "") -> str:
    """The Markdown report, with paths relative to the repository (CHECKOUT removed), under GitHub's limit."""
    text = formats.to_markdown(grade)
    if grade.isolation and not confinement.is_full(grade.isolation):
        text += "\n" + weak_sandbox_note(grade) + "\n"
    return fit(relative(text, checkout))


def weak_sandbox_note(grade: Grade) -> str:
    """The kernel layers that were off, named in the Release: a weak sandbox is never silent."""
    missing = [f"{layer} ({grade.isolation.get(layer, 'off: unknown').removeprefix('off: ')})"
               for layer in confinement.LAYERS if not grade.isolation.get(layer, "").startswith("on")]
    return "**The grader's sandbox was not whole on this runner.** Layers that were off: " + "; ".join(missing)


def failure_body(reason: str, checkout: str = "") -> str:
    return fit(relative(formats.render_failure("markdown", reason, 0) or reason, checkout))


def relative(text: str, checkout: str) -> str:
    """Paths under the student's checkout, as the repository names them."""
    if not checkout:
        return text
    root = checkout.rstrip("/") + "/"
    return text.replace(root, "").replace(checkout.rstrip("/"), ".")


def fit(text: str, limit: int = RELEASE_BODY_LIMIT) -> str:
    """TEXT cut at a line so that it and a note saying so stay within LIMIT characters."""
    if len(text) <= limit:
        return text
    note = "\n\n_The report was cut here: it is longer than a GitHub Release can hold. The gradebook has every row._\n"
    cut = text[: limit - len(note) - len(CLOSE_FENCE)]
    cut = cut[: cut.rfind("\n")] if "\n" in cut else cut
    if cut.count("```") % 2:  # an open code block would swallow the note
        cut += CLOSE_FENCE
    return cut + note


def check_whole_points(grade: Grade) -> None:
    """Raise FractionalPoints before anything is written, naming the first check that is not whole."""
    for exercise in grade.exercises:
        for check in exercise.checks:
            whole(check.max_points, f"{exercise.name}::{check.name}")
