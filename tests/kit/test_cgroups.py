"""Each worker's cgroup (kernel/cgroups.py, kernel/cgroup_place.py) and what it bounds; workers that die with
their judge (kernel/lifetime.py); the mounts that hide the machine's sockets (namespaces.cover).

The attacks run with seccomp left out (AUTOGRAD_KIT_WITHOUT_LAYERS), so that children, memfd and sockets are
possible and the layer under test holds on its own. Each runs in a judge of its own (a child Python), as root
and, where it means something, as an ordinary user, who has no cgroup here (no systemd to delegate one).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import KIT_ROOT, run_grader

from autograd_kit.sandbox.kernel import cgroup_place, cgroups

AS_USER = [sys.executable, str(Path(__file__).with_name("as_user.py")), "54321", "--"]
AS_ROOT: list[str] = []
KIT_PARTS = ("grader.py", "pyproject.toml", "autograd_kit", "solutions", "tests/checks")
MIB = 1024 * 1024

# A judge with one exercise's sandbox: one call to q_function; prints the outcome, the layers, and the peak
# memory of each worker's cgroup, read just before the judge removes it.
JUDGE = """
import json, os, signal, sys, time
sys.path.insert(0, sys.argv[1])
os.environ["AUTOGRAD_KIT_WITHOUT_LAYERS"] = sys.argv[5]
from pathlib import Path
from autograd_kit.checks import probes
from autograd_kit.sandbox import worker_cgroup
from autograd_kit.sandbox.isolation import Limits
from autograd_kit.sandbox.judge import ExerciseSandbox

peaks = []
original_end = worker_cgroup.end
def end(group, pid):
    if group is not None:
        peaks.append(group.memory_peak())
    return original_end(group, pid)
worker_cgroup.end = end

learner = Path(sys.argv[2])
limits = Limits(timeout_s=float(sys.argv[3]), memory_mb=int(sys.argv[4]))
sandbox = ExerciseSandbox(learner, "learner_04", limits, learner.read_bytes())
pending = sandbox.submit(probes.call, {"name": "q_function", "args": (1, 2)})
if sys.argv[6] == "sigterm":  # a plain kill of the worker, once its call is under way
    sandbox.slot.ensure()
    time.sleep(1)
    os.kill(sandbox.slot.worker.process.pid, signal.SIGTERM)
outcome = pending.result()
layers = sandbox.layers
sandbox.close()
print(json.dumps({"kind": str(outcome.kind), "value": outcome.value, "error": outcome.error,
                  "layers": layers, "peaks": peaks, "judge": os.getpid()}))
"""

BURNS_IN_CHILDREN_THAT_EXIT = """
import ctypes, os, time

fork = ctypes.CDLL(None).fork  # the grader's audit hook refuses os.fork: libc's is the kernel's business

def q_function(a, b):
    for _ in range(16):  # 16 x 0.5 s of CPU, each in a child that is reaped before the next starts
        child = fork()
        if child == 0:
            start = time.process_time()
            while time.process_time() - start < 0.5:
                pass
            os._exit(0)
        os.waitpid(child, 0)
    return [16.0]
"""

HOLDS_IN_CHILDREN = """
import ctypes, os, time

fork = ctypes.CDLL(None).fork  # the grader's audit hook refuses os.fork: libc's is the kernel's business

def q_function(a, b):
    reader, writer = os.pipe()
    children = []
    for _ in range(8):  # 8 x 150 MiB, each held by a child that stays
        child = fork()
        if child == 0:
            held = bytearray(150 << 20)
            for i in range(0, len(held), 4096):
                held[i] = 1
            os.write(writer, b"x")
            time.sleep(600)
            os._exit(0)
        children.append(child)
    os.close(writer)
    while os.read(reader, 1):
        pass
    alive = sum(1 for c in children if os.waitpid(c, os.WNOHANG) == (0, 0))
    return [alive * 150.0]  # MiB held at once
"""

HOLDS_IN_A_MEMFD = """
import os

held = []

def q_function(a, b):
    chunk = b"x" * (4 << 20)  # as large as the file-size limit lets one be
    for _ in range(256):  # 1 GiB, in pages no address space counts
        fd = os.memfd_create("held")
        os.write(fd, chunk)
        held.append(fd)
    return [4.0 * len(held)]
"""

HOLDS_IN_TMPFS = """
import ctypes, os

libc = ctypes.CDLL(None)  # the grader's audit hook refuses a write outside the scratch folder: libc's open

def q_function(a, b):
    held = 0
    for folder in ("/dev/shm", "."):  # the private /dev/shm (256 MiB) and the scratch tmpfs (512 MiB)
        for index in range(200):
            fd = libc.open(os.path.join(folder, f"held-{index}").encode(), os.O_CREAT | os.O_WRONLY, 0o600)
            try:
                if fd < 0 or os.write(fd, b"x" * (4 << 20)) < (4 << 20):
                    break
            except OSError:
                break
            finally:
                if fd >= 0:
                    os.close(fd)
            held += 4
    return [float(held)]
"""

HANGS = """
import time

def q_function(a, b):
    time.sleep(600)
"""

CONNECTS = """
import os, socket

def q_function(a, b):
    reached = []
    for path in PATHS:
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            client.connect(path)
            reached.append(1.0)
        except OSError:
            reached.append(0.0)
        finally:
            client.close()
    return reached
"""

# The judge's child: burners that never stop, then a hang. MARKER (a folder on the judge's PYTHONPATH) is in the
# forkserver's command line, which every worker and every process it forks keeps.
SPAWNS_BURNERS = """
import ctypes, os, time

fork = ctypes.CDLL(None).fork  # the grader's audit hook refuses os.fork: libc's is the kernel's business

def q_function(a, b):
    for _ in range(2):
        if fork() == 0:
            while True:
                pass
    while True:
        pass
"""


@pytest.fixture(scope="module")
def kit():
    """A copy of the kit an ordinary user may read (this checkout may be in a folder only root may enter)."""
    folder = Path(tempfile.mkdtemp(prefix="agkit-cgroups-"))
    folder.chmod(0o755)
    for part in KIT_PARTS:
        source = KIT_ROOT / part
        if source.is_dir():
            shutil.copytree(source, folder / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (folder / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, folder / part)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def learner_dir():
    folder = Path(tempfile.mkdtemp(prefix="agkit-learner-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def judge(kit: Path, folder: Path, source: str, as_user: list[str], timeout_s: float = 3, memory_mb: int = 2048,
          without: str = "seccomp", mode: str = "", env: dict | None = None) -> dict:
    learner = folder / "04_gradients_by_hand.py"
    learner.write_text(source)
    learner.chmod(0o644)
    command = [*as_user, sys.executable, "-c", JUDGE, str(kit), str(learner), str(timeout_s), str(memory_mb),
               without, mode]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=folder,
                            env={**os.environ, **(env or {})})
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def no_group_left(report: dict) -> None:
    """Nothing of that judge's is left in any cgroup tree."""
    if os.geteuid() != 0:
        return
    groups = cgroup_place.judge_groups()
    assert not isinstance(groups, str), groups
    for base in groups.place.bases.values():
        assert not (base / cgroup_place.KIT / str(report["judge"])).exists()


# --- v2 and the places, against a fake tree (this machine's controllers belong to v1) --------------------------


@pytest.fixture
def fake_rmdir(monkeypatch):
    """A fake tree's folders hold plain files where the real one has the kernel's: remove those first."""
    monkeypatch.setattr(cgroups, "rmdir", lambda path: shutil.rmtree(path))


def test_a_v2_group_is_made_counted_killed_and_removed_through_its_files(tmp_path, fake_rmdir):
    group = cgroups.GroupV2.make(tmp_path, "worker-1", 200 * MIB, tasks=64)
    folder = tmp_path / "worker-1"
    assert (folder / "memory.max").read_text() == str(200 * MIB)
    assert (folder / "pids.max").read_text() == "64"
    assert group.procs_files() == (str(folder / "cgroup.procs"),)
    (folder / "cpu.stat").write_text("usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\n")
    (folder / "memory.peak").write_text("123456\n")
    assert group.cpu_seconds() == 2.5 and group.memory_peak() == 123456
    (folder / "cgroup.kill").write_text("")
    (folder / "cgroup.procs").write_text("")
    group.kill()
    assert (folder / "cgroup.kill").read_text() == "1"
    assert group.remove() and not folder.exists()


def test_a_v2_group_says_no_swap_where_the_hierarchy_has_swap(tmp_path, monkeypatch):
    made = []
    real_mkdir = Path.mkdir

    def mkdir_with_swap(self, *args, **kwargs):
        real_mkdir(self, *args, **kwargs)
        (self / "memory.swap.max").write_text("max")  # what the kernel makes with the group
        made.append(self)

    monkeypatch.setattr(Path, "mkdir", mkdir_with_swap)
    cgroups.GroupV2.make(tmp_path, "worker-1", MIB)
    assert (made[0] / "memory.swap.max").read_text() == "0"


def _v2_tree(root: Path, own: str, writable: bool = True) -> Path:
    folder = root / own.lstrip("/")
    folder.mkdir(parents=True)
    (root / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    (folder / "cgroup.controllers").write_text("cpu memory pids\n")
    (folder / "cgroup.subtree_control").write_text("")
    (folder / "cgroup.procs").write_text("4242\n4243\n")
    if not writable:
        for path in (folder, folder / "cgroup.procs", folder / "cgroup.subtree_control"):
            path.chmod(0o555 if path.is_dir() else 0o444)
    return folder


def test_v2_places_as_root_and_where_systemd_delegated_a_subtree(tmp_path):
    own = "/user.slice/user-1000.slice/user@1000.service/app.slice/grade.scope"
    folder = _v2_tree(tmp_path, own)
    mounts = cgroup_place.Mounts(v1={}, v2=tmp_path, own_v1={}, own_v2=own)
    assert cgroup_place.find(mounts, as_root=True) == cgroup_place.Place(2, {"": tmp_path}, "as root")
    assert cgroup_place.find(mounts, as_root=False) == cgroup_place.Place(2, {"": folder}, "delegated by systemd")
    bare = cgroup_place.Mounts(v1={}, v2=tmp_path / "empty", own_v1={}, own_v2="/")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "cgroup.controllers").write_text("")
    assert "no delegation" in cgroup_place.find(bare, as_root=False)
    assert "no cgroup v2" in cgroup_place.find(cgroup_place.Mounts({}, None, {}, None), as_root=False)


def test_a_subtree_the_user_may_not_write_is_no_delegation():
    # Root passes every mode bit: seen as the ordinary user it would be, in a folder that user may reach.
    root = Path(tempfile.mkdtemp(prefix="agkit-fake-cgroup-"))
    try:
        root.chmod(0o755)
        _v2_tree(root, "/a/b", writable=False)
        (root / "a").chmod(0o755)
        command = [*(AS_USER if os.geteuid() == 0 else []), sys.executable, "-c",
                   "import sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path; "
                   "from autograd_kit.sandbox.kernel import cgroup_place as c; "
                   "print(c.find(c.Mounts({}, Path(sys.argv[2]), {}, '/a/b'), as_root=False))",
                   str(KIT_ROOT), str(root)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd="/tmp")
        assert "no delegation: this user may not write its own cgroup" in result.stdout, result.stderr
    finally:
        for path in (root / "a" / "b", *(root / "a" / "b").iterdir()):
            path.chmod(0o755)
        shutil.rmtree(root)


@pytest.fixture
def fake_mkdir(monkeypatch):
    """mkdir in a fake tree gives a new group the kernel's files that the code reads before it writes."""
    real_mkdir = Path.mkdir

    def mkdir(self, *args, **kwargs):
        real_mkdir(self, *args, **kwargs)
        for name in ("cgroup.procs", "cgroup.subtree_control"):
            if not (self / name).exists():
                (self / name).write_text("")

    monkeypatch.setattr(Path, "mkdir", mkdir)


def test_a_delegated_judge_moves_into_a_leaf_and_hands_the_controllers_down(tmp_path, fake_rmdir, fake_mkdir):
    own = "/user.slice/user@1000.service/app.slice/grade.scope"
    folder = _v2_tree(tmp_path, own)
    place = cgroup_place.Place(2, {"": folder}, "delegated by systemd")
    groups = cgroup_place.Groups(place, judge_pid=os.getpid())
    group = groups.make(100 * MIB)
    assert (folder / cgroup_place.LEAF / "cgroup.procs").read_text() in ("4242", "4243")
    assert (folder / "cgroup.subtree_control").read_text() == "+memory +pids"
    assert (folder / cgroup_place.KIT / "cgroup.subtree_control").read_text() == "+memory +pids"
    judge_folder = folder / cgroup_place.KIT / str(os.getpid())
    assert group.directory == judge_folder / "worker-1"
    assert (group.directory / "memory.max").read_text() == str(100 * MIB)


def test_the_mounts_and_cgroup_files_name_each_v1_tree_and_the_v2_one(tmp_path):
    (tmp_path / "mounts").write_text(
        "cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0\n"
        "cgroup /sys/fs/cgroup/cpu,cpuacct cgroup rw,cpu,cpuacct 0 0\n"
        "cgroup /sys/fs/cgroup/pids cgroup rw,pids 0 0\ncgroup /sys/fs/cgroup/freezer cgroup rw,freezer 0 0\n"
        "cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0\n")
    (tmp_path / "cgroup").write_text("4:memory:/jobs/7\n3:cpu,cpuacct:/\n2:pids:/\n1:freezer:/\n0::/\n")
    mounts = cgroup_place.read_mounts(tmp_path)
    assert mounts.v1["cpuacct"] == Path("/sys/fs/cgroup/cpu,cpuacct") and mounts.own_v1["memory"] == "/jobs/7"
    assert mounts.v2 == Path("/sys/fs/cgroup/unified") and mounts.own_v2 == "/"


def test_untrusted_work_runs_without_a_cgroup_and_the_grade_says_it_was_missing(tmp_path):
    # A root grader in a container (Gradescope's, Docker's default) has /sys/fs/cgroup read-only: the other
    # layers still hold, so a class is graded rather than refused; the grade names what was missing.
    folder = tmp_path / "ana"
    folder.mkdir()
    shutil.copy(KIT_ROOT / "solutions" / "04_gradients_by_hand.py", folder)
    result = run_grader("04", "--submission", str(folder), "--format", "json",
                        env={"AUTOGRAD_KIT_WITHOUT_LAYERS": "cgroup"})
    grade = json.loads(result.stdout)
    assert result.returncode == 0 and grade["points"] == 10, result.stdout + result.stderr
    assert grade["isolation"]["cgroup"] == "off: left out (AUTOGRAD_KIT_WITHOUT_LAYERS); CPU summed over the PID namespace"
    assert all(v.startswith("on") for k, v in grade["isolation"].items() if k != "cgroup"), grade["isolation"]


# --- v1, for real (root) ----------------------------------------------------------------------------------


def test_a_v1_group_counts_the_cpu_of_children_that_exited_and_kills_all_at_once():
    groups = cgroup_place.judge_groups()
    if os.geteuid() != 0:
        assert isinstance(groups, str) and "CPU" not in groups  # the reason alone; worker_cgroup adds the rest
        return
    assert not isinstance(groups, str), groups
    group = groups.make(64 * MIB)
    assert group.version == 1
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:
        try:
            os.close(reader)
            cgroups.join(group.procs_files())
            for _ in range(2):
                if os.fork() == 0:
                    start = time.process_time()
                    while time.process_time() - start < 0.3:
                        pass
                    os._exit(0)
                os.wait()
            os.fork()  # one more, and both wait to be killed
            os.write(writer, b"x")
            time.sleep(600)
        finally:
            os._exit(1)
    os.close(writer)
    try:
        assert os.read(reader, 1) == b"x"
        assert (group.cpu_seconds() or 0) >= 0.6  # both reaped children's time is still there
        assert len(group.pids()) == 2
    finally:
        os.close(reader)
        groups.remove(group)
        os.waitpid(child, 0)
    assert not any(d.exists() for d in group.directories.values())


# --- what the groups bound, through a judge --------------------------------------------------------------


@pytest.mark.parametrize("as_user", [AS_ROOT, AS_USER], ids=["root", "user"])
def test_cpu_burned_in_children_that_exited_counts(kit, learner_dir, as_user):
    report = judge(kit, learner_dir, BURNS_IN_CHILDREN_THAT_EXIT, as_user, timeout_s=2)
    assert report["kind"] == "timeout", report
    message = report["error"]["message"]
    # Met the CPU limit; or, on a machine so busy that the wall-clock backstop came first, counted more CPU
    # than the live processes ever held at once (the parent's few ms and one child's 0.5 s at most).
    waited = re.search(r"used only ([0-9.]+) s of CPU", message)
    assert "CPU time, the limit" in message or (waited and float(waited[1]) >= 1.0), message
    expected = "on: v1" if not as_user and os.geteuid() == 0 else "off: no delegation"
    assert report["layers"]["cgroup"].startswith(expected), report["layers"]
    no_group_left(report)


@pytest.mark.parametrize("attack", [HOLDS_IN_CHILDREN, HOLDS_IN_A_MEMFD, HOLDS_IN_TMPFS],
                         ids=["children", "memfd", "tmpfs"])
def test_memory_held_in_children_a_memfd_or_a_tmpfs_is_bounded_by_the_limit(kit, learner_dir, attack):
    if os.geteuid() != 0:
        return  # an ordinary user has no cgroup here: README says what holds without one
    report = judge(kit, learner_dir, attack, AS_ROOT, timeout_s=20, memory_mb=200)
    assert report["layers"]["cgroup"].startswith("on"), report["layers"]
    held = report["value"][0] if report["kind"] == "returned" else 0
    assert report["kind"] in ("crashed", "memory", "raised", "exited") or held <= 200, report
    peak = max(p for p in report["peaks"] if p is not None)
    # All of it was charged to the worker's group (it came near the limit), and none of it went beyond.
    assert 100 * MIB < peak <= 200 * MIB, peak
    no_group_left(report)


def test_a_worker_that_is_pid_1_dies_of_a_plain_kill(kit, learner_dir):
    for as_user in ([AS_ROOT, AS_USER] if os.geteuid() == 0 else [AS_ROOT]):
        report = judge(kit, learner_dir, HANGS, as_user, timeout_s=2, mode="sigterm")
        assert report["kind"] in ("crashed", "exited"), report  # not a hang that ran into the wall clock
        no_group_left(report)


def test_unix_sockets_in_tmp_and_the_runtime_folder_are_out_of_reach(kit, learner_dir):
    runtime = Path(tempfile.mkdtemp(prefix="agkit-runtime-"))
    servers = []
    try:
        paths = [str(Path(tempfile.gettempdir()) / f"agkit-socket-{os.getpid()}"), str(runtime / "bus")]
        for path in paths:
            server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            server.bind(path)
            os.chmod(path, 0o777)
            server.listen()
            servers.append(server)
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        probe.connect(paths[0])  # they do answer, outside the sandbox
        probe.close()
        source = CONNECTS.replace("PATHS", repr(paths))
        report = judge(kit, learner_dir, source, AS_ROOT, without="seccomp,landlock",
                       env={"XDG_RUNTIME_DIR": str(runtime)})
        assert report == {**report, "kind": "returned", "value": [0.0, 0.0]}, report
        assert "covered /tmp, /run" in report["layers"]["namespaces"]
    finally:
        for server in servers:
            server.close()
        for path in paths:
            Path(path).unlink(missing_ok=True)
        shutil.rmtree(runtime, ignore_errors=True)


COVERS_A_SOCKET = """
import os, socket, sys
sys.path.insert(0, sys.argv[1])
from autograd_kit.sandbox.kernel import namespaces
path = sys.argv[2]
namespaces.unshare(namespaces.CLONE_NEWNS | (0 if os.geteuid() == 0 else namespaces.CLONE_NEWUSER))
namespaces.mount("none", "/", None, namespaces.MS_REC | namespaces.MS_PRIVATE)
print(namespaces.cover([path, path + "-missing", sys.argv[3]], keep=[sys.argv[3] + "/python"]))
client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
try:
    client.connect(path)
    print("reached")
except OSError:
    print("refused")
"""


def test_a_socket_file_like_dev_log_is_covered_and_a_missing_path_or_pythons_folder_left_alone(tmp_path):
    path = tmp_path / "log"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen()
    try:
        result = subprocess.run([sys.executable, "-c", COVERS_A_SOCKET, str(KIT_ROOT), str(path), str(tmp_path)],
                                capture_output=True, text=True, timeout=120)
        assert result.stdout.split("\n")[:2] == [repr([str(path)]), "refused"], result.stdout + result.stderr
    finally:
        server.close()


# --- a judge that is killed ------------------------------------------------------------------------------


def _marked(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _wait_for(condition, limit_s: float = 120) -> bool:
    """Poll CONDITION (a generous limit: this machine is shared; nothing is asserted about how long it took)."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


@pytest.mark.parametrize("as_user", [AS_ROOT, AS_USER], ids=["root", "user"])
def test_nothing_of_a_grade_outlives_its_judge_killed_mid_grade(kit, learner_dir, as_user):
    marker = Path(tempfile.mkdtemp(prefix="agkit-grade-marker-"))
    marker.chmod(0o755)
    submission = learner_dir / "ana"
    submission.mkdir()
    (submission / "04_gradients_by_hand.py").write_text(SPAWNS_BURNERS)
    submission.chmod(0o755)
    env = {**os.environ, "PYTHONPATH": f"{kit}:{marker}", "AUTOGRAD_KIT_WITHOUT_LAYERS": "seccomp"}
    grader = subprocess.Popen([*as_user, sys.executable, "grader.py", "04", "--target", str(submission),
                               "--timeout", "60"], cwd=kit, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        # The forkserver, the worker (and a non-root worker's shell) and its two burners.
        assert _wait_for(lambda: len(_marked(str(marker))) >= 4), _marked(str(marker))
        judge_pid = grader.pid  # as_user.py execs the grader: the same process
        os.kill(judge_pid, signal.SIGKILL)
        assert _wait_for(lambda: not _marked(str(marker))), _marked(str(marker))
    finally:
        os.killpg(grader.pid, signal.SIGKILL)
        grader.wait()
        for pid in _marked(str(marker)):
            os.kill(pid, signal.SIGKILL)
        shutil.rmtree(marker, ignore_errors=True)
    if not as_user and os.geteuid() == 0:
        groups = cgroup_place.judge_groups()
        folders = [base / cgroup_place.KIT / str(judge_pid) for base in groups.place.bases.values()]
        assert all(f.exists() for f in folders)  # left behind by a judge that had no chance to remove them
        for folder in folders:
            cgroup_place.sweep(folder.parent, groups.place.version)  # what the next judge does
        assert not any(f.exists() for f in folders)

