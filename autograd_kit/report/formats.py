"""A `Grade` in the formats other tools read. Pure functions from one result model to text.

- json: the full result, for scripts (schemas/result.schema.json describes it)
- gradescope: Gradescope's results.json
- github: the grader-result JSON that GitHub Classroom's autograding reporter reads
- junit: JUnit XML, for CI systems
- markdown: the report for a GitHub job summary ($GITHUB_STEP_SUMMARY)

`render_failure` gives the same formats for a run that could not grade at all, so a
platform that waits for a file gets one that says why.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

from autograd_kit.grading.results import CheckKind, CheckResult, ExerciseResult, Grade, Status
from autograd_kit.report.untrusted import clean
from autograd_kit.sandbox.kernel import confinement

# classroom50: Classroom50's result/v1, rendered by report/classroom50.py through report/leveled.py
FORMATS = ("text", "json", "gradescope", "github", "junit", "markdown", "classroom50")
JUNIT_FAMILIES = ("xunit2", "xunit1")
# The formats a platform waits for as a file: a run that cannot grade still writes them (render_failure)
WAITED_FOR = ("gradescope", "github", "junit", "classroom50")


def render(grade: Grade, fmt: str, junit_family: str = "xunit2") -> str:
    renderers: dict[str, Callable[[Grade], str]] = {
        "json": to_json, "gradescope": to_gradescope, "github": to_github, "markdown": to_markdown,
        "junit": lambda g: to_junit(g, junit_family),
    }
    return renderers[fmt](grade)


def render_failure(fmt: str, reason: str, max_points: float) -> str | None:
    """What a platform reads when the grader could not grade: zero points out of the assignment's total, and
    why. None for the formats nobody waits for (text, json: the exit code and stderr say it)."""
    reason = clean(reason)  # it may quote a learner's file names or output
    if fmt == "gradescope":
        return json.dumps({"score": 0.0, "output": reason, "output_format": "text", "visibility": "visible",
                           "stdout_visibility": "hidden", "tests": []}, indent=2, ensure_ascii=False)
    if fmt == "github":
        # The reporter prints an errored test's message; Classroom records 0 out of max_score.
        failed = {"name": "autograd-kit could not grade this submission", "status": "error", "score": 0,
                  "message": reason, "test_code": "", "filename": "", "line_no": 0, "duration": 0}
        return json.dumps({"version": 1, "status": "error", "max_score": max_points, "tests": [failed]},
                          indent=2, ensure_ascii=False)
    if fmt == "junit":
        suites = ET.Element("testsuites", name="autograd-kit", tests="1", failures="0", errors="1", time="0")
        suite = ET.SubElement(suites, "testsuite", name="autograd-kit", tests="1", failures="0", errors="1",
                              skipped="0", time="0")
        case = ET.SubElement(suite, "testcase", classname="autograd-kit", name="grading", time="0")
        error = ET.SubElement(case, "error", type="grader_error", message=_xml_safe(reason.splitlines()[0]))
        error.text = _xml_safe(reason)
        ET.indent(suites)
        return ET.tostring(suites, encoding="unicode", xml_declaration=True)
    if fmt == "markdown":
        return f"## autograd-kit could not grade this submission\n\n{_fenced(reason)}\n"
    return None


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
        f"{e.name}: {_status_words(e)}, {e.points:g}/{e.max_points:g}" for e in grade.exercises)
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
    """The grader result GitHub Classroom's reporter reads. It records the sum of `score` and prints, for a
    test that failed, its name and then `test_code`: that is where the explanation goes (once per exercise
    for work not started, as the text report says it)."""
    tests = []
    for exercise in grade.exercises:
        said_not_started = False
        for check in exercise.checks:
            explanation = _feedback(check)
            if check.kind is CheckKind.NOT_STARTED:
                explanation, said_not_started = ("" if said_not_started else explanation), True
            tests.append({
                "name": _test_name(exercise, check),
                "status": "pass" if check.passed else "fail",
                "score": check.points,
                "message": check.message,
                "test_code": explanation,
                "filename": f"exercises/{exercise.name}.py",
                "line_no": 0,
                "duration": round(check.seconds * 1000),
            })
    status = "pass" if tests and all(t["status"] == "pass" for t in tests) else "fail"
    return json.dumps({"version": 1, "status": status, "max_score": grade.max_points, "tests": tests},
                      indent=2, ensure_ascii=False)


def to_markdown(grade: Grade) -> str:
    """The report for a GitHub job summary: the table of exercises, then every check that did not pass."""
    lines = [f"## autograd-kit: {grade.points:g}/{grade.max_points:g} points ({grade.percent:.0f} %)", "",
             "| # | Exercise | Status | Points |", "|---|---|---|---|"]
    for exercise in grade.exercises:
        lines.append(f"| {exercise.name[:2]} | {_cell(exercise.title)} | {_status_words(exercise)} | "
                     f"{exercise.points:g}/{exercise.max_points:g} |")
    for exercise in grade.exercises:
        failing = [c for c in exercise.checks if not c.passed]
        if not failing or exercise.status is Status.NOT_STARTED:
            continue  # the table already says "not started"; its checks would say it once each
        lines += ["", f"### {exercise.name}: {_cell(exercise.title)}", f"File: `exercises/{exercise.name}.py`"]
        for check in failing:
            lines += ["", f"- **{_cell(check.description)}** ({check.points:g}/{check.max_points:g})", "",
                      _fenced(_feedback(check) or check.kind.value)]
    lines += ["", f"Seed {grade.seed}. Sandbox: {_cell(confinement.summary(grade.isolation))}", ""]
    return "\n".join(lines)


def _status_words(exercise: ExerciseResult) -> str:
    return exercise.status.value.replace("_", " ")


def _cell(text: str) -> str:
    """Text inside a markdown table or heading: one line, no column breaks, no markup."""
    return " ".join(text.split()).replace("|", "\\|").replace("<", "&lt;").replace("`", "'")


def _fenced(text: str) -> str:
    """A code block that the text inside cannot close, whatever backticks it holds."""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


# A check that did not pass is an <error> when the code raised, hung, crashed or did not load (or the grader could
# not run it), and a <failure> otherwise: a wrong answer, a value the judge cannot accept, work not started.
ERRORS = {CheckKind.RAISED, CheckKind.TIMEOUT, CheckKind.CRASHED, CheckKind.EXITED, CheckKind.MEMORY,
          CheckKind.SYNTAX_ERROR, CheckKind.IMPORT_ERROR, CheckKind.GRADER_ERROR, CheckKind.CHECK_ERROR,
          CheckKind.DID_NOT_REPORT}
FAILURES = set(CheckKind) - ERRORS - {CheckKind.PASSED}


def to_junit(grade: Grade, family: str = "xunit2") -> str:
    """JUnit XML: a testsuite per exercise, a testcase per check named by what it checks, <failure> for a wrong
    answer, <error> for code that raised, hung, crashed or did not load.

    xunit2 (the default, as in pytest) is valid against Jenkins' JUnit schema (xunit plugin, junit-10.xsd),
    which refuses unknown attributes: the exercise's file and each check's points go on the testsuite, which
    is one file. xunit1 also puts `file` and the points on every testcase (pytest's legacy family), which
    GitLab and the Jenkins JUnit plugin read, and strict validators refuse."""
    suites = ET.Element("testsuites", name="autograd-kit", tests=str(_count(grade)),
                        failures=str(_count(grade, FAILURES)), errors=str(_count(grade, ERRORS)),
                        time=f"{grade.seconds:.3f}")
    for exercise in grade.exercises:
        file = f"exercises/{exercise.name}.py"
        failures = sum(1 for c in exercise.checks if c.kind in FAILURES)
        errors = sum(1 for c in exercise.checks if c.kind in ERRORS)
        suite = ET.SubElement(suites, "testsuite", name=exercise.name, tests=str(len(exercise.checks)),
                              failures=str(failures), errors=str(errors), skipped="0",
                              time=f"{sum(c.seconds for c in exercise.checks):.3f}", timestamp=grade.timestamp,
                              file=file)
        properties = ET.SubElement(suite, "properties")
        _property(properties, "status", exercise.status.value)
        _property(properties, "points", f"{exercise.points:g}/{exercise.max_points:g}")
        _property(properties, "seed", str(grade.seed))
        _property(properties, "sandbox", confinement.summary(grade.isolation))
        if family == "xunit2":
            for check in exercise.checks:
                _property(properties, f"points: {check.name}", f"{check.points:g}/{check.max_points:g}")
                if check.mistakes:
                    _property(properties, f"mistakes: {check.name}", " ".join(check.mistakes))
        for check in exercise.checks:
            case = ET.SubElement(suite, "testcase", classname=exercise.name, name=_xml_safe(check.description),
                                 time=f"{check.seconds:.3f}")
            if family == "xunit1":
                case.set("file", file)
                case_properties = ET.SubElement(case, "properties")
                _property(case_properties, "check", check.name)
                _property(case_properties, "points", f"{check.points:g}")
                _property(case_properties, "max_points", f"{check.max_points:g}")
                if check.mistakes:
                    _property(case_properties, "mistakes", " ".join(check.mistakes))
            if not check.passed:
                tag = "failure" if check.kind in FAILURES else "error"
                outcome = ET.SubElement(case, tag, type=check.kind.value,
                                        message=_xml_safe(check.message.splitlines()[0] if check.message else ""))
                outcome.text = _xml_safe(check.message)
            if check.output.strip():
                ET.SubElement(case, "system-out").text = _xml_safe(check.output)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True)


def _property(parent: ET.Element, name: str, value: str) -> None:
    ET.SubElement(parent, "property", name=_xml_safe(name), value=_xml_safe(value))


def _count(grade: Grade, kinds: set[CheckKind] | None = None) -> int:
    return sum(1 for e in grade.exercises for c in e.checks if kinds is None or c.kind in kinds)


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot hold most control characters, and learner output may contain any."""
    return "".join(ch if ch in "\t\n\r" or _allowed(ord(ch)) else "\ufffd" for ch in text)


def _allowed(code: int) -> bool:
    return 0x20 <= code < 0xD800 or 0xE000 <= code < 0xFFFE or code >= 0x10000
