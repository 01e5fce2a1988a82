"""Classroom50's contract, from its documented rules (result/v1, the runner's exit codes), and feedback levels.

The rules (Classroom50's runner.py, collect_scores.py and schemas/result-v1.schema.json, read there, not
copied): `score` and `max-score` are non-negative integers, overall and per test, a test's score is at most
its max-score, the totals are the sums; only these top-level keys; identity from the environment; a test
row needs `test-name`, `passed`, `score`, `max-score` and may carry more.
"""

from __future__ import annotations

import copy
import io
import json
import re
import shutil
import tarfile
import time

import pytest
from conftest import KIT_ROOT, LEARNERS, run_grader

from autograd_kit.checks import catalogue
from autograd_kit.grading.deadline import Deadline
from autograd_kit.grading.results import CheckKind, CheckResult, ExerciseResult, Grade, Status
from autograd_kit.report import classroom50, feedback_levels, formats, leveled
from autograd_kit.report import terminal as report

TOP_LEVEL = {"schema", "classroom", "assignment", "assignment_type", "owner", "submission", "commit", "release",
             "review", "datetime", "graded_at", "score", "max-score", "tests", "submitted_by"}
REQUIRED = TOP_LEVEL - {"graded_at", "submitted_by"}
ENVIRONMENT = {"CLASSROOM": "autograd-101", "ASSIGNMENT": "autograd", "OWNER": "alice",
               "SUBMISSION_TAG": "submit/2026-12-07T05-00-00Z-abc1234", "COMMIT_URL": "https://github.com/o/r/commit/1",
               "RELEASE_URL": "https://github.com/o/r/releases/tag/submit%2F1", "REVIEW_URL": "https://github.com/o/r/compare/a...b"}


def follows_result_v1(data: dict) -> dict:
    """DATA, once it meets every documented rule of classroom50/result/v1."""
    assert set(data) <= TOP_LEVEL, f"keys Classroom50 refuses: {set(data) - TOP_LEVEL}"
    assert REQUIRED <= set(data), f"missing: {REQUIRED - set(data)}"
    assert data["schema"] == "classroom50/result/v1"
    assert data["assignment_type"] in ("individual", "group") and data["submission"].startswith("submit/")
    for key in ("classroom", "assignment", "owner", "commit", "release", "review"):
        assert isinstance(data[key], str) and data[key]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", data["datetime"])
    for row in [data, *data["tests"]]:
        for key in ("score", "max-score"):
            assert type(row[key]) is int and row[key] >= 0, (key, row[key])  # bool and float refused
        assert row["score"] <= row["max-score"]
    for row in data["tests"]:
        assert isinstance(row["test-name"], str) and row["test-name"] and type(row["passed"]) is bool
    assert data["score"] == sum(t["score"] for t in data["tests"])
    assert data["max-score"] == sum(t["max-score"] for t in data["tests"])
    return data


def sample_grade(points: float = 3) -> Grade:
    passed = CheckResult("04_gradients_by_hand", "test_q", "q_function(a, b) computes Q", 1, CheckKind.PASSED, "")
    wrong = CheckResult("04_gradients_by_hand", "test_dq_da", "dq_da(a, b) is 9a^2", points, CheckKind.WRONG,
                        "dq_da(a, b) on a=[2, 3] is wrong.\n  expected: tensor([36., 81.])\n  got:      "
                        "tensor([12., 27.])\nMistake: this is 3a^2", mistakes=["04_gradients_by_hand/3a-2-derivative-3"])
    hung = CheckResult("09_no_grad_context", "test_block", "no_grad block", 2, CheckKind.TIMEOUT, "did not finish")
    return Grade("/home/runner/work/r/r/exercises", 42, [
        ExerciseResult("04_gradients_by_hand", "Gradients by hand", "power rule", Status.FAILED, [passed, wrong]),
        ExerciseResult("09_no_grad_context", "no_grad", "context manager", Status.TIMEOUT, [hung]),
    ], isolation={"landlock": "on: ABI 7", "seccomp": "off: not on this kernel"})


def test_a_grade_is_result_v1_with_integer_points_and_the_kit_s_rows():
    data = follows_result_v1(json.loads(classroom50.to_result(sample_grade(),
                                                              classroom50.Identity.from_environment(ENVIRONMENT))))
    assert (data["score"], data["max-score"]) == (1, 6)
    assert {k: data[k] for k in ("classroom", "assignment", "owner", "submission", "commit", "release", "review")} == {
        "classroom": "autograd-101", "assignment": "autograd", "owner": "alice", "submission": ENVIRONMENT["SUBMISSION_TAG"],
        "commit": ENVIRONMENT["COMMIT_URL"], "release": ENVIRONMENT["RELEASE_URL"], "review": ENVIRONMENT["REVIEW_URL"]}
    wrong = data["tests"][1]
    assert wrong["test-name"] == "04_gradients_by_hand · dq_da(a, b) is 9a^2"
    assert (wrong["passed"], wrong["score"], wrong["max-score"], wrong["status"]) == (False, 0, 3, "wrong")
    assert wrong["mistakes"] == ["04_gradients_by_hand/3a-2-derivative-3"] and "got:" in wrong["message"]


def test_identity_outside_classroom50_still_passes_the_schema():
    identity = classroom50.Identity.from_environment({"SUBMISSION_TAG": "v1"})
    data = follows_result_v1(json.loads(classroom50.to_result(sample_grade(), identity)))
    assert data["submission"] == "submit/v1" and data["owner"] == "unknown"


@pytest.mark.parametrize("points", [2.5, 0.1, -1])
def test_a_fractional_point_is_refused_not_rounded(points):
    with pytest.raises(classroom50.FractionalPoints, match="04_gradients_by_hand::test_dq_da"):
        classroom50.to_result(sample_grade(points), classroom50.Identity.from_environment(ENVIRONMENT))
    with pytest.raises(classroom50.FractionalPoints):
        classroom50.check_whole_points(sample_grade(points))


def test_could_not_grade_is_zero_out_of_zero_and_says_why():
    reason = "The grader failed: the kit's checks are missing"
    data = follows_result_v1(json.loads(classroom50.failure_result(
        classroom50.Identity.from_environment(ENVIRONMENT), reason)))
    assert (data["score"], data["max-score"], len(data["tests"])) == (0, 0, 1)
    assert data["tests"][0]["message"] == reason and data["tests"][0]["passed"] is False
    assert reason in classroom50.failure_body(reason)


def test_arguments_the_grader_cannot_use_still_leave_result_json_and_the_release_body(tmp_path):
    ran = run_grader("--format", "classroom50", "--output", str(tmp_path / "result.json"), "--release-body",
                     str(tmp_path / "release-body.md"), "--seed", "not-a-number", env=ENVIRONMENT)
    assert ran.returncode == 2
    data = follows_result_v1(json.loads((tmp_path / "result.json").read_text()))
    assert data["max-score"] == 0 and "not-a-number" in data["tests"][0]["message"]
    assert "not-a-number" in (tmp_path / "release-body.md").read_text()


def test_the_release_body_names_repository_paths_and_fits_a_release():
    grade = sample_grade()
    grade.exercises[0].checks[1].message += "\n  at /home/runner/work/r/r/exercises/04_gradients_by_hand.py:3"
    body = classroom50.release_body(grade, "/home/runner/work/r/r")
    assert "/home/runner" not in body and "exercises/04_gradients_by_hand.py:3" in body
    assert "seccomp (not on this kernel)" in body  # the missing sandbox layer is named, never silent
    huge = classroom50.fit("```text\n" + "x\n" * 100_000 + "```\n")
    assert len(huge) <= classroom50.RELEASE_BODY_LIMIT and huge.count("```") % 2 == 0 and "cut here" in huge


# --- feedback levels --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def mistaken_grade(tmp_path_factory) -> Grade:
    """A real grade of one wrong answer in every exercise that has a recorded mistake, at full feedback."""
    folder = tmp_path_factory.mktemp("learner") / "exercises"
    folder.mkdir()
    for variants in sorted(p for p in (KIT_ROOT / "tests" / "kit" / "mistakes").iterdir() if p.is_dir()):
        for first in sorted(variants.glob("*.py"))[:1]:
            shutil.copy(first, folder / f"{variants.name}.py")
    ran = run_grader("--target", str(folder), "--seed", "11", "--json", "-", "--timeout", "5", limit_s=900)
    assert ran.returncode == 0, ran.stderr
    return _grade_from_json(json.loads(ran.stdout))


def _grade_from_json(data: dict) -> Grade:
    exercises = []
    for e in data["exercises"]:
        checks = [CheckResult(c["exercise"], c["name"], c["description"], c["max_points"], CheckKind(c["kind"]),
                              c["message"], c["output"], c["mistakes"], c["function"], c["seconds"]) for c in e["checks"]]
        exercises.append(ExerciseResult(e["name"], e["title"], e["concept"], Status(e["status"]), checks))
    return Grade(data["target"], data["seed"], exercises, isolation=data["isolation"])


def _expected_values(grade: Grade) -> set[str]:
    """Every value the full messages show as expected, except those some check's code also gave, and words
    too short to search for as text (True, 3: they are in inputs and titles too; the "expected:" line that
    would carry them is checked on its own)."""
    expected, got = set(), set()
    for e in grade.exercises:
        for c in e.checks:
            expected |= set(re.findall(r"^  expected: (.+)$", c.message, re.M))
            got |= set(re.findall(r"^  got:      (.+)$", c.message, re.M))
    return {value for value in expected - got if len(value) >= 6}


def _every_output(grade: Grade, level: str) -> dict[str, str]:
    shown = feedback_levels.apply(grade, level)
    outputs = {fmt: leveled.render(grade, fmt, level) for fmt in ("json", "github", "junit", "markdown", "classroom50")}
    gradescope = json.loads(leveled.render(grade, "gradescope", level))
    outputs["gradescope (what learners see)"] = json.dumps(
        [gradescope["output"]] + [t for t in gradescope["tests"] if t["visibility"] != "hidden"])
    outputs["release-body.md"] = classroom50.release_body(shown)
    console = report.console(io.StringIO(), width=200, terminal=False)
    for exercise in shown.exercises:
        report.details(exercise, shown, console)
    outputs["terminal"] = console.file.getvalue()
    return outputs


def test_the_sample_has_expected_values_to_hide(mistaken_grade):
    assert len(_expected_values(mistaken_grade)) >= 5
    full = _every_output(mistaken_grade, "full")
    assert all(any(v in text for v in _expected_values(mistaken_grade)) for text in full.values())


@pytest.mark.parametrize("level", ["actual", "none"])
def test_no_expected_value_at_actual_or_none_in_any_output(mistaken_grade, level):
    hidden = _expected_values(mistaken_grade)
    # Words that are there without any message (a check's title saying "True", say) are not a leak
    silent = copy.deepcopy(mistaken_grade)
    for check in (c for e in silent.exercises for c in e.checks):
        check.message, check.output, check.mistakes = "", "", []
    baseline = _every_output(silent, "full")
    for name, text in _every_output(mistaken_grade, level).items():
        assert "expected:" not in text, name
        leaked = [v for v in hidden if v in text and v not in baseline[name]]
        assert leaked == [], f"{name} shows expected values at {level}: {leaked[:3]}"


def test_actual_shows_what_the_code_gave_and_the_mistake_s_name(mistaken_grade):
    shown = feedback_levels.apply(mistaken_grade, "actual")
    wrong = [c for e in shown.exercises for c in e.checks if c.kind is CheckKind.WRONG]
    original = {c.name: c for e in mistaken_grade.exercises for c in e.checks}
    gave = [c for c in wrong if "  got:      " in original[c.name].message]
    assert gave and all("  got:      " in c.message for c in gave)
    named = [c for c in wrong if c.mistakes]
    assert named and all(f"Mistake: {catalogue.by_id(c.mistakes[0]).explanation()}" in c.message for c in named)
    assert not any(c.mistakes[0].rpartition("/")[2] in c.message for c in named)  # a title, never the slug
    assert mistaken_grade.points == shown.points  # a level changes words, never points


def test_none_shows_the_check_and_its_status_only(mistaken_grade):
    shown = feedback_levels.apply(mistaken_grade, "none")
    failed = [c for e in shown.exercises for c in e.checks if not c.passed]
    assert failed and all(c.message == feedback_levels.status_words(c.kind) and not c.output for c in failed)


def test_gradescope_keeps_the_full_explanation_for_instructors_in_hidden_tests(mistaken_grade):
    data = json.loads(leveled.render(mistaken_grade, "gradescope", "actual"))
    hidden = [t for t in data["tests"] if t["visibility"] == "hidden"]
    failed = [c for e in mistaken_grade.exercises for c in e.checks if not c.passed]
    assert len(hidden) == len(failed) and all(t["max_score"] == 0 for t in hidden)
    assert any("expected:" in t["output"] for t in hidden)
    assert data["score"] == mistaken_grade.points


def test_the_cli_applies_the_level_to_the_terminal_and_every_file(tmp_path):
    folder = tmp_path / "exercises"
    folder.mkdir()
    shutil.copy(LEARNERS / "mistakes.py", folder / "04_gradients_by_hand.py")
    ran = run_grader("04", "--target", str(folder), "--seed", "7", "--feedback", "actual", "--format", "classroom50",
                     "--output", str(tmp_path / "result.json"), "--release-body", str(tmp_path / "body.md"),
                     env=ENVIRONMENT)
    assert ran.returncode == 0, ran.stderr
    data = follows_result_v1(json.loads((tmp_path / "result.json").read_text()))
    for text in (ran.stdout, json.dumps(data), (tmp_path / "body.md").read_text()):
        assert "got:      tensor([12., 27.])" in text and "36., 81." not in text and "expected" not in text


# --- the whole run's budget -------------------------------------------------------------------------------

def test_checks_after_the_budget_are_not_run_and_are_marked(tmp_path):
    (tmp_path / "test_three.py").write_text("def test_a(): pass\ndef test_b(): pass\ndef test_c(): pass\n")
    readings = iter([0.0, 1.0, 5.0, 50.0, 60.0])  # start, then one reading before each check
    deadline = Deadline(10.0, clock=lambda: next(readings))
    assert pytest.main([str(tmp_path), "-q", "-p", "no:cacheprovider", "-p", "no:randomly"],
                       plugins=[deadline]) == 0
    assert [n.rpartition("::")[2] for n in deadline.not_reached] == ["test_c"]
    results = {n: CheckResult("01", n, "d", 1) for n in deadline.not_reached}
    deadline.mark(results)
    (check,) = results.values()
    assert check.kind is CheckKind.NOT_REACHED and "10 s" in check.message and check.points == 0


def test_a_grade_past_its_budget_still_ends_with_every_check_marked(tmp_path):
    folder = tmp_path / "exercises"
    folder.mkdir()
    shutil.copy(LEARNERS / "hang_at_import.py", folder / "04_gradients_by_hand.py")
    started = time.monotonic()
    ran = run_grader("04", "--target", str(folder), "--total-timeout", "1", "--json", "-")
    assert ran.returncode == 0, ran.stderr
    checks = json.loads(ran.stdout)["exercises"][0]["checks"]
    assert {c["kind"] for c in checks} == {"not_reached"} and json.loads(ran.stdout)["exercises"][0]["status"] == "timeout"
    assert time.monotonic() - started > 0  # (no claim on how long: only that it ended, with a result)


# --- the package ------------------------------------------------------------------------------------------

def test_the_package_holds_autograder_py_and_the_kit_but_no_solutions(tmp_path):
    built = run_grader("classroom50-package", "--out", str(tmp_path), "--slug", "autograd", "--feedback", "none")
    assert built.returncode == 0, built.stderr
    assert '"python": "3.11"' in built.stdout and "Classroom-default variant" in built.stdout
    archive = tmp_path / "autograd.tar.gz"
    assert archive.stat().st_size < 10 * 1024 * 1024
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "autograd/autograder.py" in names and "autograd/grader.py" in names
    assert "autograd/autograd_kit/grading/grade.py" in names and "autograd/tests/checks" in names
    assert not any("/solutions" in n or "__pycache__" in n for n in names)
    settings = json.loads((tmp_path / "autograd" / "classroom50.json").read_text())
    assert settings["feedback"] == "none" and len(settings["course_key"]) == 64
    script = (tmp_path / "autograd" / "autograder.py").read_text()
    assert "@" + "TORCH@" not in script and "torch==2.14.1" in script and "download.pytorch.org/whl/cpu" in script
    assert "sudo" in script and "classroom50-run" in script
    assert run_grader("classroom50-package", "--out", str(tmp_path), "--slug", "../x").returncode == 2


def _autograder(tmp_path, monkeypatch):
    """The packaged autograder.py, imported as a module (its main() is not run)."""
    import importlib.util

    assert run_grader("classroom50-package", "--out", str(tmp_path), "--slug", "a").returncode == 0
    spec = importlib.util.spec_from_file_location("packaged_autograder", tmp_path / "a" / "autograder.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setenv(module.STARTED_AT, "1000.0")
    monkeypatch.setenv("OWNER", "alice")
    return module


def _stub_sudo(folder, works: bool):
    folder.mkdir()
    log = folder / "calls"
    (folder / "sudo").write_text(f"#!/bin/sh\nprintf '%s\\n' \"$*\" >> {log}\n"
                                 + ("exit 0\n" if works else "echo 'a password is required' >&2; exit 1\n"))
    (folder / "sudo").chmod(0o755)
    return log


def test_autograder_reruns_itself_as_root_with_the_runner_s_variables(tmp_path, monkeypatch):
    module = _autograder(tmp_path, monkeypatch)
    log = _stub_sudo(tmp_path / "bin", works=True)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:/usr/bin:/bin")
    monkeypatch.setattr(module.os, "geteuid", lambda: 1001)
    assert module.rerun_as_root() == 0
    first, rerun = log.read_text().splitlines()
    assert first == "-n true"
    assert rerun.startswith("-n -- env ") and "OWNER=alice" in rerun and f"{module.STARTED_AT}=1000.0+sudo" in rerun
    monkeypatch.setenv(module.STARTED_AT, "1000.0+sudo")  # the rerun itself does not rerun again
    assert module.rerun_as_root() is None


def test_autograder_without_sudo_goes_on_and_says_so(tmp_path, monkeypatch, capsys):
    module = _autograder(tmp_path, monkeypatch)
    log = _stub_sudo(tmp_path / "bin", works=False)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:/usr/bin:/bin")
    monkeypatch.setattr(module.os, "geteuid", lambda: 1001)
    assert module.rerun_as_root() is None
    assert log.read_text().splitlines() == ["-n true"] and "no passwordless sudo" in capsys.readouterr().out


def test_autograder_installs_only_what_is_missing(tmp_path, monkeypatch):
    module = _autograder(tmp_path, monkeypatch)
    assert module.missing() == ([], [])  # this environment has the pinned torch and the rest
    versions = {"torch": "2.13.0+cpu", "torchvision": "0.29.1+cpu", "pytest": "8.0", "pytest-timeout": "2.3",
                "rich": "13.0"}

    def version(name):
        if name not in versions:
            raise module.importlib.metadata.PackageNotFoundError(name)
        return versions[name]

    monkeypatch.setattr(module.importlib.metadata, "version", version)
    assert module.missing() == (["torch==2.14.1"], ["pyseccomp>=0.1.2"])
    calls = []
    monkeypatch.setattr(module.subprocess, "run", lambda command, check: calls.append(command) or
                        type("Done", (), {"returncode": 0 if len(calls) == 1 else 1})())
    problem = module.install(["torch==2.14.1"], ["pyseccomp>=0.1.2"])
    assert "--index-url" in calls[0] and "https://download.pytorch.org/whl/cpu" in calls[0]
    assert "pyseccomp>=0.1.2" in calls[1] and "torch==2.14.1" in calls[1]  # the pins again: pip keeps that torch
    assert problem.startswith("pip install failed (exit code 1)")


def test_classroom50_run_with_a_broken_bundle_exits_non_zero_and_says_why(tmp_path):
    (tmp_path / "classroom50.json").write_text("{not json")
    ran = run_grader("classroom50-run", "--bundle", str(tmp_path), "--total-timeout", "60", cwd=KIT_ROOT)
    assert ran.returncode == 3 and "classroom50.json cannot be read" in ran.stdout
