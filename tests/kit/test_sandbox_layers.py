"""The kernel's layers: reported with every grade, required for untrusted work, honest when missing.

See confinement.py. AUTOGRAD_KIT_WITHOUT_LAYERS leaves layers out, to see what a machine without
them does; a submission cannot set the grader's environment.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import KIT_ROOT, SOLUTIONS, grade_json, run_grader, valid_result

from autograd_kit.checks import probes
from autograd_kit.report import files
from autograd_kit.sandbox import wire
from autograd_kit.sandbox.calls import CallKind
from autograd_kit.sandbox.isolation import Limits
from autograd_kit.sandbox.judge import ExerciseSandbox
from autograd_kit.sandbox.kernel.confinement import LAYERS, ROOT_UID_BASE, WITHOUT
from autograd_kit.sandbox.kernel.policy import Scope

SECRET = "course-secret-93172"
SOLVED_04 = 10  # exercise 04's points, all earned by the solution


@pytest.fixture
def submission(tmp_path):
    folder = tmp_path / "ana"
    folder.mkdir()
    shutil.copy(SOLUTIONS / "04_gradients_by_hand.py", folder)
    return folder


def test_every_format_says_which_layers_were_on(submission):
    grade = valid_result(json.loads(run_grader("04", "--submission", str(submission), "--format", "json").stdout))
    assert set(grade["isolation"]) == set(LAYERS)
    assert all(status.startswith("on") for status in grade["isolation"].values()), grade["isolation"]
    text = run_grader("04", "--target", str(submission), "--verbose").stdout
    assert "Sandbox: cgroup (v" in text and "namespaces (pid, network" in text and "landlock (ABI" in text
    assert "Missing" not in text
    gradescope = json.loads(run_grader("04", "--submission", str(submission), "--format", "gradescope").stdout)
    assert "Sandbox: cgroup" in gradescope["output"] and "namespaces (pid" in gradescope["output"]
    junit = ET.fromstring(run_grader("04", "--submission", str(submission), "--format", "junit").stdout)
    assert "seccomp" in junit.find(".//property[@name='sandbox']").get("value")


def test_untrusted_work_is_refused_without_the_kernel_layers(submission):
    weak = {"AUTOGRAD_KIT_WITHOUT_LAYERS": "landlock"}
    refused = run_grader("04", "--submission", str(submission), "--format", "json", env=weak)
    assert refused.returncode == 3
    assert "will not run untrusted code" in refused.stdout and "landlock (left out" in refused.stdout
    accepted = run_grader("04", "--submission", str(submission), "--format", "json", "--accept-weak-sandbox", env=weak)
    grade = json.loads(accepted.stdout)
    assert accepted.returncode == 0 and grade["points"] == SOLVED_04
    assert grade["isolation"]["landlock"].startswith("off: left out")


def test_a_learner_grading_their_own_work_keeps_working_with_what_there_is(submission):
    weak = {"AUTOGRAD_KIT_WITHOUT_LAYERS": "namespaces,seccomp"}
    result = run_grader("04", "--target", str(submission), "--verbose", env=weak)
    assert result.returncode == 0 and f"{SOLVED_04}/{SOLVED_04} points" in result.stdout
    assert "Missing: namespaces (left out" in result.stdout


@pytest.mark.parametrize("language, line", [
    ("en", f"Sandbox: partial: namespaces, user, seccomp unavailable (left out ({WITHOUT})). --verbose says more."),
    ("ko", f"샌드박스: 일부만: namespaces, user, seccomp 사용 불가 (left out ({WITHOUT})). 자세한 내용은 --verbose.")])
def test_a_weak_sandbox_s_short_line_names_what_is_missing_and_why(submission, language, line):
    shown = run_grader("04", "--target", str(submission), "--lang", language,
                       env={WITHOUT: "namespaces,seccomp"}).stdout
    assert sandbox_lines(shown) == [line]


@pytest.mark.parametrize("language, line", [("en", f"Sandbox: on ({len(LAYERS)} layers)."),
                                            ("ko", f"샌드박스: 켜짐 (계층 {len(LAYERS)}개).")])
def test_a_learner_s_sandbox_line_is_one_short_line_in_their_language(submission, language, line):
    """The learner reads one line; the layers' detail is for --verbose and the instructors' formats."""
    shown = run_grader("04", "--target", str(submission), "--lang", language).stdout
    assert sandbox_lines(shown) == [line]
    assert "namespaces (pid" not in shown and "landlock (ABI" not in shown


def test_without_a_cgroup_the_short_line_counts_the_layers_that_were_on(submission):
    # The cgroup is not required (a container's /sys/fs/cgroup is read-only): the sandbox is still on.
    text = run_grader("04", "--target", str(submission), env={WITHOUT: "cgroup"}).stdout
    assert sandbox_lines(text) == [f"Sandbox: on ({len(LAYERS) - 1} layers)."]


def sandbox_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith(("Sandbox", "샌드박스"))]


@pytest.mark.skipif(os.geteuid() != 0, reason="only a root grader changes user")
def test_a_root_grader_that_cannot_change_user_runs_nothing(submission, tmp_path):
    """Without CAP_SETUID (a container that dropped it) the drop fails: the worker stops, it never runs as root."""
    marker = tmp_path / "ran-as-root"
    (submission / "04_gradients_by_hand.py").write_text(
        f"open({str(marker)!r}, 'w').close()\n" + (SOLUTIONS / "04_gradients_by_hand.py").read_text())
    command = ["setpriv", "--bounding-set", "-setuid,-setgid", "--", sys.executable, "grader.py", "04",
               "--target", str(submission), "--json", "-"]
    result = subprocess.run(command, cwd=KIT_ROOT, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "LANG": "C.UTF-8", "LC_ALL": ""})
    grade = json.loads(result.stdout)
    messages = "\n".join(c["message"] for e in grade["exercises"] for c in e["checks"])
    assert grade["points"] == 0 and "could not stop being root" in messages
    assert not marker.exists()
    refused = subprocess.run(command[:4] + [sys.executable, "grader.py", "04", "--submission", str(submission)],
                             cwd=KIT_ROOT, capture_output=True, text=True, timeout=300,
                             env={**os.environ, "LANG": "C.UTF-8", "LC_ALL": ""})
    assert refused.returncode == 3 and "could not stop being root" in refused.stdout


WHO_AM_I = """import os


def q_function(a, b):
    return [float(os.getpid()), float(os.getppid()), float(os.getuid())]
"""


def test_each_worker_is_pid_1_of_its_own_namespace_under_a_user_of_its_own(tmp_path):
    learner = tmp_path / "04_gradients_by_hand.py"
    learner.write_text(WHO_AM_I)
    users = []
    for _ in range(2):
        sandbox = ExerciseSandbox(learner, "learner_04", Limits(), learner.read_bytes(), untrusted=Scope.SHARED)
        try:
            outcome = sandbox.call(probes.call, {"name": "q_function", "args": (1, 2)})
            assert outcome.kind is CallKind.RETURNED, outcome
            pid, parent, uid = outcome.value
            # PID 1, whose parent is outside: the kernel ends everything it starts when it ends.
            assert (pid, parent) == (1, 0)
            if os.geteuid() == 0:
                assert uid == ROOT_UID_BASE + sandbox.slot.worker.process.pid  # the PID the grader sees
            users.append(uid)
        finally:
            sandbox.close()
    if os.geteuid() == 0:
        assert users[0] != users[1]


FORKS = """
import os, sys
sys.path.insert(0, sys.argv[1])
from autograd_kit.sandbox.kernel import namespaces
print(namespaces.pid_namespace_per_fork())
for _ in range(3):
    child = os.fork()
    if child == 0:
        os._exit(0 if os.getpid() == 1 else 1)
    print(os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) == 0)
"""


def _forks(kit: Path, *as_user: str) -> list[str]:
    command = [*as_user, sys.executable, "-c", FORKS, str(kit)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd="/tmp")
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_a_root_forkserver_forks_each_worker_into_a_pid_namespace_of_its_own():
    if os.geteuid() != 0:
        assert _forks(KIT_ROOT) == ["False", "False", "False", "False"]  # refused: each worker makes its own
        return
    # Every fork, not only the first: the forkserver is set back to its own namespace after each one.
    assert _forks(KIT_ROOT) == ["True", "True", "True", "True"]
    # Refused to an ordinary user, and the forks still work: no half-made namespace is left behind.
    # (That user gets a copy of the package: the kit's checkout may be in a folder only root may enter.)
    kit = Path(tempfile.mkdtemp(prefix="agkit-forks-"))
    try:
        kit.chmod(0o755)
        shutil.copytree(KIT_ROOT / "autograd_kit", kit / "autograd_kit", ignore=shutil.ignore_patterns("__pycache__"))
        as_user = [sys.executable, str(Path(__file__).with_name("as_user.py")), "54321", "--"]
        assert _forks(kit, *as_user) == ["False", "False", "False", "False"]
    finally:
        shutil.rmtree(kit, ignore_errors=True)


def test_a_worker_sees_no_secret_of_the_graders_environment(target):
    folder = target({"04_gradients_by_hand": "environment_snoop.py"})
    grade = grade_json(folder, "04", env={"COURSE_SEED": SECRET})
    printed = "\n".join(c["output"] for e in grade["exercises"] for c in e["checks"])
    assert "environment:" in printed and SECRET not in printed


def test_the_judge_bounds_a_forged_reply():
    """A payload is a JSON structure and raw bytes: every size is checked before anything is built."""
    def forged(structure: object, data: bytes = b"", size: int | None = None) -> bytes:
        header = json.dumps(structure).encode()
        return (len(header) if size is None else size).to_bytes(8, "little") + header + data

    bad = [
        forged({"s": 1}, size=2**40),  # a header said to be a terabyte
        forged({"tensor": "float32", "shape": [10**6, 10**6], "offset": 0, "bytes": 4 * 10**12}),  # inflates
        forged({"tensor": "float32", "shape": [4], "offset": 8, "bytes": 16}, b"\0" * 16),  # past the end
        forged({"tensor": "float32", "shape": [5], "offset": 0, "bytes": 16}, b"\0" * 16),  # size lies
        forged({"tensor": "object", "shape": [1], "offset": 0, "bytes": 8}, b"\0" * 8),  # not a plain dtype
        forged({"list": [{"s": 1}] * (wire.MAX_ITEMS + 1)}),  # too many items
        forged({"list": [{"tensor": "uint8", "shape": [0], "offset": 0, "bytes": 0}] * (wire.MAX_TENSORS + 1)}),
        forged({"s": {"nested": 1}}),  # a scalar that is not one
        b"PK\x03\x04" + b"\0" * 100,  # a zip archive (what torch.save writes): not this format at all
    ]
    for payload in bad:
        with pytest.raises(wire.NotPlainData):
            wire.decode(payload, {})
    value, _ = wire.decode(*wire.encode({"x": [torch_ones()], "n": 3}))
    assert value["n"] == 3 and value["x"][0].tolist() == [1.0, 1.0]


def torch_ones():
    import torch

    return torch.ones(2)


def test_a_result_file_is_replaced_without_following_a_planted_link(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("keep me")
    result = tmp_path / "results.json"
    result.symlink_to(secret)
    (tmp_path / ".results.json.partial").symlink_to(secret)  # the old, predictable temporary name
    files.write_atomically(result, '{"score": 7}')
    assert secret.read_text() == "keep me"
    assert not result.is_symlink() and result.read_text() == '{"score": 7}'
    assert sorted(p.name for p in tmp_path.iterdir()) == [".results.json.partial", "results.json", "secret.txt"]

