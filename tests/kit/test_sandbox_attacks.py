"""A class with attackers in it, graded in one batch as root and again as an ordinary user.

Each file in tests/kit/attacks goes after something the kernel's sandbox must keep out of reach
(confinement.py): the reference solution through every path form and reader, files outside its
scratch folder, processes that outlive it, its peers' files, the network, /tmp and /dev/shm, the
judge's own process, links planted where the judge once read by path, and (through libc, past the
audit hook) UNIX sockets, socketpairs, new processes and memfds, which seccomp's allowlist refuses.
Every attack is graded as exercise 07, where it scores 0 points when the attack fails and 2 if it got what it was after (see
attacks/_common.txt). Each must get exactly its honest points, the honest students beside it must
keep theirs, and nothing may be left running or written behind.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import KIT_ROOT, SOLUTIONS, grading_limit_s, run_grader, valid_result

ATTACKS = Path(__file__).with_name("attacks")
AS_USER = Path(__file__).with_name("as_user.py")
UNPRIVILEGED_UID = 54321
SLOT = "07_requires_grad"
HONEST = {"04_gradients_by_hand": 10, "07_requires_grad": 6, "09_no_grad_context": 4}
# attack file -> points for exercise 07. Every attack reaches past its own objects (ctypes, exec, sockets, the kit),
# so how predict_requires_grad is written cannot be vouched for and earns nothing (checks/source.py): an attack
# that fails scores 0, one that succeeds 2; a daemon or a filler leaves count_trainable honest (2).
EXPECTED = {
    "reads_through_dir_fd.py": 0,
    "reads_through_opener_and_mmap.py": 0,
    "reads_through_torch_and_ctypes.py": 0,
    "reads_through_links_and_proc.py": 0,
    "swaps_a_symlink.py": 0,
    "writes_outside.py": 0,
    "leaves_a_daemon.py": 2,
    "reads_peers.py": 0,
    "uses_the_network.py": 0,
    "fills_tmp_and_shm.py": 2,
    "attacks_the_grader_process.py": 0,
    "connects_to_unix_sockets.py": 0,
    "makes_a_socketpair.py": 0,
    "starts_a_process.py": 0,
    "holds_memfd_memory.py": 0,
}
# The first test of each mode grades the class (the attacks and two honest students): its limit grows with it.
CLASS_LIMIT_S = grading_limit_s(len(EXPECTED) + 2)
KIT_PARTS = ("grader.py", "pyproject.toml", "autograd_kit", "solutions", "tests/checks")


class SolutionServer:
    """A TCP server on 127.0.0.1 that hands the reference solution to anyone who connects."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            with client:
                client.sendall((SOLUTIONS / f"{SLOT}.py").read_bytes())

    def close(self) -> None:
        self.listener.close()


class UnixSolutionServers:
    """The same, on UNIX sockets anyone may connect to: one in a folder the worker can see (/tmp), one where
    a system's logger would listen (/dev/log-style, in /dev)."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="agkit-sockets-"))
        self.folder.chmod(0o755)
        self.paths = [str(self.folder / "solution.sock"), f"/dev/agkit-log-{os.getpid()}"]
        self.listeners = []
        self.connections = 0
        for path in self.paths:
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            listener.bind(path)
            os.chmod(path, 0o777)
            listener.listen()
            self.listeners.append(listener)
            threading.Thread(target=self._serve, args=(listener,), daemon=True).start()

    def _serve(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            self.connections += 1
            with client:
                client.sendall((SOLUTIONS / f"{SLOT}.py").read_bytes())

    def close(self) -> None:
        for listener, path in zip(self.listeners, self.paths):
            listener.close()
            Path(path).unlink(missing_ok=True)
        shutil.rmtree(self.folder, ignore_errors=True)


def build_class(root: Path, out: Path, port: int, kit_file: Path, sockets: list[str]) -> Path:
    folder = root / "submissions"
    for student in ("honest", "honest_too"):
        for name in HONEST:
            (folder / student).mkdir(parents=True, exist_ok=True)
            shutil.copy(SOLUTIONS / f"{name}.py", folder / student / f"{name}.py")
    targets = [str(out / "results" / "honest.json"), str(out / "gradebook.csv"), str(out / "summary.json"),
               str(kit_file)]
    filled = {"TARGETS = []": f"TARGETS = {targets!r}", "PEERS = []": f"PEERS = {[str(folder), str(out)]!r}",
              "PORT = 0": f"PORT = {port}", "SOCKETS = []": f"SOCKETS = {sockets!r}"}
    for attack in EXPECTED:
        text = (ATTACKS / attack).read_text()
        for placeholder, value in filled.items():
            text = text.replace(placeholder, value)
        student = folder / attack.removesuffix(".py")
        student.mkdir(parents=True)
        (student / f"{SLOT}.py").write_text(text)
    return folder


@dataclass
class Graded:
    out: Path
    result: subprocess.CompletedProcess
    server: SolutionServer
    unix_servers: UnixSolutionServers
    kit_file: Path
    kit_before: str


def _grade_class(as_root: bool, env: dict[str, str] | None = None, extra: tuple[str, ...] = (),
                 copy_kit: bool = False, under: str | None = None, limit_s: float = CLASS_LIMIT_S) -> Graded:
    """As root, the kit as it is. As an ordinary user, a copy of the kit that user owns, as a TA's checkout
    would be: the sandbox, not file ownership, must keep a submission off the kit's files.

    ENV and EXTRA (grader arguments) let bench/layer_matrix.py grade the same class with a layer left out;
    COPY_KIT grades a root run's copy too, so an attack that gets through cannot change the kit itself; UNDER
    is the folder the class and the copy go in (not /tmp, which a worker's namespaces cover, when a column
    must show what the other layers alone keep out).
    A root run with ENV is started through as_user.py's --stay-root, which shows every user the way to
    Python, as a container image that installs Python under /usr does."""
    root = Path(tempfile.mkdtemp(prefix="agkit-class-", dir=under))
    root.chmod(0o755)
    kit = KIT_ROOT if (as_root and not copy_kit) or os.geteuid() != 0 else root / "kit"
    if kit != KIT_ROOT:
        for part in KIT_PARTS:
            source = KIT_ROOT / part
            if source.is_dir():
                shutil.copytree(source, kit / part, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                (kit / part).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(source, kit / part)
    kit_file = kit / "autograd_kit" / "grading" / "results.py"
    out = root / "grades"
    server, unix_servers = SolutionServer(), UnixSolutionServers()
    folder = build_class(root, out, server.port, kit_file, unix_servers.paths)
    kit_before = hashlib.sha256(kit_file.read_bytes()).hexdigest()
    arguments = ["batch", str(folder), "--out", str(out), "--jobs", "2", "--seed", "23", "--timeout", "5", *extra]
    if (as_root and not env) or os.geteuid() != 0:
        result = run_grader(*arguments, cwd=kit, env=env, limit_s=limit_s)
    else:
        if not as_root:
            for path in [root, *root.rglob("*")]:
                os.chown(path, UNPRIVILEGED_UID, UNPRIVILEGED_UID, follow_symlinks=False)
        become = [str(UNPRIVILEGED_UID)] + (["--stay-root"] if as_root else [])
        command = [sys.executable, str(AS_USER), *become, "--", sys.executable, "grader.py", *arguments]
        result = subprocess.run(command, cwd=kit, capture_output=True, text=True, timeout=limit_s,
                                env={**os.environ, "LANG": "C.UTF-8", "LC_ALL": "", "COLUMNS": "200",
                                     "AS_USER_HOME": str(root), **(env or {})})
    server.close()
    unix_servers.close()
    return Graded(out, result, server, unix_servers, kit_file, kit_before)


def _modes() -> list[bool]:
    """As root (Gradescope, a container), and as an ordinary user, which a root test run can become."""
    return [True, False] if os.geteuid() == 0 else [False]


@pytest.fixture(scope="module", params=_modes(), ids=lambda root: "as root" if root else "as an ordinary user")
def graded(request) -> Graded:
    return _grade_class(request.param)


@pytest.mark.timeout(CLASS_LIMIT_S)
def test_the_batch_finishes(graded):
    result = graded.result
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Graded {len(EXPECTED) + 2} of {len(EXPECTED) + 2}" in result.stdout


@pytest.mark.parametrize("attack", sorted(EXPECTED))
def test_each_attack_earns_exactly_its_honest_points(graded, attack):
    answer = json.loads((graded.out / "results" / f"{attack.removesuffix('.py')}.json").read_text())
    exercise = next(e for e in answer["grade"]["exercises"] if e["name"] == SLOT)
    messages = "\n".join(f'{c["name"]}: {c["message"]} {c["output"][:300]}' for c in exercise["checks"])
    assert exercise["points"] == EXPECTED[attack], messages
    assert answer["grade"]["points"] == EXPECTED[attack]


def test_honest_students_keep_every_point(graded):
    rows = {row["student"]: row for row in csv.DictReader((graded.out / "gradebook.csv").open(encoding="utf-8"))}
    for student in ("honest", "honest_too"):
        assert float(rows[student]["total"]) == sum(HONEST.values()), rows[student]


def test_every_grade_says_the_sandbox_was_whole(graded):
    # An ordinary user has a cgroup only where systemd delegates one, and these machines have no systemd.
    as_root = os.geteuid() == 0 and graded.kit_file.is_relative_to(KIT_ROOT)
    for path in (graded.out / "results").glob("*.json"):
        isolation = valid_result(json.loads(path.read_text())["grade"])["isolation"]
        assert isolation.pop("cgroup").startswith("on" if as_root else "off: no delegation"), (path.name, isolation)
        assert isolation and all(status.startswith("on") for status in isolation.values()), (path.name, isolation)


def test_nothing_is_left_running_or_written(graded):
    out = graded.out
    assert hashlib.sha256(graded.kit_file.read_bytes()).hexdigest() == graded.kit_before
    assert graded.server.connections == 0
    assert graded.unix_servers.connections == 0
    names = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            names.append(Path(f"/proc/{pid}/comm").read_text().strip())
        except OSError:
            continue
    assert "agkit-daemon" not in names
    for folder in ("/tmp", "/dev/shm", os.path.expanduser("~")):
        left = [n for n in os.listdir(folder) if n.startswith(("agkit-fill", "agkit-escape", "agkit.txt"))]
        assert left == [], folder
    assert not any("POINTS_FOR_EVERYONE" in p.read_text() for p in (out / "results").glob("*.json"))
    assert "1000" not in (out / "gradebook.csv").read_text()


def test_the_grades_are_for_the_instructor_alone(graded):
    out = graded.out
    for folder in (out, out / "results"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in [*out.glob("*.*"), *(out / "results").glob("*.json")]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_a_planted_link_or_fifo_is_never_followed(graded):
    answer = json.loads((graded.out / "results" / "fills_tmp_and_shm.json").read_text())
    printed = "\n".join(c["output"] for e in answer["grade"]["exercises"] for c in e["checks"])
    assert "filled" in printed and "root:" not in printed
