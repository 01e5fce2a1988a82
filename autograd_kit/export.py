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
from autograd_kit.results import CheckKind, CheckResult, ExerciseResult, Grade

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


# A check that did not pass is an <error> when the code raised, hung, crashed or did not load (or the grader could
# not run it), and a <failure> otherwise: a wrong answer, a value the judge cannot accept, work not started.
ERRORS = {CheckKind.RAISED, CheckKind.TIMEOUT, CheckKind.CRASHED, CheckKind.EXITED, CheckKind.MEMORY,
          CheckKind.SYNTAX_ERROR, CheckKind.IMPORT_ERROR, CheckKind.GRADER_ERROR, CheckKind.CHECK_ERROR,
          CheckKind.DID_NOT_REPORT}
FAILURES = set(CheckKind) - ERRORS - {CheckKind.PASSED}


def to_junit(grade: Grade) -> str:
    """JUnit XML as Jenkins' schema has it: a testsuite per exercise, a testcase per check named by what it
    checks, <failure> for a wrong answer, <error> for code that raised, hung, crashed or did not load."""
    suites = ET.Element("testsuites", name="autograd-kit", tests=str(_count(grade)),
                        failures=str(_count(grade, FAILURES)), errors=str(_count(grade, ERRORS)),
                        time=f"{grade.seconds:.3f}")
    for exercise in grade.exercises:
        failures = sum(1 for c in exercise.checks if c.kind in FAILURES)
        errors = sum(1 for c in exercise.checks if c.kind in ERRORS)
        suite = ET.SubElement(suites, "testsuite", name=exercise.name, tests=str(len(exercise.checks)),
                              failures=str(failures), errors=str(errors), skipped="0",
                              time=f"{sum(c.seconds for c in exercise.checks):.3f}")
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", name="status", value=exercise.status.value)
        ET.SubElement(properties, "property", name="points", value=f"{exercise.points:g}/{exercise.max_points:g}")
        ET.SubElement(properties, "property", name="seed", value=str(grade.seed))
        ET.SubElement(properties, "property", name="sandbox", value=_xml_safe(confinement.summary(grade.isolation)))
        for check in exercise.checks:
            case = ET.SubElement(suite, "testcase", classname=exercise.name, name=_xml_safe(check.description),
                                 file=f"exercises/{exercise.name}.py", time=f"{check.seconds:.3f}")
            case_properties = ET.SubElement(case, "properties")
            ET.SubElement(case_properties, "property", name="check", value=check.name)
            ET.SubElement(case_properties, "property", name="points", value=f"{check.points:g}")
            ET.SubElement(case_properties, "property", name="max_points", value=f"{check.max_points:g}")
            if check.mistakes:
                ET.SubElement(case_properties, "property", name="mistakes", value=" ".join(check.mistakes))
            if not check.passed:
                tag = "failure" if check.kind in FAILURES else "error"
                outcome = ET.SubElement(case, tag, type=check.kind.value,
                                        message=_xml_safe(check.message.splitlines()[0] if check.message else ""))
                outcome.text = _xml_safe(check.message)
            if check.output.strip():
                ET.SubElement(case, "system-out").text = _xml_safe(check.output)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True)


def _count(grade: Grade, kinds: set[CheckKind] | None = None) -> int:
    return sum(1 for e in grade.exercises for c in e.checks if kinds is None or c.kind in kinds)


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot hold most control characters, and learner output may contain any."""
    return "".join(ch if ch in "\t\n\r" or _allowed(ord(ch)) else "\ufffd" for ch in text)


def _allowed(code: int) -> bool:
    return 0x20 <= code < 0xD800 or 0xE000 <= code < 0xFFFE or code >= 0x10000
