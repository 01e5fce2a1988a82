"""GitHub Classroom, end to end: the example workflow is linted with actionlint, its grading step is replayed
with bash as a runner would run it, and its output goes through the real autograding reporter (node), whose
recorded total must be the kit's score."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import ENGLISH, KIT_ROOT, LEARNERS, SOLUTIONS
from github_expressions import expand

from autograd_kit.classroom.gradescope import TORCH, TORCHVISION
from autograd_kit.exercises import stubs
from autograd_kit.grading.seeds import parse_course_secret, student_seed

WORKFLOW = KIT_ROOT / "examples" / "github-classroom.yml"
TOOLS = KIT_ROOT / "tests" / "tools"
REPORTER = TOOLS / "classroom-reporter" / "main.js"
MAX_SCORE = 128
COURSE_SECRET = "3b8e0f6a91d24c7e5a0b9f13d6e84c2a" "7f05e1b93c6d28a4e0f7b15c9d3a6e81"  # secrets.token_hex(32)


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def steps() -> list[dict]:
    return workflow()["jobs"]["run-autograding-tests"]["steps"]


def step(name: str) -> dict:
    return next(s for s in steps() if s.get("name") == name)


def lint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["node", str(TOOLS / "actionlint.cjs"), str(path)], capture_output=True, text=True,
                          timeout=120)


def test_actionlint_finds_nothing_in_the_workflow_and_does_find_a_broken_one(tmp_path):
    clean = lint(WORKFLOW)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("steps.autogradkit.outputs.result",
                                                   "steps.autogradkit.output.result"))
    found = lint(broken)
    assert found.returncode == 1 and "output" in found.stdout


def test_the_workflow_says_plainly_that_it_gives_no_classroom_score():
    header = WORKFLOW.read_text().split("\nname:", 1)[0]
    assert "IT GIVES NO CLASSROOM SCORE" in header and "closed on 2026-08-28" in header
    assert "classroom50-package" in header


def test_the_workflow_has_what_classroom_and_a_student_repository_need():
    flow = workflow()
    triggers = flow[True] if True in flow else flow["on"]  # YAML 1.1 reads a bare `on` as true
    assert {"push", "repository_dispatch"} <= set(triggers)
    assert flow["name"] == "Autograding Tests" and list(flow["jobs"]) == ["run-autograding-tests"]
    assert [s.get("name") for s in steps()][0] == "Checkout code" and steps()[-1]["name"] == "Autograding Reporter"
    # A public kit needs no token; a private one uses KIT_TOKEN.
    assert step("Checkout the kit")["with"]["token"] == "${{ secrets.KIT_TOKEN || github.token }}"
    # Each student's repository, not the classroom's organisation, decides the seed.
    assert step("autograd-kit")["env"]["STUDENT"] == "${{ github.repository }}"
    assert step("Autograding Reporter")["if"] == "always()"
    assert step("Set up Python")["with"]["cache"] == "pip"
    # The versions the kit is tested with, the same pins as the Gradescope package's
    assert f"{TORCH} {TORCHVISION}" in step("Install the kit")["run"]


@dataclass
class Run:
    status: int
    result: dict
    summary: str
    reporter: subprocess.CompletedProcess

    @property
    def recorded(self) -> dict:
        """What the reporter hands Classroom: its 'Autograding report' notice."""
        found = re.search(r"::notice title=Autograding report::(\{.*\})", self.reporter.stdout)
        assert found, self.reporter.stdout + self.reporter.stderr
        return json.loads(found.group(1))


def replay(tmp_path: Path, submission: Path, secrets: dict[str, str], repository: str = "classroom/lab-alice") -> Run:
    """The grading step run by bash as GitHub's runner runs it, then the reporter step with node."""
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    shutil.copytree(submission, workspace / "submission")
    (workspace / "kit").symlink_to(KIT_ROOT)
    grade = step("autograd-kit")
    context = {"secrets": secrets, "github": {"repository": repository, "token": "ghs_x"}}
    env = {name: expand(value, context) for name, value in grade["env"].items()}
    outputs, summary = tmp_path / "github_output", tmp_path / "step_summary"
    outputs.touch()
    summary.touch()
    script = tmp_path / "grade.sh"
    script.write_text(grade["run"])
    path = f"{Path(os.sys.executable).parent}:{os.environ['PATH']}"
    ran = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=workspace,
                         env={**os.environ, **ENGLISH, **env, "PATH": path, "GITHUB_OUTPUT": str(outputs),
                              "GITHUB_STEP_SUMMARY": str(summary)},
                         capture_output=True, text=True, timeout=600)
    written = dict(line.split("=", 1) for line in outputs.read_text().splitlines() if "=" in line)
    context["steps"] = {"autogradkit": {"outputs": written}}
    report = step("Autograding Reporter")
    reporter_env = {name: expand(value, context) for name, value in report["env"].items()}
    reporter = subprocess.run(["node", str(REPORTER)], capture_output=True, text=True, timeout=120,
                              env={"PATH": os.environ["PATH"], **reporter_env,
                                   "INPUT_RUNNERS": report["with"]["runners"]})
    result = json.loads(base64.b64decode(written["result"]))
    return Run(ran.returncode, result, summary.read_text(), reporter)


def test_solutions_are_recorded_with_every_point(tmp_path):
    run = replay(tmp_path, SOLUTIONS, {"COURSE_SECRET": COURSE_SECRET})
    assert run.status == 0, run.summary
    assert run.recorded == {"totalPoints": MAX_SCORE, "maxPoints": MAX_SCORE}
    assert f"## autograd-kit: {MAX_SCORE}/{MAX_SCORE} points" in run.summary
    # The seed is the student's own: their repository's and the course's
    assert f"Seed {student_seed('classroom/lab-alice', parse_course_secret(COURSE_SECRET))}." in run.summary
    assert COURSE_SECRET not in run.summary + json.dumps(run.result)


def test_stubs_are_recorded_with_none(tmp_path):
    stubs.generate(SOLUTIONS, tmp_path / "stubs")
    run = replay(tmp_path, tmp_path / "stubs", {"COURSE_SECRET": COURSE_SECRET})
    assert run.recorded == {"totalPoints": 0, "maxPoints": MAX_SCORE}
    assert "not started" in run.summary and f"## autograd-kit: 0/{MAX_SCORE} points" in run.summary


def test_a_partial_submission_is_recorded_with_its_points_and_the_student_reads_why(tmp_path):
    submission = tmp_path / "repo" / "exercises"  # the template repository's layout
    submission.mkdir(parents=True)
    (submission / "04_gradients_by_hand.py").write_text((LEARNERS / "mistakes.py").read_text())
    shutil.copy(SOLUTIONS / "05_vector_backward.py", submission)
    run = replay(tmp_path, tmp_path / "repo", {})  # no COURSE_SECRET: new inputs each run, graded all the same
    kit_score = sum(test["score"] for test in run.result["tests"])
    assert kit_score == 7 and run.recorded == {"totalPoints": kit_score, "maxPoints": MAX_SCORE}
    # The reporter prints a failing test's name and then its test_code: the kit's explanation is there.
    log = run.reporter.stdout
    assert "dq_da(a, b) follows the power rule" in log and "Mistake: this is 3a^2" in log and "expected: tensor([36., 81.])" in log
    # ...and the step summary has the whole report, with the file where the student has it
    assert "### 04_gradients_by_hand" in run.summary and "Mistake: this is 3a^2" in run.summary
    # Its console total counts passed tests, not points: what the README warns instructors about
    console = re.search(rf"Total points for autogradkit: ([0-9.]+)/{MAX_SCORE}", log)
    assert console and console.group(1) == "6.30"  # 3 of 61 checks passed: 3 / 61 * 128


def test_a_grader_that_cannot_grade_still_reports_zero_and_why(tmp_path):
    (tmp_path / "empty").mkdir()
    run = replay(tmp_path, tmp_path / "empty", {"COURSE_SECRET": "31415926"})  # a typed number, not a secret
    assert run.status == 2
    assert run.result["status"] == "error" and run.result["max_score"] == MAX_SCORE
    assert run.recorded == {"totalPoints": 0, "maxPoints": MAX_SCORE}
    assert "fewer than the 128" in run.reporter.stdout and "token_hex(32)" in run.reporter.stdout
    assert "31415926" not in run.reporter.stdout + run.summary  # the refusal never repeats the secret
    assert "could not grade" in run.summary


@pytest.mark.parametrize("value, expected", [
    ("${{ secrets.KIT_TOKEN || github.token }}", "ghs_x"),
    ("${{ github.repository }}", "classroom/lab-alice"),
    ("${{ secrets.COURSE_SECRET }}", ""),
    ("shard ${{ matrix.shard }}", "shard 0"),  # a lone 0 is shown; only `||` treats it as false
    ("${{ matrix.shard || github.token }}", "ghs_x"),
])
def test_expressions_are_expanded_as_github_does(value, expected):
    context = {"secrets": {}, "github": {"repository": "classroom/lab-alice", "token": "ghs_x"}, "matrix": {"shard": 0}}
    assert expand(value, context) == expected
