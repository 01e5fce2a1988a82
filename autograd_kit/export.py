"""A `Grade` in the formats other tools read. Pure functions from one result model to text.

- json: the full result, for scripts
- gradescope: Gradescope's results.json
- github: the grader-result JSON that GitHub Classroom's autograding reporter reads
- junit: JUnit XML, for CI systems
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable

from autograd_kit import confinement
from autograd_kit.results import CheckResult, ExerciseResult, Grade

FORMATS = ("text", "json", "gradescope", "github", "junit")


def render(grade: Grade, fmt: str) -> str:
    renderers: dict[str, Callable[[Grade], str]] = {
        "json": to_json, "gradescope": to_gradescope, "github": to_github, "junit": to_junit,
    }
    return renderers[fmt](grade)


def to_json(grade: Grade) -> str:
    return json.dumps(grade.to_dict(), indent=2, ensure_ascii=False)


def _test_name(exercise: ExerciseResult, check: CheckResult) -> str:
    return f"{exercise.name} · {check.description}"


def _feedback(check: CheckResult) -> str:
    if check.passed:
        return ""
    text = check.message
    if check.output.strip():
        text += "\n\nYour code printed:\n" + check.output.strip()[:2000]
    return text


def to_gradescope(grade: Grade) -> str:
    tests = []
    for exercise in grade.exercises:
        for check in exercise.checks:
            tests.append({
                "name": _test_name(exercise, check),
                "name_format": "text",
                "score": float(check.points),
                "max_score": float(check.max_points),
                "status": "passed" if check.passed else "failed",
                "output": _feedback(check),
                "output_format": "text",
                "visibility": "visible",
                "tags": [exercise.name, exercise.status.value],
            })
    overview = "\n".join(
        f"{e.name}: {e.status.value}, {e.points:g}/{e.max_points:g}" for e in grade.exercises)
    return json.dumps({
        "score": float(grade.points),
        "execution_time": round(grade.seconds, 3),
        "output": f"autograd-kit, seed {grade.seed}\n{overview}\nSandbox: {confinement.summary(grade.isolation)}",
        "output_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }, indent=2, ensure_ascii=False)


def to_github(grade: Grade) -> str:
    tests = [
        {
            "name": _test_name(exercise, check),
            "status": "pass" if check.passed else "fail",
            "score": check.points,
            "message": check.message,
            "test_code": check.name,
            "filename": f"exercises/{exercise.name}.py",
            "line_no": 0,
            "duration": 0,
        }
        for exercise in grade.exercises for check in exercise.checks
    ]
    status = "pass" if tests and all(t["status"] == "pass" for t in tests) else "fail"
    return json.dumps({"version": 1, "status": status, "max_score": grade.max_points, "tests": tests},
                      indent=2, ensure_ascii=False)


def to_junit(grade: Grade) -> str:
    suites = ET.Element("testsuites", name="autograd-kit", tests=str(_count(grade)),
                        failures=str(_count(grade, failed=True)), time=f"{grade.seconds:.3f}")
    for exercise in grade.exercises:
        failed = [c for c in exercise.checks if not c.passed]
        suite = ET.SubElement(suites, "testsuite", name=exercise.name, tests=str(len(exercise.checks)),
                              failures=str(len(failed)), errors="0", skipped="0", time="0")
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", name="status", value=exercise.status.value)
        ET.SubElement(properties, "property", name="points", value=f"{exercise.points:g}/{exercise.max_points:g}")
        ET.SubElement(properties, "property", name="seed", value=str(grade.seed))
        ET.SubElement(properties, "property", name="sandbox", value=_xml_safe(confinement.summary(grade.isolation)))
        for check in exercise.checks:
            case = ET.SubElement(suite, "testcase", classname=exercise.name, name=check.name, time="0")
            if not check.passed:
                failure = ET.SubElement(case, "failure", type=check.kind.value,
                                        message=_xml_safe(check.message.splitlines()[0] if check.message else ""))
                failure.text = _xml_safe(check.message)
            if check.output.strip():
                ET.SubElement(case, "system-out").text = _xml_safe(check.output)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True)


def _count(grade: Grade, failed: bool = False) -> int:
    return sum(1 for e in grade.exercises for c in e.checks if not failed or not c.passed)


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot hold most control characters, and learner output may contain any."""
    return "".join(ch if ch in "\t\n\r" or _allowed(ord(ch)) else "\ufffd" for ch in text)


def _allowed(code: int) -> bool:
    return 0x20 <= code < 0xD800 or 0xE000 <= code < 0xFFFE or code >= 0x10000
