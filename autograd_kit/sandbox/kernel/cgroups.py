"""Control groups: one per worker, so memory, processes and CPU count everything the worker starts.

RLIMIT_AS bounds one process's address space; a worker's children, a memfd and
the pages of a tmpfs escape it, and /proc forgets the CPU of children that
exited. A cgroup counts them all, the way container runtimes use it: a memory
limit (tmpfs and shared memory included, no swap), a limit on tasks, CPU time
from the group's own accounting, and a way to end every process in it at once.

The judge makes the group, in `autograd-kit/<judge pid>/<worker>` under its
own cgroup (cgroup_parent.py says where); the worker joins it itself while it
is still root, before anything else of its lock-down (confinement.py); the
judge reads its CPU and peak memory, kills what is in it and removes it.

Both hierarchies: v2 (one tree: memory.max, memory.swap.max, pids.max,
cpu.stat, cgroup.kill) and v1 (a tree per controller: memory.limit_in_bytes
and memory.memsw.limit_in_bytes, pids.max, cpuacct.usage, freezer). Each class
works on the directories it is given, so the v2 code runs in a test against a
fake tree on a machine whose controllers v1 owns.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

V1_CONTROLLERS = ("memory", "pids", "cpuacct", "freezer")
V2_CONTROLLERS = ("memory", "pids")  # cpu.stat's usage_usec is there without the cpu controller
TASKS = 256  # threads and processes of one worker (torch's pools, a learner's few children)
WAIT_S = 5.0  # for the kernel to freeze a group, or to empty it once everything in it was killed
POLL_S = 0.005


class CgroupError(OSError):
    pass


def write(path: Path, text: str) -> None:
    with open(path, "w", encoding="ascii") as file:
        file.write(text)


def read(path: Path) -> str:
    with open(path, encoding="ascii") as file:
        return file.read()


def rmdir(path: Path) -> None:
    """Remove a cgroup's directory (its interface files go with it); a test swaps this for a fake tree."""
    os.rmdir(path)


def join(procs_files: tuple[str, ...]) -> None:
    """Move this process, with all its threads, into the group (worker side, while still root).

    "0" is the writer itself, whatever PID namespace it is in.
    """
    for path in procs_files:
        write(Path(path), "0")


def _pids(procs_file: Path) -> list[int]:
    try:
        return [int(line) for line in read(procs_file).split()]
    except (OSError, ValueError):
        return []


def _wait(done: Callable[[], bool], limit_s: float = WAIT_S) -> bool:
    deadline = time.monotonic() + limit_s
    while not done():
        if time.monotonic() > deadline:
            return False
        time.sleep(POLL_S)
    return True


def _remove_when_empty(directories: list[Path]) -> bool:
    """rmdir each directory, waiting for the kernel to finish ending what was in it (EBUSY meanwhile)."""
    left = [d for d in directories if d.exists()]

    def removed() -> bool:
        for directory in list(left):
            try:
                rmdir(directory)
            except FileNotFoundError:
                pass
            except OSError:
                continue
            left.remove(directory)
        return not left

    return _wait(removed)


class GroupV2:
    """One worker's group on cgroup v2: a single directory."""

    version = 2

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @classmethod
    def make(cls, parent: Path, name: str, memory_bytes: int, tasks: int = TASKS) -> GroupV2:
        directory = parent / name
        directory.mkdir()
        group = cls(directory)
        try:
            write(directory / "memory.max", str(memory_bytes))
            if (directory / "memory.swap.max").exists():
                write(directory / "memory.swap.max", "0")
            write(directory / "pids.max", str(tasks))
        except OSError:
            group.remove()
            raise
        return group

    def describe(self) -> str:
        return "v2 memory, pids, cpu.stat, cgroup.kill"

    def procs_files(self) -> tuple[str, ...]:
        return (str(self.directory / "cgroup.procs"),)

    def cpu_seconds(self) -> float | None:
        try:
            fields = dict(line.split() for line in read(self.directory / "cpu.stat").splitlines() if line.strip())
            return int(fields["usage_usec"]) / 1e6
        except (OSError, KeyError, ValueError):
            return None

    def memory_peak(self) -> int | None:
        try:
            return int(read(self.directory / "memory.peak"))
        except (OSError, ValueError):
            return None

    def pids(self) -> list[int]:
        return _pids(self.directory / "cgroup.procs")

    def kill(self) -> None:
        """End every process in the group at once (cgroup.kill, Linux 5.14), or freeze, kill each, thaw."""
        if (self.directory / "cgroup.kill").exists():
            write(self.directory / "cgroup.kill", "1")
        else:
            _freeze_and_kill(self.directory / "cgroup.freeze", "1", "0", self.pids,
                             lambda: read(self.directory / "cgroup.events").find("frozen 1") >= 0)
        _wait(lambda: not self.pids())

    def remove(self) -> bool:
        return _remove_when_empty([self.directory])


class GroupV1:
    """One worker's group on cgroup v1: a directory in each controller's tree, all of the same name."""

    version = 1

    def __init__(self, directories: dict[str, Path]) -> None:
        self.directories = directories

    @classmethod
    def make(cls, parents: dict[str, Path], name: str, memory_bytes: int, tasks: int = TASKS) -> GroupV1:
        group = cls({})
        try:
            for controller in V1_CONTROLLERS:
                directory = parents[controller] / name
                directory.mkdir()
                group.directories[controller] = directory
            memory = group.directories["memory"]
            write(memory / "memory.limit_in_bytes", str(memory_bytes))
            if (memory / "memory.memsw.limit_in_bytes").exists():  # memory and swap together: no swap on top
                write(memory / "memory.memsw.limit_in_bytes", str(memory_bytes))
            write(group.directories["pids"] / "pids.max", str(tasks))
        except OSError:
            group.remove()
            raise
        return group

    def describe(self) -> str:
        swap = " (+swap)" if (self.directories["memory"] / "memory.memsw.limit_in_bytes").exists() else ""
        return f"v1 memory{swap}, pids, cpuacct, freezer"

    def procs_files(self) -> tuple[str, ...]:
        return tuple(str(self.directories[c] / "cgroup.procs") for c in V1_CONTROLLERS)

    def cpu_seconds(self) -> float | None:
        try:
            return int(read(self.directories["cpuacct"] / "cpuacct.usage")) / 1e9
        except (OSError, ValueError):
            return None

    def memory_peak(self) -> int | None:
        try:
            return int(read(self.directories["memory"] / "memory.max_usage_in_bytes"))
        except (OSError, ValueError):
            return None

    def pids(self) -> list[int]:
        return _pids(self.directories["freezer"] / "cgroup.procs")

    def kill(self) -> None:
        """Freeze (so nothing forks or exits while it is listed), SIGKILL every process listed, thaw."""
        state = self.directories["freezer"] / "freezer.state"
        _freeze_and_kill(state, "FROZEN", "THAWED", self.pids, lambda: read(state).strip() == "FROZEN")
        _wait(lambda: not self.pids())

    def remove(self) -> bool:
        return _remove_when_empty(list(self.directories.values()))


def _freeze_and_kill(switch: Path, frozen: str, thawed: str, pids: Callable[[], list[int]],
                     is_frozen: Callable[[], bool]) -> None:
    if not pids():
        return
    try:
        write(switch, frozen)
        _wait(is_frozen)
        for pid in pids():  # frozen: none of these PIDs can exit and be reused meanwhile
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    finally:
        write(switch, thawed)


Group = GroupV1 | GroupV2
