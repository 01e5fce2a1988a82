"""Untrusted work is refused only where a missing kernel layer leaves a known hole open for that scope.

The policy (sandbox/kernel/policy.py) comes from bench/layer_matrix.py's table: every attack of
tests/kit/attacks graded with one layer left out at a time. One submission alone in a fresh container
(Gradescope) may go without namespaces; a machine that grades a class, or holds the instructor's files,
may not; nowhere may untrusted work go without Landlock, seccomp or a user of its own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ENGLISH, KIT_ROOT, SOLUTIONS, run_grader
from test_gradescope_package import submit, unpack

from autograd_kit.sandbox.kernel.confinement import LAYERS
from autograd_kit.sandbox.kernel.policy import Scope, annotate, decide

AS_USER = Path(__file__).with_name("as_user.py")
MATRIX = KIT_ROOT / "bench" / "layer_matrix.py"
WHOLE = {"cgroup": "on: v1", "namespaces": "on: pid, network, mount, ipc, uts", "user": "on: a user of its own",
         "limits": "on: memory, file size, processes", "descriptors": "on: all closed but the worker's own",
         "landlock": "on: ABI 7, no TCP, signals and abstract sockets scoped", "seccomp": "on: allowlist (52 calls)"}
NO_NAMESPACES = {**WHOLE, "cgroup": "off: /sys/fs/cgroup is read-only",
                 "namespaces": "off: unshare: Operation not permitted"}


def test_every_layer_on_runs_anywhere():
    assert set(WHOLE) == set(LAYERS)
    for scope in Scope:
        assert not decide(WHOLE, scope).refused
        assert annotate(WHOLE, scope) == WHOLE


def test_a_missing_cgroup_refuses_nothing():
    report = {**WHOLE, "cgroup": "off: no delegation"}
    for scope in Scope:
        verdict = decide(report, scope)
        assert not verdict.refused and verdict.accepted[0].startswith("cgroup (no delegation): memory is bounded")


def test_without_namespaces_one_submission_alone_is_graded_and_told_what_is_not_enforced():
    verdict = decide(NO_NAMESPACES, Scope.ALONE)
    assert not verdict.refused
    text = verdict.explanation()
    assert "one submission alone in a container" in text and "namespaces (unshare: Operation not permitted)" in text
    assert "not bounded in total" in text and "Landlock, seccomp and a user of its own still keep" in text
    shown = annotate(NO_NAMESPACES, Scope.ALONE)["namespaces"]
    assert shown.startswith("off: unshare: Operation not permitted; accepted for one submission alone")


def test_without_namespaces_a_shared_machine_is_refused_with_the_hole_named():
    verdict = decide(NO_NAMESPACES, Scope.SHARED)
    assert verdict.refused
    assert verdict.refusing == ("namespaces (unshare: Operation not permitted): on a shared machine the worker's "
                                "scratch folder is the machine's disk, unbounded in total, and nothing ends what it "
                                "leaves behind with it",)
    assert "Missing, and needed here" in verdict.explanation() and "Missing, and accepted here" in verdict.explanation()
    assert annotate(NO_NAMESPACES, Scope.SHARED) == NO_NAMESPACES  # refused: nothing to call accepted


@pytest.mark.parametrize("landlock", ["on: ABI 5", "on: ABI 5, no TCP", "off: not supported by this kernel"])
def test_without_namespaces_landlock_must_scope_signals_and_refuse_tcp(landlock):
    verdict = decide({**NO_NAMESPACES, "landlock": landlock}, Scope.ALONE)
    assert verdict.refused
    assert any(line.startswith("namespaces (") and "cannot scope signals" in line for line in verdict.refusing)


def test_without_namespaces_a_worker_that_stays_root_is_refused():
    report = {**NO_NAMESPACES, "user": "off: stayed root: Python (/root/.pyenv) is not readable by an unprivileged user"}
    verdict = decide(report, Scope.ALONE)
    assert verdict.refused
    assert any(line.startswith("user (stayed root") and "the worker stays root" in line for line in verdict.refusing)
    assert any(line.startswith("namespaces (") and "the worker stays root" in line for line in verdict.refusing)
    assert decide(report, Scope.SHARED).refusing[-1].startswith("user (stayed root")


def test_an_ordinary_user_without_user_namespaces_is_graded_alone_but_not_shared():
    """Ubuntu 23.10+'s AppArmor: no user namespace, so no namespaces, and the worker keeps the grader's user."""
    report = {**NO_NAMESPACES, "cgroup": "off: no delegation", "user": "off: the grader's own user (not root, so there "
                                                                        "is none other to become)"}
    alone = decide(report, Scope.ALONE)
    assert not alone.refused
    assert any(line.startswith("user (the grader's own user") and "Landlock keeps it off the grader's files" in line
               for line in alone.accepted)
    shared = decide(report, Scope.SHARED)
    assert [line.split(" (")[0] for line in shared.refusing] == ["namespaces", "user"]
    assert decide({**report, "seccomp": "off: left out"}, Scope.ALONE).refusing[0].startswith("user (the grader's own "
                                                                                              "user")


@pytest.mark.parametrize("layer", ["landlock", "seccomp", "user", "limits", "descriptors"])
def test_the_other_layers_are_needed_everywhere(layer):
    report = {**WHOLE, layer: "off: left out (AUTOGRAD_KIT_WITHOUT_LAYERS)"}
    for scope in Scope:
        verdict = decide(report, scope)
        assert verdict.refused and verdict.refusing[0].startswith(f"{layer} (left out"), verdict


def test_an_unknown_layer_state_is_refused():
    report = {k: v for k, v in WHOLE.items() if k != "seccomp"}
    assert decide(report, Scope.ALONE).refusing == ("seccomp (unknown): new processes, sockets (the machine's UNIX "
                                                    "sockets included), socketpairs and memfds are allowed",)


# --- the real grader, as root in a container would run it: Python readable by any user, namespaces refused ---

root_only = pytest.mark.skipif(os.geteuid() != 0, reason="a root grader (a container's) is what goes without namespaces")


def _as_container_root(command: list[str], env: dict[str, str], cwd: Path = KIT_ROOT) -> subprocess.CompletedProcess:
    """COMMAND as root with Python shown to every user (as_user.py --stay-root): as in an image with Python under
    /usr, so a worker without namespaces can still become a user of its own."""
    return subprocess.run([sys.executable, str(AS_USER), "54321", "--stay-root", "--", *command], cwd=cwd,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, **ENGLISH, "COLUMNS": "200", **env})


@root_only
def test_gradescope_grades_honest_work_without_namespaces_and_says_so(tmp_path):
    package = tmp_path / "autograder.zip"
    assert run_grader("gradescope-package", "--output", str(package), limit_s=120).returncode == 0
    root = unpack(package, tmp_path / "autograder")
    submit(root, {"04_gradients_by_hand.py": (SOLUTIONS / "04_gradients_by_hand.py").read_bytes()})
    ran = _as_container_root([str(root / "source" / "run_autograder")],
                             {"AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable,
                              "AUTOGRAD_KIT_WITHOUT_LAYERS": "namespaces,cgroup"})
    assert ran.returncode == 0, ran.stdout + ran.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == 10.0, results["output"]  # 04 solved: all its points
    assert "namespaces (left out (AUTOGRAD_KIT_WITHOUT_LAYERS); accepted for one submission alone" in results["output"]
    assert "user (a user of its own" in results["output"] and "will not run" not in results["output"]


@root_only
def test_a_submission_on_a_shared_machine_without_namespaces_is_refused_and_told_why(tmp_path):
    submission = tmp_path / "ana"
    submission.mkdir()
    shutil.copy(SOLUTIONS / "04_gradients_by_hand.py", submission)
    ran = _as_container_root([sys.executable, "grader.py", "04", "--submission", str(submission), "--format", "json"],
                             {"AUTOGRAD_KIT_WITHOUT_LAYERS": "namespaces"})
    assert ran.returncode == 3, ran.stdout + ran.stderr
    assert "will not run untrusted code" in ran.stdout
    assert "Missing, and needed here:\n  - namespaces (left out (AUTOGRAD_KIT_WITHOUT_LAYERS)): on a shared machine" \
           in ran.stdout
    assert "--accept-weak-sandbox" in ran.stdout


@root_only
@pytest.mark.timeout(3700)
def test_the_attacks_hold_without_namespaces_as_the_policy_assumes(tmp_path):
    """The evidence behind tolerating namespaces alone: with them left out, every attack of test_sandbox_attacks.py
    still earns exactly its honest points and leaves nothing behind (one column of bench/layer_matrix.py)."""
    record = tmp_path / "matrix.json"
    ran = subprocess.run([sys.executable, str(MATRIX), "--without", "namespaces,cgroup", "--modes", "root",
                          "--json", str(record)], cwd=KIT_ROOT, capture_output=True, text=True, timeout=3650,
                         env={**os.environ, **ENGLISH})
    assert ran.returncode == 0, ran.stdout + ran.stderr
    [run] = json.loads(record.read_text())
    assert run["finished"] and run["honest_kept"], ran.stdout
    assert {name: o["escaped"] for name, o in run["outcomes"].items() if not o["held"]} == {}
    assert run["layers"]["namespaces"].startswith("off: left out") and run["layers"]["user"].startswith("on")
