"""Every format at a feedback level: what the learner may see, and on Gradescope what only instructors see.

Gradescope shows a test whose `visibility` is "hidden" to instructors alone, so below `full` each check
that did not pass gets a hidden twin, worth nothing, with the whole explanation: the learner's rows say
what the level allows, the instructor still reads expected and got.
"""

from __future__ import annotations

import json

from autograd_kit.grading.results import Grade
from autograd_kit.report import classroom50, feedback_levels, formats

INSTRUCTOR_SUFFIX = " (instructor only: the full explanation)"


def render(grade: Grade, fmt: str, level: str = "full", junit_family: str = "xunit2") -> str:
    """GRADE in FMT, showing the learner what LEVEL allows."""
    shown = feedback_levels.apply(grade, level)
    if fmt == "classroom50":
        return classroom50.to_result(shown, classroom50.Identity.from_environment())
    if fmt == "gradescope" and level != "full":
        return gradescope_with_hidden_detail(grade, shown)
    return formats.render(shown, fmt, junit_family)


def gradescope_with_hidden_detail(full: Grade, shown: Grade) -> str:
    results = json.loads(formats.to_gradescope(shown))
    for exercise in full.exercises:
        for check in exercise.checks:
            if check.passed:
                continue
            results["tests"].append({
                "name": formats._test_name(exercise, check) + INSTRUCTOR_SUFFIX,
                "name_format": "text",
                "score": 0.0,
                "max_score": 0.0,
                "status": "failed",
                "output": formats._feedback(check),
                "output_format": "text",
                "visibility": "hidden",
                "tags": [exercise.name, "instructor"],
            })
    return json.dumps(results, indent=2, ensure_ascii=False)


def render_failure(fmt: str, reason: str, max_points: float) -> str | None:
    """What a platform reads when the grader could not grade (formats.render_failure, and Classroom50's)."""
    if fmt == "classroom50":
        return classroom50.failure_result(classroom50.Identity.from_environment(), reason)
    return formats.render_failure(fmt, reason, max_points)
