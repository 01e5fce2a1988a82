"""The Gradescope autograder zip, built and then run the way Gradescope runs it.

Some runs here happen at the real /autograder: in a mount namespace of their own, a temporary folder is
bound there, so run_autograder uses its default paths. Gradescope itself is not reachable from here; what
these tests cannot show (its settings page, its base image, the download in setup.sh) the README says.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import textwrap
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from conftest import LEARNERS, SOLUTIONS, run_grader
from packaging.requirements import Requirement
from packaging.version import Version

from autograd_kit.classroom import container, gradescope
from autograd_kit.grading.seeds import parse_course_secret, student_seed

COURSE_SEED = 918273645  # nine digits: in a results file only if it leaked
# The course secret the instructor gives the package (secrets.token_hex(32)): in a results file only if it leaked
COURSE_SECRET = "d41c7a9e3f0b6258c1e7a04f9b3d62e8" "5a0f17c3e9b24d6a8f1e05b7c39d4a26"
STUDENT = "s123"
GRADESCOPE_DEFAULT = (768 * 1024 * 1024, 50_000)  # 768 MB and half a CPU (a quota of 50 ms per 100 ms)


def unpack(package: Path, root: Path) -> Path:
    """Gradescope's layout: the zip in source/, the student's files, their metadata, an empty results/."""
    with zipfile.ZipFile(package) as archive:
        archive.extractall(root / "source")  # zipfile keeps no modes: the scripts must fix the seed's
    (root / "source" / "run_autograder").chmod(0o755)
    (root / "submission").mkdir()
    (root / "results").mkdir()
    (root / "submission_metadata.json").write_text(json.dumps({"id": 1, "users": [{"sid": STUDENT, "email": "a@b"}]}))
    return root


def submit(root: Path, files: dict[str, bytes]) -> None:
    for name, content in files.items():
        (root / "submission" / name).write_bytes(content)


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> tuple[Path, str]:
    """One zip for the runs at /autograder: a student seed from the instructor's course secret, 3 s per call."""
    folder = tmp_path_factory.mktemp("package")
    path, secret = folder / "autograder.zip", folder / "course-secret"
    secret.write_text(COURSE_SECRET + "\n")
    secret.chmod(0o600)
    built = run_grader("gradescope-package", "--output", str(path), "--seed-from-student", "--course-secret-file",
                       str(secret), "--timeout", "3", limit_s=120)
    assert built.returncode == 0, built.stderr
    return path, built.stdout


@contextmanager
def autograder_mount_point() -> Iterator[Path]:
    """/autograder, made for the test if this machine has none (and removed after)."""
    mount_point = Path("/autograder")
    made = not mount_point.exists()
    if made:
        mount_point.mkdir()
    try:
        yield mount_point
    finally:
        if made:
            try:
                mount_point.rmdir()
            except OSError:
                pass  # another run is using it


def run_at_autograder(folder: Path, cgroups: tuple[Path, ...] = (), watch: str = "") -> tuple[dict, set[str]]:
    """run_autograder as Gradescope runs it: as root, at /autograder (FOLDER bound there, in a mount namespace
    of its own), with no overrides, in CGROUPS if any. Returns results.json and, when WATCH is given, every
    process whose command line or environment showed it while the run went on."""
    # What setup.sh would have built: a virtual environment with the kit's dependencies.
    (folder / "venv").symlink_to(sys.prefix, target_is_directory=True)
    command = ["unshare", "--mount", "--propagation", "private", "--", "bash", "-c",
               'mount --bind "$1" /autograder && exec /autograder/source/run_autograder', "_", str(folder)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTOGRADER_")}

    def enter_cgroups() -> None:  # in the child, before it runs anything
        for group in cgroups:
            (group / "cgroup.procs").write_text(str(os.getpid()))

    seen: set[str] = set()
    log = folder.parent / "run_autograder.log"  # a file, not a pipe: nothing blocks while this loop watches
    with autograder_mount_point(), open(log, "w") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT,
                                   preexec_fn=enter_cgroups)
        while process.poll() is None:
            if watch:
                seen |= showing(watch.encode())
            time.sleep(0.05)
    assert process.returncode == 0, log.read_text()
    return json.loads((folder / "results" / "results.json").read_text()), seen


def showing(secret: bytes) -> set[str]:
    """Every process whose /proc cmdline or environ holds SECRET."""
    found = set()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        for part in ("cmdline", "environ"):
            try:
                if secret in Path(f"/proc/{pid}/{part}").read_bytes():
                    found.add(f"{pid}/{part}")
            except OSError:
                pass
    return found


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


# --- the package -------------------------------------------------------------------------------------------

def test_the_package_takes_the_feedback_level_and_gradescope_run_reads_it(tmp_path):
    path = tmp_path / "autograder.zip"
    built = run_grader("gradescope-package", "--output", str(path), "--feedback", "actual", limit_s=120)
    assert built.returncode == 0, built.stderr
    with zipfile.ZipFile(path) as archive:
        settings = gradescope.Settings.from_json(archive.read(gradescope.SETTINGS_FILE).decode())
    assert settings.feedback == "actual"
    assert run_grader("gradescope-package", "--output", str(path), "--feedback", "most").returncode == 2


def test_the_package_says_what_to_set_on_gradescope(package, tmp_path):
    path, printed = package
    assert re.search(r"memory:\s+3 GB", printed) and re.search(r"CPUs:\s+2\b", printed), printed
    assert "Autograder Settings" in printed
    # Gradescope's timeout, from --timeout 3: 20 files that hang, each twice for its 23 s backstop (15 minutes)
    assert re.search(r"timeout:\s+25 minutes .* takes about 15\b", printed), printed
    total = float(re.search(r"total points:\s+([\d.]+)", printed).group(1))
    # The kit's maximum as a grade counts it: an empty folder, every exercise not started, out of everything.
    graded = run_grader("--target", str(tmp_path), "--json", "-", limit_s=120)
    assert graded.returncode == 0, graded.stderr
    assert total == json.loads(graded.stdout)["max_points"] > 0
    with zipfile.ZipFile(path) as archive:
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
        settings = json.loads(archive.read(gradescope.SETTINGS_FILE))
        assert archive.read(gradescope.SECRET_FILE).decode().strip() == COURSE_SECRET
        assert gradescope.SEED_FILE not in archive.namelist()
        scripts = archive.read("run_autograder") + archive.read("setup.sh") + archive.read(gradescope.SETTINGS_FILE)
    assert stat.S_IMODE(modes[gradescope.SECRET_FILE]) == 0o600
    assert settings == {"seed_from_student": True, "timeout_s": 3.0, "accept_weak_sandbox": False,
                        "feedback": "full"}
    assert COURSE_SECRET.encode() not in scripts and COURSE_SECRET not in printed


def test_a_student_seed_package_without_a_secret_gets_a_new_256_bit_one(tmp_path):
    secrets_drawn = []
    for name in ("a.zip", "b.zip"):
        built = run_grader("gradescope-package", "--output", str(tmp_path / name), "--seed-from-student", limit_s=120)
        assert built.returncode == 0, built.stderr
        with zipfile.ZipFile(tmp_path / name) as archive:
            secret = archive.read(gradescope.SECRET_FILE).decode().strip()
        assert re.fullmatch(r"[0-9a-f]{64}", secret) and secret not in built.stdout + built.stderr
        assert gradescope.SECRET_FILE in built.stdout  # where to find it, to regrade with the same inputs
        parse_course_secret(secret)
        secrets_drawn.append(secret)
    assert secrets_drawn[0] != secrets_drawn[1]


def test_a_typed_seed_as_the_course_secret_is_refused_with_the_fix(tmp_path):
    built = run_grader("gradescope-package", "--output", str(tmp_path / "a.zip"), "--seed-from-student",
                       "--seed", "4711", limit_s=120)
    assert built.returncode == 2 and not (tmp_path / "a.zip").exists()
    assert "does not take --seed" in built.stderr and "--course-secret-file" in built.stderr
    weak = tmp_path / "weak"
    weak.write_text("4711\n")
    weak.chmod(0o600)
    built = run_grader("gradescope-package", "--output", str(tmp_path / "a.zip"), "--seed-from-student",
                       "--course-secret-file", str(weak), limit_s=120)
    assert built.returncode == 2 and "fewer than the 128" in built.stderr and "token_hex(32)" in built.stderr
    assert not (tmp_path / "a.zip").exists()


def test_setup_pins_a_torch_the_kit_accepts_and_its_torchvision():
    required = {Requirement(r).name: Requirement(r) for r in metadata.requires("autograd-kit") or []}
    pins = [Requirement(gradescope.TORCH), Requirement(gradescope.TORCHVISION)]
    versions = []
    for pin in pins:
        (spec,) = pin.specifier
        assert spec.operator == "==" and spec.version in required[pin.name].specifier
        versions.append(Version(spec.version))
    assert versions[1].minor == versions[0].minor + 15  # torchvision 0.N+15 goes with torch 2.N


def test_the_scripts_are_valid_bash():
    for script in (gradescope.SETUP_SH, gradescope.RUN_AUTOGRADER):
        checked = subprocess.run(["bash", "-n"], input=script, text=True, capture_output=True)
        assert checked.returncode == 0, checked.stderr


# --- runs with AUTOGRADER_ROOT (the kit's first tests, kept) ------------------------------------------------

def test_the_package_grades_a_submission_like_gradescope(tmp_path):
    package = tmp_path / "autograder.zip"
    built = run_grader("gradescope-package", "--output", str(package), "--seed", "5", "--timeout", "3", limit_s=120)
    assert built.returncode == 0, built.stderr
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
    assert {"setup.sh", "run_autograder", "grader.py", "autograd_kit/grading/grade.py", "autograd_kit/classroom/container.py",
            "tests/checks/test_04_gradients_by_hand.py", gradescope.SEED_FILE} <= set(names)
    assert not [n for n in names if n.startswith(("solutions/", "exercises/", "tests/kit/"))]
    assert modes["run_autograder"] & stat.S_IXUSR and modes["setup.sh"] & stat.S_IXUSR

    root = unpack(package, tmp_path / "autograder")
    submit(root, {"04_gradients_by_hand.py": (SOLUTIONS / "04_gradients_by_hand.py").read_bytes(),
                  "09_no_grad_context.py": (LEARNERS / "tampers_and_lies.py").read_bytes()})
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable}
    ran = subprocess.run([str(root / "source" / "run_autograder")], env=env, capture_output=True, text=True,
                         timeout=300)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == 10.0  # exercise 04 in full; the tampering file earns nothing
    assert {t["status"] for t in results["tests"] if t["name"].startswith("04")} == {"passed"}
    assert sorted(p.name for p in (root / "results").iterdir()) == ["results.json"]


def test_a_container_without_the_kernel_layers_gets_a_results_file_that_names_them(tmp_path):
    package = tmp_path / "autograder.zip"
    assert run_grader("gradescope-package", "--output", str(package), limit_s=120).returncode == 0
    root = unpack(package, tmp_path / "autograder")
    submit(root, {"04_gradients_by_hand.py": (SOLUTIONS / "04_gradients_by_hand.py").read_bytes()})
    # What a container that forbids Landlock looks like to the grader.
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable,
           "AUTOGRAD_KIT_WITHOUT_LAYERS": "landlock"}
    ran = subprocess.run([str(root / "source" / "run_autograder")], env=env, capture_output=True, text=True,
                         timeout=300)
    assert ran.returncode == 0
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == 0
    assert "will not run untrusted code" in results["output"] and "landlock (left out" in results["output"]
    assert "--accept-weak-sandbox" in results["output"]


def test_run_autograder_still_leaves_a_results_file_when_the_grader_cannot_run(tmp_path):
    package = tmp_path / "autograder.zip"
    assert run_grader("gradescope-package", "--output", str(package), limit_s=120).returncode == 0
    root = tmp_path / "autograder"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(root / "source")
    script = root / "source" / "run_autograder"
    script.chmod(0o755)
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": str(tmp_path / "no-python")}
    ran = subprocess.run([str(script)], env=env, capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == 0 and "autograder itself failed" in results["output"]


# --- runs at /autograder, with hostile submissions ------------------------------------------------------------

FORGER = textwrap.dedent('''
    """Tries to write Gradescope's results itself, and to change the autograder, on import and when called."""
    import json
    import os

    FORGED = json.dumps({"score": 1000.0, "output": "FORGED", "tests": []})
    TARGETS = ["/autograder/results/results.json", "/autograder/results/extra.json", "/autograder/forged.json",
               "/autograder/source/run_autograder", "/autograder/source/course_secret",
               "/autograder/source/gradescope.json", "/autograder/source/grader.py",
               "/autograder/source/autograd_kit/report/formats.py", "/autograder/submission_metadata.json",
               "/autograder/submission/09_no_grad_context.py"]


    def forge():
        for path in TARGETS:
            for attempt in (lambda: open(path, "w").write(FORGED), lambda: os.unlink(path),
                            lambda: os.rename(path, path + ".gone"), lambda: os.symlink("/tmp", path + ".link")):
                try:
                    attempt()
                except Exception:
                    pass
        try:
            os.makedirs("/autograder/results/results.json.d")
        except Exception:
            pass


    forge()


    def q_function(a, b):
        forge()
        return 3 * a**3 - b**2


    def dq_da(a, b):
        return 9 * a**2


    def dq_db(a, b):
        return -2 * b
''')

SEED_READER = textwrap.dedent('''
    """Looks for the course secret everywhere it or the seed used to be, and prints what it finds into its feedback."""
    import glob
    import os
    import re

    PLACES = ["/autograder/source/course_secret", "/autograder/source/course_seed", "/autograder/source/run_autograder",
              "/autograder/run_autograder",
              "/autograder/source/gradescope.json", "/autograder/source/setup.sh", "/autograder/course_seed",
              "/proc/self/cmdline", "/proc/self/environ", "/proc/1/cmdline", "/proc/1/environ",
              f"/proc/{os.getppid()}/cmdline", f"/proc/{os.getppid()}/environ"]


    def loot():
        found, opened = [], []
        places = PLACES + glob.glob("/proc/*/cmdline") + glob.glob("/proc/*/environ") + glob.glob("/autograder/source/*")
        for path in places:
            try:
                with open(path, "rb") as file:
                    text = file.read().decode("latin-1")
            except Exception:
                continue
            opened.append(path)
            found += re.findall(r"[0-9a-f]{32,}|[0-9]{6,}", text) + ([text.strip()] if path.endswith(("seed", "secret")) else [])
        found += re.findall(r"[0-9a-f]{32,}|[0-9]{6,}", repr(dict(os.environ)))
        return f"LOOT as uid {os.getuid()} from {len(opened)} of {len(places)} places ({' '.join(opened)}): {' '.join(sorted(set(found)))}"


    def q_function(a, b):
        print(loot())
        return a * 0  # wrong on purpose: a failed check shows what the code printed


    def dq_da(a, b):
        print(loot())
        return a * 0


    def dq_db(a, b):
        return -2 * b
''')


def test_a_submission_cannot_write_the_results_or_change_the_autograder(package, tmp_path):
    root = unpack(package[0], tmp_path / "mounted")
    submit(root, {"04_gradients_by_hand.py": FORGER.encode(),
                  "09_no_grad_context.py": (SOLUTIONS / "09_no_grad_context.py").read_bytes()})
    before = {"source": digest(root / "source"), "submission": digest(root / "submission"),
              "metadata": (root / "submission_metadata.json").read_bytes()}
    results, _ = run_at_autograder(root)
    assert "FORGED" not in json.dumps(results) and results["score"] < 1000
    points = {t["name"].split(" ·")[0]: 0.0 for t in results["tests"]}
    for test in results["tests"]:
        points[test["name"].split(" ·")[0]] += test["score"]
    assert points["09_no_grad_context"] == 4.0 and points["04_gradients_by_hand"] > 0  # graded as usual
    assert results["score"] == sum(points.values())
    assert sorted(p.name for p in (root / "results").iterdir()) == ["results.json"]
    assert sorted(p.name for p in root.iterdir()) == ["results", "source", "submission", "submission_metadata.json",
                                                      "venv"]
    assert digest(root / "source") == before["source"] and digest(root / "submission") == before["submission"]
    assert (root / "submission_metadata.json").read_bytes() == before["metadata"]


def test_the_course_secret_never_reaches_a_submission_or_the_results(package, tmp_path):
    root = unpack(package[0], tmp_path / "mounted")
    submit(root, {"04_gradients_by_hand.py": SEED_READER.encode()})
    results, showed_it = run_at_autograder(root, watch=COURSE_SECRET)
    text = json.dumps(results)
    printed = [t["output"] for t in results["tests"] if "Your code printed:\nLOOT as uid" in t["output"]]
    assert printed, text  # what the submission printed reached the results...
    assert COURSE_SECRET not in text  # ...and the course secret was not in it
    seed = student_seed(STUDENT, parse_course_secret(COURSE_SECRET))
    assert f"seed {seed}" in results["output"]  # the grader did read it
    assert not showed_it  # no process's command line or environment held it during the run
    # The worker that looked was not root, and was under Landlock.
    assert int(re.search(r"LOOT as uid (\d+)", printed[0]).group(1)) >= 2_000_000_000
    assert "user (a user of its own" in results["output"] and "landlock (ABI" in results["output"]
    info = (root / "source" / gradescope.SECRET_FILE).stat()
    assert stat.S_IMODE(info.st_mode) == 0o600 and info.st_uid == 0  # run_autograder fixed what the unzip left


# --- the container's size -----------------------------------------------------------------------------------------

@dataclass
class Cgroup:
    path: Path

    @classmethod
    def make(cls, controller: str) -> Cgroup:
        """A child of this process's cgroup v1 for CONTROLLER (these machines mount v1 at /sys/fs/cgroup/NAME)."""
        mount = Path("/sys/fs/cgroup") / controller
        assert (mount / "cgroup.procs").exists(), f"this test needs cgroup v1's {controller} controller at {mount}"
        own = next(line.split(":", 2)[2] for line in Path("/proc/self/cgroup").read_text().splitlines()
                   if controller in line.split(":", 2)[1].split(","))
        path = mount / own.strip("/") / f"autograd-kit-test-{os.getpid()}-{time.monotonic_ns()}"
        path.mkdir()
        return cls(path)

    def write(self, name: str, value: int) -> None:
        (self.path / name).write_text(str(value))

    def remove(self) -> None:
        """rmdir works once the last process has left, which the kernel finishes a moment after it exits."""
        for _ in range(200):
            try:
                self.path.rmdir()
                return
            except OSError:
                time.sleep(0.05)


@contextmanager
def gradescope_default_container() -> Iterator[tuple[Path, Path]]:
    memory, cpu = Cgroup.make("memory"), Cgroup.make("cpu")
    try:
        memory.write("memory.limit_in_bytes", GRADESCOPE_DEFAULT[0])
        cpu.write("cpu.cfs_period_us", 100_000)
        cpu.write("cpu.cfs_quota_us", GRADESCOPE_DEFAULT[1])
        yield memory.path, cpu.path
    finally:
        memory.remove()
        cpu.remove()


def test_gradescopes_default_container_gets_the_settings_to_change_and_no_grading(package, tmp_path):
    root = unpack(package[0], tmp_path / "mounted")
    submit(root, {"04_gradients_by_hand.py": (SOLUTIONS / "04_gradients_by_hand.py").read_bytes()})
    with gradescope_default_container() as groups:
        results, _ = run_at_autograder(root, cgroups=groups)
    assert results["score"] == 0 and results["tests"] == []  # nothing graded, nothing failed one by one
    output = results["output"]
    assert "not graded" in output and "container is too small" in output
    assert "memory: 768 MiB (cgroup v1 memory.limit_in_bytes in /sys/fs/cgroup/memory/" in output
    assert "CPUs: 0.5 (cgroup v1 cpu.cfs_quota_us / cpu.cfs_period_us" in output
    assert "Autograder Settings" in output and "3 GB" in output and "CPUs to 2" in output
    assert "nothing is wrong with your work" in output


HOG = textwrap.dedent('''
    import torch


    def q_function(a, b):
        return 3 * a**3 - b**2


    def dq_da(a, b):
        hoard = torch.ones(400 * 1024 * 1024)  # 1.6 GiB, under the worker's own 2 GiB limit
        return 9 * a**2 + hoard[0] * 0


    def dq_db(a, b):
        return -2 * b
''')


def test_a_submission_that_fills_the_container_is_killed_and_not_the_grader(package, tmp_path):
    root = unpack(package[0], tmp_path / "mounted")
    submit(root, {"04_gradients_by_hand.py": HOG.encode()})
    memory = Cgroup.make("memory")
    try:
        memory.write("memory.limit_in_bytes", 2 * 1024**3)  # enough to grade, not for the grader and the hog
        results, _ = run_at_autograder(root, cgroups=(memory.path,))
    finally:
        memory.remove()
    checks = {t["name"]: t for t in results["tests"] if t["name"].startswith("04")}
    assert [t["status"] for t in checks.values()].count("passed") == 2, results["output"]
    assert any("dq_da() crashed" in t["output"] for t in checks.values()), checks


# --- reading the container -----------------------------------------------------------------------------------

def fake_root(tmp_path: Path, mountinfo: list[str], cgroup: str, files: dict[str, str],
              meminfo_kb: int = 16 * 1024 * 1024) -> Path:
    root = tmp_path / "root"
    (root / "proc/self").mkdir(parents=True)
    (root / "proc/self/mountinfo").write_text("\n".join(mountinfo) + "\n")
    (root / "proc/self/cgroup").write_text(cgroup)
    (root / "proc/meminfo").write_text(f"MemTotal:       {meminfo_kb} kB\nMemFree:        1 kB\n")
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_cgroup_v2_limits_are_read_from_the_process_cgroup_and_those_above_it(tmp_path):
    root = fake_root(tmp_path, ["30 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate"],
                     "0::/grading/job\n", {
                         "sys/fs/cgroup/grading/memory.max": "805306368\n",
                         "sys/fs/cgroup/grading/cpu.max": "max 100000\n",
                         "sys/fs/cgroup/grading/job/memory.max": "max\n",
                         "sys/fs/cgroup/grading/job/cpu.max": "50000 100000\n"})
    found = container.read(root, affinity=8)
    assert found.memory_bytes.value == 805306368 and "/sys/fs/cgroup/grading" in found.memory_bytes.source
    assert found.cpus.value == 0.5 and "cpu.max in /sys/fs/cgroup/grading/job" in found.cpus.source
    short = container.shortfalls(found, gradescope.MINIMUM)
    assert short[0].startswith("memory: 768 MiB (cgroup v2 memory.max") and short[1].startswith("CPUs: 0.5")


def test_a_container_that_shows_its_cgroup_at_the_mount_is_read_there(tmp_path):
    # Docker without a cgroup namespace: /proc/self/cgroup names the host's path, the mount shows the container's.
    root = fake_root(tmp_path, ["35 31 0:32 /docker/abc /sys/fs/cgroup/memory ro - cgroup cgroup rw,memory",
                                "32 31 0:29 /docker/abc /sys/fs/cgroup/cpu,cpuacct ro - cgroup cgroup rw,cpu,cpuacct"],
                     "4:memory:/docker/abc\n2:cpu,cpuacct:/docker/abc\n", {
                         "sys/fs/cgroup/memory/memory.limit_in_bytes": str(3 * 1024**3),
                         "sys/fs/cgroup/memory/memory.stat": "cache 0\nhierarchical_memory_limit 9223372036854771712\n",
                         "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us": "-1\n",
                         "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us": "100000\n"})
    found = container.read(root, affinity=4)
    assert found.memory_bytes.value == 3 * 1024**3 and found.cpus.value == 4
    assert container.shortfalls(found, gradescope.MINIMUM) == []


def test_without_cgroup_limits_memtotal_and_the_cpus_allowed_count(tmp_path):
    root = fake_root(tmp_path, [], "0::/\n", {}, meminfo_kb=1024 * 1024)
    found = container.read(root, affinity=1)
    assert found.memory_bytes == container.Found(1024**3, "MemTotal in /proc/meminfo") and found.cpus.value == 1
    assert [line.split(":")[0] for line in container.shortfalls(found, gradescope.MINIMUM)] == ["memory"]


def test_a_seed_file_others_may_read_is_refused(tmp_path):
    seed = tmp_path / "course_seed"
    seed.write_text("42\n")
    seed.chmod(0o600)
    assert gradescope.read_seed(seed) == 42
    seed.chmod(0o640)
    with pytest.raises(ValueError, match="mode 0600"):
        gradescope.read_seed(seed)
    assert gradescope.read_seed(tmp_path / "none") is None
    seed.chmod(0o600)
    seed.write_text(f"{COURSE_SEED}x\n")
    with pytest.raises(ValueError) as refused:
        gradescope.read_seed(seed)
    assert str(COURSE_SEED) not in str(refused.value)  # the message says nothing of what the file holds


# --- setup.sh's choice of Python, against stub commands -----------------------------------------------------

STUB = textwrap.dedent('''
    #!{python}
    """A stand-in for apt-get, apt-cache, python3.x, pip, uv, curl: logs its call, does what the scenario says."""
    import json, os, sys
    from pathlib import Path

    name, args = Path(sys.argv[0]).name, sys.argv[1:]
    if name == "stub.py":  # run by its own name: what the uv installer that `curl` printed runs
        name, args = args[0], args[1:]
    state = Path(os.environ["STUB_STATE"])
    with open(state / "log", "a") as log:
        log.write(" ".join([name, *args]) + "\\n")
    scenario = json.loads((state / "scenario.json").read_text())
    bin_dir = Path(os.environ["STUB_BIN"])

    def become(path, usable):
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_symlink():
            path.symlink_to(__file__)
        if usable:
            (state / "usable").mkdir(exist_ok=True)
            (state / "usable" / str(path).replace("/", "_")).touch()

    if name.startswith("python") or name in ("pip3", "pip"):
        if args[:1] == ["-c"]:  # setup.sh's test: 3.11 or newer, with venv and ensurepip
            sys.exit(0 if (state / "usable" / sys.argv[0].replace("/", "_")).exists() else 1)
        if "install" in args and scenario.get("pip_works"):
            become(Path(args[args.index("--target") + 1]) / "bin" / "uv", False)
            sys.exit(0)
        sys.exit(1)
    if name == "apt-cache":
        sys.exit(0 if args[-1] in scenario.get("apt_has", []) else 100)
    if name == "apt-get":
        if args[0] == "install":
            wanted = [a for a in args[1:] if not a.startswith("-")]
            if not all(p in scenario.get("apt_has", []) for p in wanted):
                sys.exit(100)
            become(bin_dir / wanted[0], True)
        sys.exit(0)
    if name == "uv":
        managed = Path(os.environ.get("UV_PYTHON_INSTALL_DIR", "/nowhere")) / "cpython-3.11" / "bin" / "python3.11"
        if args[:2] == ["python", "install"] and scenario.get("uv_works"):
            become(managed, True)
            sys.exit(0)
        if args[:2] == ["python", "find"] and managed.exists():
            print(managed)
            sys.exit(0)
        sys.exit(2)
    if name == "curl":
        if scenario.get("installer_works"):
            print(f'exec {{Path(__file__).resolve()}} uv-installer')
            sys.exit(0)
        sys.exit(6)
    if name == "uv-installer":  # what Astral's install.sh does, as far as setup.sh can tell
        become(Path(os.environ["UV_INSTALL_DIR"]) / "uv", False)
        sys.exit(0)
    sys.exit(127)
''').lstrip()


@dataclass
class SetupRun:
    returncode: int
    python: str
    calls: list[str]
    stderr: str


def choose_python(tmp_path: Path, present: dict[str, bool], **scenario) -> SetupRun:
    """`setup.sh --choose-python` with PATH holding only stubs: PRESENT names the python commands there (and
    whether each is a usable 3.11+), SCENARIO what apt, pip, uv and curl can do. Nothing is downloaded."""
    state, bin_dir, root = tmp_path / "state", tmp_path / "bin", tmp_path / "autograder"
    for folder in (state, bin_dir, root / "source"):
        folder.mkdir(parents=True)
    stub = tmp_path / "stub.py"
    stub.write_text(STUB.format(python=sys.executable))
    stub.chmod(0o755)
    (state / "scenario.json").write_text(json.dumps(scenario))
    (state / "usable").mkdir()
    tools = [*present, *(name for name, on in (("apt-get", "apt_has" in scenario), ("apt-cache", "apt_has" in scenario),
                                                ("uv", scenario.get("uv_on_path")), ("curl", "installer_works" in scenario))
                         if on)]
    for name in tools:
        (bin_dir / name).symlink_to(stub)
    for name, usable in present.items():
        if usable:
            (state / "usable" / str(bin_dir / name).replace("/", "_")).touch()
    (bin_dir / "sh").symlink_to(shutil.which("sh"))  # for the installer's `| sh`
    setup = root / "source" / "setup.sh"
    setup.write_text(gradescope.SETUP_SH)
    ran = subprocess.run(["/bin/bash", str(setup), "--choose-python"], capture_output=True, text=True, timeout=60,
                         env={"PATH": str(bin_dir), "AUTOGRADER_ROOT": str(root), "STUB_STATE": str(state),
                              "STUB_BIN": str(bin_dir)})
    log = state / "log"
    calls = log.read_text().splitlines() if log.exists() else []
    shown = ran.stdout.strip().replace(str(tmp_path), "TMP")
    return SetupRun(ran.returncode, shown, [c.replace(str(tmp_path), "TMP") for c in calls], ran.stderr)


def test_setup_uses_a_python3_that_is_new_enough(tmp_path):
    run = choose_python(tmp_path, {"python3": True, "python3.11": True}, apt_has=[])
    assert (run.returncode, run.python) == (0, "TMP/bin/python3")
    assert not [c for c in run.calls if c.startswith(("apt", "uv", "curl"))]


def test_setup_prefers_a_versioned_python_to_an_old_python3(tmp_path):
    run = choose_python(tmp_path, {"python3": False, "python3.11": True}, apt_has=[])
    assert (run.returncode, run.python) == (0, "TMP/bin/python3.11")
    assert not [c for c in run.calls if c.startswith(("apt", "uv"))]


def test_setup_installs_the_distributions_python_with_its_venv_package(tmp_path):
    run = choose_python(tmp_path, {"python3": False}, apt_has=["python3.12", "python3.12-venv"])
    assert (run.returncode, run.python) == (0, "TMP/bin/python3.12")
    assert "apt-get install -y --no-install-recommends python3.12 python3.12-venv" in run.calls


def test_setup_adds_the_venv_package_to_a_python_that_lacks_it(tmp_path):
    # Python 3.11 is there, but Debian's python3.11 without python3.11-venv cannot make a virtual environment.
    run = choose_python(tmp_path, {"python3": False, "python3.11": False}, apt_has=["python3.11", "python3.11-venv"])
    assert (run.returncode, run.python) == (0, "TMP/bin/python3.11")
    assert "apt-get install -y --no-install-recommends python3.11 python3.11-venv" in run.calls
    assert not [c for c in run.calls if "python3.12 python3.12-venv" in c]  # apt has no 3.12: not tried


def test_setup_falls_back_to_uv_when_apt_has_no_python(tmp_path):
    run = choose_python(tmp_path, {"python3": False}, apt_has=["python3.10"], uv_on_path=True, uv_works=True)
    assert (run.returncode, run.python) == (0, "TMP/autograder/python/cpython-3.11/bin/python3.11")
    assert "uv python install 3.11" in run.calls and not [c for c in run.calls if c.startswith("apt-get install")]


def test_setup_installs_uv_with_pip_when_there_is_none(tmp_path):
    run = choose_python(tmp_path, {"python3": False}, pip_works=True, uv_works=True)
    assert (run.returncode, run.python) == (0, "TMP/autograder/python/cpython-3.11/bin/python3.11")
    assert "python3 -m pip install --quiet --target TMP/autograder/uv uv" in run.calls
    assert "uv python install 3.11" in run.calls


def test_setup_uses_uvs_installer_when_pip_fails(tmp_path):
    run = choose_python(tmp_path, {"python3": False}, pip_works=False, installer_works=True, uv_works=True)
    assert (run.returncode, run.python) == (0, "TMP/autograder/python/cpython-3.11/bin/python3.11")
    assert "curl -LsSf https://astral.sh/uv/install.sh" in run.calls and "uv-installer" in run.calls


def test_setup_says_why_when_no_python_can_be_had(tmp_path):
    run = choose_python(tmp_path, {"python3": False}, apt_has=[], pip_works=False, installer_works=False)
    assert run.returncode == 1 and run.python == ""
    assert "found no Python 3.11 or newer" in run.stderr and "Ubuntu 22.04 or newer" in run.stderr
    assert "could not install uv" in run.stderr
    assert {c.split()[0] for c in run.calls} == {"python3", "apt-get", "apt-cache", "curl"}  # each way was tried


def test_setup_builds_the_venv_with_the_pinned_cpu_torch(tmp_path):
    """The whole of setup.sh, with a stub Python whose `-m venv` makes a stub pip: what it installs, and from where."""
    run = choose_python(tmp_path, {"python3": True}, apt_has=[])
    assert run.returncode == 0
    root, bin_dir = tmp_path / "autograder", tmp_path / "bin"
    for kept in (gradescope.SEED_FILE, gradescope.SECRET_FILE):
        (root / "source" / kept).write_text("7\n")
        (root / "source" / kept).chmod(0o644)
    (bin_dir / "python3").unlink()
    (bin_dir / "python3").write_text(textwrap.dedent('''
        #!/bin/bash
        echo "python3 $*" >> "$STUB_STATE/log"
        [ "$1" = -c ] && exit 0
        # -m venv DIR: a virtual environment whose pip only logs
        mkdir -p "$3/bin"
        printf '#!/bin/bash\\necho "pip $*" >> "$STUB_STATE/log"\\n' > "$3/bin/pip"
        chmod +x "$3/bin/pip"
    ''').lstrip())
    (bin_dir / "python3").chmod(0o755)
    for tool in ("chown", "chmod", "mkdir"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    ran = subprocess.run(["/bin/bash", str(root / "source" / "setup.sh")], capture_output=True, text=True, timeout=60,
                         env={"PATH": str(bin_dir), "AUTOGRADER_ROOT": str(root), "STUB_STATE": str(tmp_path / "state")})
    assert ran.returncode == 0, ran.stderr
    calls = (tmp_path / "state" / "log").read_text().replace(str(root), "ROOT").splitlines()
    assert calls[-3:] == [
        "python3 -m venv ROOT/venv",
        f"pip install --index-url {gradescope.CPU_INDEX} {gradescope.TORCH} {gradescope.TORCHVISION}",
        f"pip install -e ROOT/source {gradescope.TORCH} {gradescope.TORCHVISION}"]
    assert gradescope.CPU_INDEX == "https://download.pytorch.org/whl/cpu"
    for kept in (gradescope.SEED_FILE, gradescope.SECRET_FILE):
        assert stat.S_IMODE((root / "source" / kept).stat().st_mode) == 0o600
