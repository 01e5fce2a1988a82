#!/usr/bin/env python3
"""autograd-kit's autograder for one Classroom50 assignment (written by `grader.py classroom50-package`).

Classroom50's runner runs this with `python`, in the student's checkout, with CLASSROOM, ASSIGNMENT, OWNER,
SUBMISSION_TAG and the links in the environment, inside a 15-minute job. It

1. becomes root with `sudo -n` where that works (GitHub's hosted runners): the sandbox's kernel layers need
   it; elsewhere it grades with the layers it can have, and the Release names the missing ones;
2. installs only what is missing: the CPU torch and torchvision the kit is tested with, pytest, rich;
3. grades the checkout (`grader.py classroom50-run`) within what is left of the job's 15 minutes, and
   writes ./result.json (classroom50/result/v1) and ./release-body.md.

It exits 0 for any grade, and non-zero only when the kit cannot grade, after printing why: runner.py then
records the submission as an error (0/0) and the workflow's log holds the reason.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

BUNDLE = Path(__file__).resolve().parent
JOB_SECONDS = int("@JOB_SECONDS@")  # the autograde job's limit
BEFORE_US_SECONDS = int("@BEFORE_US_SECONDS@")  # checkout, setup-python and the fetches, before this script starts
FINISHING_SECONDS = 150  # a check running when the budget ends still ends within its limits; then the files
CPU_INDEX = "@CPU_INDEX@"
TORCH_PINS = {"torch": "@TORCH@", "torchvision": "@TORCHVISION@"}
OTHERS = {"pytest": "pytest>=8", "pytest-timeout": "pytest-timeout>=2.2", "rich": "rich>=13",
          "pyseccomp": "pyseccomp>=0.1.2"}
STARTED_AT = "AUTOGRAD_KIT_STARTED_AT"  # when the first of (this script, its sudo rerun) started
PASSED_ON = ("CLASSROOM", "ASSIGNMENT", "ASSIGNMENT_TYPE", "SUBMISSION_TAG", "OWNER", "USERNAME", "COMMIT_URL",
             "RELEASE_URL", "REVIEW_URL", "CLASSROOM50_BUNDLE_DIR", "RUNNER_TEMP", "LANG", "LC_ALL", "PATH")


def say(text: str) -> None:
    print(f"autograd-kit: {text}", flush=True)


def cannot_grade(reason: str) -> int:
    print(f"::error::autograd-kit could not grade this submission: {reason}", flush=True)
    return 3


def rerun_as_root() -> int | None:
    """The exit code of this script rerun with `sudo -n`, or None to go on as this user."""
    if os.geteuid() == 0 or os.environ.get(STARTED_AT, "").endswith("+sudo"):
        return None
    sudo = shutil.which("sudo")
    if sudo is None or subprocess.run([sudo, "-n", "true"], capture_output=True).returncode != 0:
        say("not root, and no passwordless sudo: grading with the sandbox layers this user can have "
            "(the Release names the missing ones)")
        return None
    say("rerunning as root (sudo -n): the sandbox's kernel layers need it")
    variables = [f"{name}={os.environ[name]}" for name in PASSED_ON if name in os.environ]
    variables.append(f"{STARTED_AT}={os.environ[STARTED_AT]}+sudo")
    return subprocess.run([sudo, "-n", "--", "env", *variables, sys.executable, str(Path(__file__).resolve())],
                          check=False).returncode


def missing() -> tuple[list[str], list[str]]:
    """The torch pins and the other requirements this Python lacks."""
    def version(name: str) -> str:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return ""

    torch = [pin for name, pin in TORCH_PINS.items() if version(name).split("+")[0] != pin.split("==")[1]]
    others = [requirement for name, requirement in OTHERS.items() if not version(name)]
    return torch, others


def install(torch: list[str], others: list[str]) -> str:
    """Install what is missing; '' when it worked, else why not."""
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    steps = []
    if torch:
        steps.append(pip + ["--index-url", CPU_INDEX, *TORCH_PINS.values()])
    if others:
        steps.append(pip + [*others, *TORCH_PINS.values()] if torch else pip + others)
    for step in steps:
        say("installing: " + " ".join(step[len(pip):]))
        done = subprocess.run(step, check=False)
        if done.returncode != 0:
            return f"pip install failed (exit code {done.returncode}): {' '.join(step[len(pip):])}"
    return ""


def main() -> int:
    os.environ.setdefault(STARTED_AT, str(time.time()))
    started = float(os.environ[STARTED_AT].removesuffix("+sudo"))
    rerun = rerun_as_root()
    if rerun is not None:
        return rerun
    if sys.version_info < (3, 11):
        return cannot_grade(f"Python {sys.version.split()[0]} is too old: the kit needs 3.11 or newer. Pin "
                            "\"python\": \"3.11\" in the assignment's runtime (gh teacher assignment add --runtime).")
    torch, others = missing()
    problem = install(torch, others) if torch or others else ""
    if problem:
        return cannot_grade(problem)
    left = JOB_SECONDS - BEFORE_US_SECONDS - FINISHING_SECONDS - (time.time() - started)
    say(f"grading, with {left:.0f} s for the checks")
    command = [sys.executable, str(BUNDLE / "grader.py"), "classroom50-run", "--bundle", str(BUNDLE),
               "--total-timeout", f"{max(left, 60):.0f}"]
    code = subprocess.run(command, check=False).returncode
    if code != 0:
        return cannot_grade(f"the grader exited with {code}; its reason is printed above")
    if not Path("result.json").is_file():
        return cannot_grade("the grader wrote no result.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
