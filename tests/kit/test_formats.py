"""Every output format, parsed back with a real parser and checked against what its platform reads."""

import json
import xml.etree.ElementTree as ET

import jsonschema
import junitparser
import pytest

from autograd_kit.grading.grade import max_points
from conftest import KIT_ROOT, LEARNERS, RESULT_SCHEMA, run_grader, valid_result
from lxml import etree

from autograd_kit.grading.results import SCHEMA_VERSION, CheckKind, CheckResult, ExerciseResult, Grade, Status
from autograd_kit.report import formats as export


def sample_grade() -> Grade:
    passed = CheckResult("04_gradients_by_hand", "test_q", "q_function(a, b) computes Q", 1, CheckKind.PASSED, "")
    wrong = CheckResult("04_gradients_by_hand", "test_dq_da", "dq_da(a, b) is 9a^2", 3, CheckKind.WRONG,
                        "expected: tensor([36., 81.])\ngot: <12> & \"27\" \x00\x1b[31m", output="printed \x07 é 한")
    hung = CheckResult("09_no_grad_context", "test_block", "no_grad block", 2.5, CheckKind.TIMEOUT, "did not finish")
    return Grade("submissions/alice.zip", 42, [
        ExerciseResult("04_gradients_by_hand", "Gradients by hand", "power rule", Status.FAILED, [passed, wrong]),
        ExerciseResult("09_no_grad_context", "no_grad", "context manager", Status.TIMEOUT, [hung]),
    ], seconds=3.25, student="alice", isolation={"landlock": "on: ABI 7", "seccomp": "off: not on this kernel"},
        limits={"timeout_s": 10.0, "memory_mb": 2048}, versions={"autograd_kit": "0.1.0", "torch": "2.14.1",
        "python": "3.11.7"}, timestamp="2026-11-29T07:00:00+00:00")


def test_json_holds_the_whole_result():
    data = valid_result(json.loads(export.render(sample_grade(), "json")))
    assert (data["points"], data["max_points"], data["seed"], data["student"]) == (1, 6.5, 42, "alice")
    assert [c["passed"] for e in data["exercises"] for c in e["checks"]] == [True, False, False]


def test_a_real_grade_says_what_graded_it_when_and_with_which_limits(tmp_path):
    folder = tmp_path / "exercises"
    folder.mkdir()
    (folder / "04_gradients_by_hand.py").write_text((LEARNERS / "mistakes.py").read_text())
    result = run_grader("04", "--target", str(folder), "--seed", "7", "--timeout", "4", "--json", "-")
    data = valid_result(json.loads(result.stdout))
    assert data["schema_version"] == "2.2"
    assert 0 < data["judge_cpu_s"] < data["judge_cpu_limit_s"]
    assert data["limits"] == {"timeout_s": 4.0, "memory_mb": 2048}
    assert data["versions"]["torch"].startswith("2.") and data["versions"]["autograd_kit"]
    assert data["timestamp"].endswith("+00:00") and data["timestamp"][:2] == "20"
    checks = {c["name"]: c for c in data["exercises"][0]["checks"]}
    assert checks["test_dq_da"]["mistakes"] == ["04_gradients_by_hand/3a-2-derivative-3"]
    assert checks["test_q_function"]["mistakes"] == [] and checks["test_q_function"]["passed"]
    assert all(c["seconds"] > 0 for c in checks.values())


def test_gradescope_results_json_matches_its_schema():
    data = json.loads(export.render(sample_grade(), "gradescope"))
    assert isinstance(data["score"], float) and data["score"] == 1
    assert isinstance(data["execution_time"], float)
    assert len(data["tests"]) == 3
    for test in data["tests"]:
        assert set(test) >= {"name", "score", "max_score", "status", "output", "visibility"}
        assert test["status"] in ("passed", "failed") and test["visibility"] == "visible"
        assert isinstance(test["score"], float) and isinstance(test["max_score"], float)
    assert sum(t["score"] for t in data["tests"]) == data["score"]
    assert sum(t["max_score"] for t in data["tests"]) == 6.5
    failing = data["tests"][1]
    assert "expected: tensor([36., 81.])" in failing["output"] and "printed" in failing["output"]


def test_github_classroom_result_matches_what_the_reporter_reads():
    data = json.loads(export.render(sample_grade(), "github"))
    assert data["version"] == 1 and data["status"] == "fail" and data["max_score"] == 6.5
    assert [t["status"] for t in data["tests"]] == ["pass", "fail", "fail"]
    assert [t["score"] for t in data["tests"]] == [1, 0, 0]
    for test in data["tests"]:
        assert isinstance(test["name"], str) and isinstance(test["message"], str)
    # The reporter prints test_code under a failing test's name: the explanation, and what the code printed
    assert [bool(t["test_code"]) for t in data["tests"]] == [False, True, True]
    assert "expected: tensor([36., 81.])" in data["tests"][1]["test_code"]
    assert "printed" in data["tests"][1]["test_code"]


def test_github_says_not_started_once_per_exercise():
    checks = [CheckResult("01_forward_pass", f"test_{n}", f"check {n}", 1, CheckKind.NOT_STARTED,
                          "Not started: replace the TODO.") for n in range(3)]
    grade = Grade("x", 1, [ExerciseResult("01_forward_pass", "Forward", "c", Status.NOT_STARTED, checks)])
    tests = json.loads(export.render(grade, "github"))["tests"]
    assert [t["test_code"] for t in tests] == ["Not started: replace the TODO.", "", ""]
    assert all(t["status"] == "fail" and t["message"] for t in tests)


def test_a_run_that_cannot_grade_leaves_each_platform_its_file():
    reason = "The grader was started with arguments it cannot use: --seed"
    github = json.loads(export.render_failure("github", reason, 125))
    assert (github["status"], github["max_score"], github["tests"][0]["status"]) == ("error", 125, "error")
    assert github["tests"][0]["message"] == reason and github["tests"][0]["score"] == 0
    gradescope = json.loads(export.render_failure("gradescope", reason, 125))
    assert gradescope["score"] == 0 and gradescope["output"] == reason
    junit = export.render_failure("junit", reason, 125)
    assert jenkins_schema_errors(junit) == [] and ET.fromstring(junit.encode()).get("errors") == "1"
    assert reason in export.render_failure("markdown", reason, 125)
    assert export.render_failure("json", reason, 125) is None and export.render_failure("text", reason, 1) is None


JENKINS_JUNIT_XSD = KIT_ROOT / "tests" / "tools" / "junit" / "junit-10.xsd"


def jenkins_schema_errors(text: str) -> list[str]:
    schema = etree.XMLSchema(etree.parse(str(JENKINS_JUNIT_XSD)))
    valid = schema.validate(etree.fromstring(text.encode("utf-8")))
    return [] if valid else [str(error) for error in schema.error_log]


def test_junit_xml_is_read_back_test_by_test():
    root = ET.fromstring(export.render(sample_grade(), "junit").encode("utf-8"))
    assert root.tag == "testsuites" and root.get("tests") == "3"
    # a wrong answer is a <failure>; code that hung (or raised, crashed...) is an <error>
    assert (root.get("failures"), root.get("errors")) == ("1", "1")
    suites = root.findall("testsuite")
    assert [(s.get("name"), s.get("file"), s.get("failures"), s.get("errors")) for s in suites] == [
        ("04_gradients_by_hand", "exercises/04_gradients_by_hand.py", "1", "0"),
        ("09_no_grad_context", "exercises/09_no_grad_context.py", "0", "1")]
    cases = root.findall("./testsuite/testcase")
    assert [(c.get("classname"), c.get("name"), c.get("time")) for c in cases] == [
        ("04_gradients_by_hand", "q_function(a, b) computes Q", "0.000"),
        ("04_gradients_by_hand", "dq_da(a, b) is 9a^2", "0.000"),
        ("09_no_grad_context", "no_grad block", "0.000")]
    # Each check's points, as the suite's properties (Jenkins' schema allows none on a testcase)
    points = {p.get("name"): p.get("value") for p in suites[0].findall("./properties/property")}
    assert (points["points: test_q"], points["points: test_dq_da"], points["points"]) == ("1/1", "0/3", "1/4")
    assert [c.find("failure") is None and c.find("error") is None for c in cases] == [True, False, False]
    failure = cases[1].find("failure")
    assert failure.get("type") == "wrong" and '<12> & "27"' in failure.text  # escaped, then read back
    assert cases[2].find("error").get("type") == "timeout" and cases[2].find("failure") is None


def test_junit_xunit1_puts_file_and_points_on_every_testcase():
    text = export.render(sample_grade(), "junit", junit_family="xunit1")
    cases = ET.fromstring(text.encode("utf-8")).findall("./testsuite/testcase")
    assert [c.get("file") for c in cases] == ["exercises/04_gradients_by_hand.py"] * 2 + [
        "exercises/09_no_grad_context.py"]
    points = [{p.get("name"): p.get("value") for p in c.findall("./properties/property")} for c in cases]
    assert [(p["check"], p["points"], p["max_points"]) for p in points] == [
        ("test_q", "1", "1"), ("test_dq_da", "0", "3"), ("test_block", "0", "2.5")]
    # What a strict validator says of it: the reason xunit2 is the default
    assert any("file" in error for error in jenkins_schema_errors(text))


def test_junit_is_valid_against_jenkins_schema_and_read_by_junitparser(tmp_path):
    """A real grade (a wrong answer, a crash, a syntax error, work not started, learner output full of
    markup), validated against the schema Jenkins' xunit plugin enforces, then read by junitparser."""
    folder = tmp_path / "exercises"
    folder.mkdir()
    (folder / "04_gradients_by_hand.py").write_text((LEARNERS / "mistakes.py").read_text())
    (folder / "05_vector_backward.py").write_text("def broken(:\n")
    out = tmp_path / "junit.xml"
    result = run_grader("--target", str(folder), "--seed", "5", "--format", "junit", "--output", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert jenkins_schema_errors(text) == []
    report = junitparser.JUnitXml.fromfile(str(out))
    suites = {suite.name: suite for suite in report}
    assert len(suites) == 20 and report.tests == sum(suite.tests for suite in suites.values())
    cases = {case.name: case for case in suites["04_gradients_by_hand"]}
    dq_da = next(case for name, case in cases.items() if name.startswith("dq_da"))
    assert [type(r).__name__ for r in dq_da.result] == ["Failure"] and "power rule" in dq_da.name
    assert "Mistake:" in dq_da.result[0].text
    assert {type(r).__name__ for case in suites["05_vector_backward"] for r in case.result} == {"Error"}
    # dq_da and dq_db wrong, dq_da_general not written: three failures; q_function passes
    assert suites["04_gradients_by_hand"].failures == 3 and suites["05_vector_backward"].errors > 0


def test_the_result_schema_is_a_schema_and_turns_away_what_it_does_not_describe():
    jsonschema.Draft202012Validator.check_schema(RESULT_SCHEMA)
    assert RESULT_SCHEMA["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    good = json.loads(export.render(sample_grade(), "json"))
    valid_result(good)
    for change in (lambda d: d["exercises"][0].update(status="not started"),  # the old spelling
                   lambda d: d["exercises"][0]["checks"][0].update(kind="ok"),
                   lambda d: d["exercises"][0]["checks"][1].update(mistakes=["a mistake in words"]),
                   lambda d: d.pop("versions"),
                   lambda d: d.update(surprise=1)):
        bad = json.loads(json.dumps(good))
        change(bad)
        with pytest.raises(jsonschema.ValidationError):
            valid_result(bad)


@pytest.mark.parametrize("fmt", ["json", "gradescope", "github", "junit"])
def test_learner_output_cannot_break_a_format(fmt):
    text = export.render(sample_grade(), fmt)
    if fmt == "junit":
        ET.fromstring(text.encode("utf-8"))
    else:
        json.loads(text)


def test_a_submission_that_prints_fake_results_cannot_change_stdout(tmp_path):
    # Its code prints a fake Gradescope result and a fake JUnit file, on sys.stdout and on fd 1.
    (tmp_path / "04_gradients_by_hand.py").write_bytes((LEARNERS / "tampers_and_lies.py").read_bytes())
    for fmt in ("gradescope", "junit"):
        result = run_grader("04", "--submission", str(tmp_path), "--format", fmt, "--seed", "3", limit_s=120)
        assert result.returncode == 0, result.stderr
        if fmt == "gradescope":
            data = json.loads(result.stdout)
            assert data["score"] == 1 and [t["score"] for t in data["tests"]] == [1, 0, 0, 0]
        else:
            root = ET.fromstring(result.stdout.encode("utf-8"))
            assert root.get("failures") == "2"


def test_json_and_a_format_file_can_be_written_together(tmp_path):
    (tmp_path / "sub").mkdir()
    out = tmp_path / "out"
    result = run_grader("09", "--submission", str(tmp_path / "sub"), "--seed", "3", "--json", str(out / "full.json"),
                        "--format", "junit", "--output", str(out / "junit.xml"), limit_s=120)
    assert result.returncode == 0, result.stderr
    assert "not started" in result.stdout  # the report for people still goes to the terminal
    assert valid_result(json.loads((out / "full.json").read_text()))["exercises"][0]["status"] == "not_started"
    assert ET.parse(out / "junit.xml").getroot().get("failures") == "2"
    assert sorted(p.name for p in out.iterdir()) == ["full.json", "junit.xml"]  # no partial files left


def test_markdown_summary_cannot_be_broken_by_what_a_learner_printed():
    grade = sample_grade()
    grade.exercises[0].checks[1].output = "```\n# I passed everything | 7/7 |\n<script>alert(1)</script>\n````"
    grade.exercises[0].title = "Gradients | by <b>hand</b>"
    text = export.render(grade, "markdown")
    assert text.startswith("## autograd-kit: 1/6.5 points (15 %)")
    assert "| 04 | Gradients \\| by &lt;b>hand&lt;/b> | failed | 1/4 |" in text
    # The learner's output sits in a fence longer than any run of backticks inside it
    fence = "`````text\n"
    assert fence in text and text.count("\n`````\n") + text.endswith("\n`````") >= 1
    opened = text.index(fence)
    assert "<script>" in text[opened:text.index("\n`````", opened + len(fence))]
    assert "### 09_no_grad_context" in text and "did not finish" in text


def test_a_refused_weak_sandbox_still_writes_the_platform_file(tmp_path):
    (tmp_path / "sub").mkdir()
    out = tmp_path / "result.json"
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    result = run_grader("--submission", str(tmp_path / "sub"), "--format", "github", "--output", str(out),
                        "--summary", str(summary), env={"AUTOGRAD_KIT_WITHOUT_LAYERS": "landlock"}, limit_s=120)
    assert result.returncode == 3
    data = json.loads(out.read_text())
    assert data["status"] == "error" and data["max_score"] == max_points()
    assert "will not run untrusted code" in data["tests"][0]["message"]
    assert summary.read_text().startswith("earlier step\n## autograd-kit could not grade")  # appended, not replaced
