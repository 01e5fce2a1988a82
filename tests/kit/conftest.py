"""Helpers for the kit's own tests: run the real grader on small learner folders."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

KIT_ROOT = Path(__file__).resolve().parents[2]
LEARNERS = Path(__file__).with_name("learners")
SOLUTIONS = KIT_ROOT / "solutions"
# The kit's messages follow the locale; tests read the English ones unless they ask otherwise.
ENGLISH = {"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}


def run_grader(*args: str, cwd: Path = KIT_ROOT, env: dict | None = None,
               limit_s: float = 300) -> subprocess.CompletedProcess:
    """`python grader.py ARGS` as a learner would run it (limit_s only stops a runaway run)."""
    return subprocess.run([sys.executable, "grader.py", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=limit_s, env={**os.environ, **ENGLISH, "COLUMNS": "200", **(env or {})})


# The modules that take longest, longest first. The suite runs on two workers (pytest-xdist, one module per
# worker at a time, so a module's shared grade is made once): starting the long ones first lets both
# workers finish together instead of one waiting for the other's last long module.
SLOWEST_FIRST = ["test_catalogue", "test_worker_reuse", "test_class_report", "test_isolation", "test_notebooks",
                 "test_cheats", "test_judge_bounds", "test_sandbox_layers", "test_cgroups", "test_container",
                 "test_class_examples", "test_grading", "test_gradescope_package", "test_sandbox_attacks",
                 "test_seed_sweep", "test_learner_commands", "test_under_load", "test_editor_files",
                 "test_batch_adversarial", "test_layer_policy", "test_learner_loop", "test_mistakes", "test_cli",
                 "test_seccomp_allowlist", "test_i18n", "test_legacy_consoles", "test_formats", "test_platforms_simulated",
                 "test_untrusted_output", "test_classroom"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: index for index, name in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(getattr(item.module, "__name__", ""), len(rank)))  # stable: in-module order kept


RESULT_SCHEMA = json.loads((KIT_ROOT / "autograd_kit" / "grading" / "schemas" / "result.schema.json").read_text())


def valid_result(data: dict) -> dict:
    """DATA, once it is proven to follow the published result schema (every JSON grade the suite reads)."""
    jsonschema.validate(data, RESULT_SCHEMA, cls=jsonschema.Draft202012Validator,
                        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return data


def grade_json(target: Path, *args: str, cwd: Path = KIT_ROOT, env: dict | None = None,
               limit_s: float | None = None) -> dict:
    """An isolated grade of TARGET (`grader.py --target TARGET --json -`), stopped only past LIMIT_S (default: what
    one grade may take on a loaded machine, grading_limit_s(1))."""
    result = run_grader(*args, "--target", str(target), "--json", "-", cwd=cwd, env=env,
                        limit_s=grading_limit_s(1) if limit_s is None else limit_s)
    assert result.returncode == 0, result.stdout + result.stderr
    return valid_result(json.loads(result.stdout))


# --- limits that grow with the work -------------------------------------------------------------------------

# What one whole-course grade may take on a 2-core machine at load 30 (a quiet one needs about 10 s), and what a
# module's shared grade gets on top of its grades: a fixture that grades N folders is stopped after
# grading_limit_s(N), never at pytest-timeout's flat 300 s (see docs/authoring.md, "Limits that scale with the work").
SECONDS_PER_GRADE = 120
SECONDS_BESIDE = 300


def grading_limit_s(grades: int) -> float:
    """The time a test (with its fixtures' setup) may take to make GRADES whole-course grades, under load."""
    return SECONDS_BESIDE + SECONDS_PER_GRADE * grades


def without_timings(data: dict) -> dict:
    """A result with its clock readings left out (when, how long each check took, the judge's CPU): what must not differ
    between two grades of the same work with the same seed."""
    data = {k: v for k, v in data.items() if k not in ("seconds", "timestamp", "judge_cpu_s")}
    if "exercises" in data:
        data["exercises"] = [{**e, "checks": [{k: v for k, v in c.items() if k != "seconds"} for c in e["checks"]]}
                             for e in data["exercises"]]
    return data


def exercise(grade: dict, name: str) -> dict:
    return next(e for e in grade["exercises"] if e["name"].startswith(name))


def checks(grade: dict, name: str) -> dict[str, dict]:
    return {c["name"]: c for c in exercise(grade, name)["checks"]}


@pytest.fixture
def target(tmp_path: Path):
    """Build a learner folder: target({"04_gradients_by_hand": "mistakes.py"})."""

    def build(files: dict[str, str]) -> Path:
        folder = tmp_path / "exercises"
        folder.mkdir(exist_ok=True)
        for slot, source in files.items():
            origin = SOLUTIONS / f"{slot}.py" if source == "solution" else LEARNERS / source
            shutil.copy(origin, folder / f"{slot}.py")
        return folder

    return build
