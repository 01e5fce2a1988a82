"""Where the judge may make its workers' cgroups, and making them there (judge side).

As root: v1 where its memory, pids, cpuacct and freezer trees are mounted (the
judge's own cgroup in each tree, so whatever bounds the grader still bounds its
workers), else v2's hierarchy root, with the controllers switched on on the way down.
As an ordinary user: a v2 subtree systemd delegated to this user, i.e. the
judge's own cgroup when the user may write it (`systemd-run --user --scope
-p Delegate=yes grader.py ...` gives the grader one). v2 lets only a group without
processes hand controllers to its children, so the judge's processes first move
into a leaf of their own, as container runtimes do. Without any of these there
is no group, and the report says why.

Every group lies in `autograd-kit/<judge pid>/worker-<n>`; the judge's folder
goes as soon as its last group does, and one left by a judge that was killed is
swept (its processes killed) by the next judge that makes a group there.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from autograd_kit.sandbox.kernel.cgroups import V1_CONTROLLERS, V2_CONTROLLERS, Group, GroupV1, GroupV2, read, write

KIT = "autograd-kit"
LEAF = "autograd-kit-judge"  # where a delegated judge's own processes move (v2: no processes beside children)
PROC_SELF = Path("/proc/self")


@dataclass(frozen=True)
class Place:
    version: int
    bases: dict[str, Path]  # the folder that holds KIT: one per v1 controller, or {"": ...} on v2
    how: str  # "as root" or "delegated by systemd"


@dataclass(frozen=True)
class Mounts:
    v1: dict[str, Path]  # controller -> mount point
    v2: Path | None
    own_v1: dict[str, str]  # controller -> this process's cgroup in that tree
    own_v2: str | None


def read_mounts(proc: Path = PROC_SELF) -> Mounts:
    v1: dict[str, Path] = {}
    v2: Path | None = None
    for line in read(proc / "mounts").splitlines():
        parts = line.split()
        if len(parts) < 4:
            continue
        point, kind, options = Path(parts[1].replace("\\040", " ")), parts[2], parts[3].split(",")
        if kind == "cgroup":
            v1.update({c: point for c in options if c in V1_CONTROLLERS and c not in v1})
        elif kind == "cgroup2" and v2 is None:
            v2 = point
    own_v1: dict[str, str] = {}
    own_v2 = None
    for line in read(proc / "cgroup").splitlines():
        number, controllers, path = line.split(":", 2)
        if number == "0" and not controllers:
            own_v2 = path
        own_v1.update({c: path for c in controllers.split(",") if c in V1_CONTROLLERS})
    return Mounts(v1, v2, own_v1, own_v2)


def find(mounts: Mounts, as_root: bool) -> Place | str:
    """Where groups can be made, or why nowhere."""
    if as_root and all(c in mounts.v1 and c in mounts.own_v1 for c in V1_CONTROLLERS):
        bases = {c: mounts.v1[c] / mounts.own_v1[c].lstrip("/") for c in V1_CONTROLLERS}
        if all(os.access(b, os.W_OK) for b in bases.values()):
            return Place(1, bases, "as root")
        return "the cgroup v1 trees are not writable"
    if mounts.v2 is None:
        return "no cgroup v2 hierarchy and no complete v1 (memory, pids, cpuacct, freezer)"
    if not _has_controllers(mounts.v2):
        return "no delegation: the cgroup v2 hierarchy has no memory and pids controllers"
    if as_root:
        return Place(2, {"": mounts.v2}, "as root") if os.access(mounts.v2, os.W_OK) else \
            "the cgroup v2 hierarchy is not writable"
    own = mounts.v2 / (mounts.own_v2 or "/").lstrip("/")
    if not (own.is_dir() and _has_controllers(own) and _writable(own)):
        return "no delegation: this user may not write its own cgroup (run the grader under " \
               "systemd-run --user --scope -p Delegate=yes)"
    return Place(2, {"": own}, "delegated by systemd")


def _has_controllers(directory: Path) -> bool:
    try:
        return set(V2_CONTROLLERS) <= set(read(directory / "cgroup.controllers").split())
    except OSError:
        return False


def _writable(directory: Path) -> bool:
    return all(os.access(p, os.W_OK) for p in (directory, directory / "cgroup.procs",
                                               directory / "cgroup.subtree_control"))


def move_out_of(own: Path) -> None:
    """Delegated v2: move the processes of the judge's own group into a leaf, so the group may hand
    controllers down (a group with processes may not)."""
    if not read(own / "cgroup.procs").split():
        return
    leaf = own / LEAF
    leaf.mkdir(exist_ok=True)
    for _ in range(3):  # a process forked meanwhile is listed the next time round
        pids = read(own / "cgroup.procs").split()
        if not pids:
            return
        for pid in pids:
            try:
                write(leaf / "cgroup.procs", pid)
            except ProcessLookupError:
                pass


def enable_controllers(directory: Path) -> None:
    """v2: let DIRECTORY's children have the memory and pids controllers."""
    wanted = [c for c in V2_CONTROLLERS if c not in read(directory / "cgroup.subtree_control").split()]
    if wanted:
        write(directory / "cgroup.subtree_control", " ".join(f"+{c}" for c in wanted))


class Groups:
    """This judge's groups: made one per worker, swept of a dead judge's leftovers, its folder removed with
    its last group."""

    def __init__(self, place: Place, judge_pid: int | None = None) -> None:
        self.place = place
        self.judge = str(judge_pid or os.getpid())
        self.count = 0
        self.live = 0
        self.lock = threading.Lock()

    def make(self, memory_bytes: int) -> Group:
        with self.lock:
            self.count += 1
            name = f"worker-{self.count}"
            for attempt in range(3):  # another judge may remove KIT between our mkdir and the group's
                try:
                    group = self._make(name, memory_bytes)
                    self.live += 1
                    return group
                except FileNotFoundError:
                    if attempt == 2:
                        raise
            raise AssertionError("unreachable")

    def _make(self, name: str, memory_bytes: int) -> Group:
        if self.place.version == 1:
            parents = {c: self._parent(base) for c, base in self.place.bases.items()}
            return GroupV1.make(parents, name, memory_bytes)
        base = self.place.bases[""]
        if self.place.how != "as root":
            move_out_of(base)
        enable_controllers(base)
        parent = self._parent(base)
        enable_controllers(base / KIT)
        enable_controllers(parent)
        return GroupV2.make(parent, name, memory_bytes)

    def _parent(self, base: Path) -> Path:
        kit = base / KIT
        kit.mkdir(exist_ok=True)
        parent = kit / self.judge
        if not parent.exists():
            sweep(kit, self.place.version)
            parent.mkdir(exist_ok=True)
        return parent

    def remove(self, group: Group) -> bool:
        """Kill what is left in GROUP and remove it; this judge's folder too once it holds no group."""
        group.kill()
        gone = group.remove()
        with self.lock:
            self.live -= 1
            if self.live == 0:
                for base in self.place.bases.values():
                    for folder in (base / KIT / self.judge, base / KIT):
                        try:
                            os.rmdir(folder)
                        except OSError:
                            break  # another group, or another judge's folder, is still there
        return gone


def sweep(kit: Path, version: int) -> None:
    """Kill and remove what a judge that is gone left behind (it was killed before it could)."""
    try:
        folders = [f for f in kit.iterdir() if f.is_dir() and f.name.isdigit()]
    except OSError:
        return
    for folder in folders:
        if _alive(int(folder.name)):
            continue
        for worker in [w for w in folder.iterdir() if w.is_dir()]:
            group = GroupV2(worker) if version == 2 else _v1_sibling(kit, folder.name, worker.name)
            if group is not None:
                group.kill()
                group.remove()
        try:
            os.rmdir(folder)
        except OSError:
            pass


def _v1_sibling(kit: Path, judge: str, worker: str) -> GroupV1 | None:
    """The same group in every v1 tree: KIT's path below each controller's mount point is the same."""
    mounts = read_mounts()
    directories = {}
    for controller in V1_CONTROLLERS:
        root = mounts.v1.get(controller)
        own = mounts.own_v1.get(controller, "/")
        if root is None:
            return None
        directories[controller] = root / own.lstrip("/") / KIT / judge / worker
    return GroupV1({c: d for c, d in directories.items() if d.exists()}) if all(
        d.exists() for d in directories.values()) else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_groups: Groups | None = None
_why_none = ""
_found = False


def judge_groups() -> Groups | str:
    """This judge's Groups, found once; or why there are none."""
    global _groups, _why_none, _found
    if not _found:
        _found = True
        try:
            place = find(read_mounts(), os.geteuid() == 0)
        except OSError as problem:
            place = f"cannot read the cgroup mounts: {problem}"
        if isinstance(place, Place):
            _groups = Groups(place)
        else:
            _why_none = place
    return _groups if _groups is not None else _why_none
