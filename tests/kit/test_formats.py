"""Every output format, parsed back with a real parser and checked against what its platform reads."""

import json
import xml.etree.ElementTree as ET

import pytest
from conftest import LEARNERS, run_grader

from autograd_kit import export
from autograd_kit.results import CheckKind, CheckResult, ExerciseResult, Grade, Status


def sample_grade() -> Grade:
    passed = CheckResult("04_gradients_by_hand", "test_q", "q_function(a, b) computes Q", 1, CheckKind.PASSED, "")
    wrong = CheckResult("04_gradients_by_hand", "test_dq_da", "dq_da(a, b) is 9a^2", 3, CheckKind.WRONG,
                        "expected: tensor([36., 81.])\ngot: <12> & \"27\" \x00\x1b[31m", output="printed \x07 é 한")
    hung = CheckResult("09_no_grad_context", "test_block", "no_grad block", 2.5, CheckKind.TIMEOUT, "did not finish")
    return Grade("submissions/alice.zip", 42, [
        ExerciseResult("04_gradients_by_hand", "Gradients by hand", "power rule", Status.FAILED, [passed, wrong]),
        ExerciseResult("09_no_grad_context", "no_grad", "context manager", Status.TIMEOUT, [hung]),
    ], seconds=3.25, student="alice")


def test_json_holds_the_whole_result():
    data = json.loads(export.render(sample_grade(), "json"))
    assert (data["points"], data["max_points"], data["seed"], data["student"]) == (1, 6.5, 42, "alice")
    assert [c["passed"] for e in data["exercises"] for c in e["checks"]] == [True, False, False]


def test_a_real_grade_says_what_graded_it_when_and_with_which_limits(tmp_path):
    folder = tmp_path / "exercises"
    folder.mkdir()
    (folder / "04_gradients_by_hand.py").write_text((LEARNERS / "mistakes.py").read_text())
    result = run_grader("04", "--target", str(folder), "--seed", "7", "--timeout", "4", "--json", "-")
    data = json.loads(result.stdout)
    assert data["schema_version"] == "1.1"
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


def test_junit_xml_is_read_back_test_by_test():
    root = ET.fromstring(export.render(sample_grade(), "junit").encode("utf-8"))
    assert root.tag == "testsuites" and root.get("tests") == "3"
    # a wrong answer is a <failure>; code that hung (or raised, crashed...) is an <error>
    assert (root.get("failures"), root.get("errors")) == ("1", "1")
    suites = root.findall("testsuite")
    assert [(s.get("name"), s.get("failures"), s.get("errors")) for s in suites] == [
        ("04_gradients_by_hand", "1", "0"), ("09_no_grad_context", "0", "1")]
    cases = root.findall("./testsuite/testcase")
    assert [(c.get("classname"), c.get("name"), c.get("file")) for c in cases] == [
        ("04_gradients_by_hand", "q_function(a, b) computes Q", "exercises/04_gradients_by_hand.py"),
        ("04_gradients_by_hand", "dq_da(a, b) is 9a^2", "exercises/04_gradients_by_hand.py"),
        ("09_no_grad_context", "no_grad block", "exercises/09_no_grad_context.py")]
    points = [{p.get("name"): p.get("value") for p in c.findall("./properties/property")} for c in cases]
    assert [(p["check"], p["points"], p["max_points"]) for p in points] == [
        ("test_q", "1", "1"), ("test_dq_da", "0", "3"), ("test_block", "0", "2.5")]
    assert [c.find("failure") is None and c.find("error") is None for c in cases] == [True, False, False]
    failure = cases[1].find("failure")
    assert failure.get("type") == "wrong" and '<12> & "27"' in failure.text  # escaped, then read back
    assert cases[2].find("error").get("type") == "timeout" and cases[2].find("failure") is None


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
            assert data["score"] == 1 and [t["score"] for t in data["tests"]] == [1, 0, 0]
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
    assert json.loads((out / "full.json").read_text())["exercises"][0]["status"] == "not started"
    assert ET.parse(out / "junit.xml").getroot().get("failures") == "2"
    assert sorted(p.name for p in out.iterdir()) == ["full.json", "junit.xml"]  # no partial files left
