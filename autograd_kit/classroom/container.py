"""How much memory and how many CPUs this container gives the grader, read from the kernel.

A container's limits are not what `free` or `nproc` say: they are in its cgroup (v2: memory.max and cpu.max;
v1: memory.limit_in_bytes and cpu.cfs_quota_us), at the path /proc/self/cgroup names, and at every cgroup
above it. The smallest of those, of MemTotal and of the CPUs this process may run on is what there is.
Nothing here imports torch: the check runs before anything big is loaded, so it works in a container too
small to grade in.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

GIB = 1024**3
MIB = 1024**2
# cgroup v1 writes "no limit" as the largest page-aligned signed 64-bit number; anything this big is none.
UNLIMITED = 1 << 60


@dataclass(frozen=True)
class Found:
    """One limit and where it was read, so that a message can say both."""

    value: float
    source: str


@dataclass(frozen=True)
class Resources:
    memory_bytes: Found | None  # the smallest memory limit found; None when nothing could be read
    cpus: Found | None  # the smallest CPU allowance found (a quota of 50 ms per 100 ms is 0.5)


@dataclass(frozen=True)
class Requirement:
    memory_bytes: int
    cpus: float


@dataclass(frozen=True)
class Mount:
    path: Path  # where the hierarchy is mounted, under the root being read
    root: str  # which cgroup of the hierarchy that mount shows ("/" unless it is a container's view)


def read(root: Path = Path("/"), affinity: int | None = None) -> Resources:
    """The container's memory and CPUs. `root` and `affinity` let a test read a made-up /proc and /sys."""
    memory = [*cgroup_memory(root), _meminfo(root)]
    cpus = [*cgroup_cpus(root), _affinity(affinity)]
    return Resources(_smallest(memory), _smallest(cpus))


def shortfalls(found: Resources, needed: Requirement) -> list[str]:
    """What is below the requirement, in words: "memory: 768 MiB (cgroup v1 memory.limit_in_bytes at ...)"."""
    short = []
    if found.memory_bytes is not None and found.memory_bytes.value < needed.memory_bytes:
        short.append(f"memory: {describe_bytes(found.memory_bytes.value)} ({found.memory_bytes.source}), "
                     f"needs at least {describe_bytes(needed.memory_bytes)}")
    if found.cpus is not None and found.cpus.value < needed.cpus:
        short.append(f"CPUs: {found.cpus.value:g} ({found.cpus.source}), needs at least {needed.cpus:g}")
    return short


def describe_bytes(count: float) -> str:
    return f"{count / GIB:.2f} GiB" if count >= GIB else f"{count / MIB:.0f} MiB"


# --- cgroups -------------------------------------------------------------------------------------------------

def cgroup_memory(root: Path) -> list[Found]:
    found = []
    v2 = _mount(root, "cgroup2", "")
    if v2 is not None:
        for folder in _ancestors(v2, _own_path(root, "")):
            value = _number(folder / "memory.max")
            if value is not None:
                found.append(Found(value, f"cgroup v2 memory.max in {_shown(root, folder)}"))
    v1 = _mount(root, "cgroup", "memory")
    if v1 is not None:
        own = _own_path(root, "memory")
        for folder in _ancestors(v1, own):
            value = _number(folder / "memory.limit_in_bytes")
            if value is not None:
                found.append(Found(value, f"cgroup v1 memory.limit_in_bytes in {_shown(root, folder)}"))
        # With use_hierarchy the kernel also states the limit that applies from above, even past the mount.
        leaf = _leaf(v1, own)
        value = _stat(leaf / "memory.stat", "hierarchical_memory_limit")
        if value is not None:
            found.append(Found(value, f"cgroup v1 hierarchical_memory_limit in {_shown(root, leaf / 'memory.stat')}"))
    return found


def cgroup_cpus(root: Path) -> list[Found]:
    found = []
    v2 = _mount(root, "cgroup2", "")
    if v2 is not None:
        for folder in _ancestors(v2, _own_path(root, "")):
            value = _cpu_max(folder / "cpu.max")
            if value is not None:
                found.append(Found(value, f"cgroup v2 cpu.max in {_shown(root, folder)}"))
    v1 = _mount(root, "cgroup", "cpu")
    if v1 is not None:
        for folder in _ancestors(v1, _own_path(root, "cpu")):
            quota, period = _number(folder / "cpu.cfs_quota_us"), _number(folder / "cpu.cfs_period_us")
            if quota is not None and period:
                found.append(Found(quota / period,
                                   f"cgroup v1 cpu.cfs_quota_us / cpu.cfs_period_us in {_shown(root, folder)}"))
    return found


def _mount(root: Path, fstype: str, controller: str) -> Mount | None:
    """Where /proc/self/mountinfo says the hierarchy is mounted (the v1 one that has `controller`)."""
    try:
        lines = (root / "proc/self/mountinfo").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    for line in lines:
        mine, _, theirs = line.partition(" - ")
        fields, other = mine.split(), theirs.split()
        if len(fields) < 5 or len(other) < 3 or other[0] != fstype:
            continue
        if controller and controller not in other[2].split(","):  # v1 names its controllers in the options
            continue
        path = root / _unescape(fields[4]).lstrip("/")
        if path.is_dir():
            return Mount(path, _unescape(fields[3]))
    return None


def _own_path(root: Path, controller: str) -> str:
    """This process's cgroup in the hierarchy: the "0::" line for v2, the line that names `controller` for v1."""
    try:
        lines = (root / "proc/self/cgroup").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return "/"
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        hierarchy, controllers, path = parts
        if controller in controllers.split(",") if controller else (hierarchy, controllers) == ("0", ""):
            return path or "/"
    return "/"


def _leaf(mount: Mount, own: str) -> Path:
    """The folder of this process's cgroup under the mount; the mount itself when that path is not there
    (a container that shows its own cgroup at the mount while /proc/self/cgroup names the host's path)."""
    relative = own
    if mount.root != "/" and (own == mount.root or own.startswith(mount.root.rstrip("/") + "/")):
        relative = own[len(mount.root):]
    relative = relative.strip("/")
    if not relative or ".." in Path(relative).parts:  # a cgroup outside this namespace's view
        return mount.path
    folder = mount.path / relative
    return folder if folder.is_dir() else mount.path


def _ancestors(mount: Mount, own: str) -> list[Path]:
    """The cgroup's folder and each one above it, up to the mount: a parent's limit holds for its children."""
    folder = _leaf(mount, own)
    chain = [folder]
    while folder != mount.path and mount.path in folder.parents:
        folder = folder.parent
        chain.append(folder)
    return chain


# --- files -----------------------------------------------------------------------------------------------------

def _number(path: Path) -> float | None:
    """A limit file's value: None for "max", -1, "no limit" and a file that is not there."""
    try:
        text = path.read_text(encoding="ascii").split()
    except (OSError, UnicodeDecodeError):
        return None
    if not text:
        return None
    try:
        value = int(text[0])
    except ValueError:
        return None  # "max"
    return None if value < 0 or value >= UNLIMITED else float(value)


def _cpu_max(path: Path) -> float | None:
    """cgroup v2 cpu.max: "QUOTA PERIOD" in microseconds, or "max PERIOD"."""
    try:
        parts = path.read_text(encoding="ascii").split()
    except (OSError, UnicodeDecodeError):
        return None
    if len(parts) != 2 or not parts[0].isdigit() or not parts[1].isdigit() or int(parts[1]) == 0:
        return None
    return int(parts[0]) / int(parts[1])


def _stat(path: Path, key: str) -> float | None:
    try:
        lines = path.read_text(encoding="ascii").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for line in lines:
        name, _, value = line.partition(" ")
        if name == key and value.strip().isdigit():
            number = int(value)
            return float(number) if number < UNLIMITED else None
    return None


def _meminfo(root: Path) -> Found | None:
    value = _stat_colon(root / "proc/meminfo", "MemTotal")
    return None if value is None else Found(value * 1024, "MemTotal in /proc/meminfo")


def _stat_colon(path: Path, key: str) -> int | None:
    try:
        lines = path.read_text(encoding="ascii").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for line in lines:
        name, _, rest = line.partition(":")
        if name == key and rest.split() and rest.split()[0].isdigit():
            return int(rest.split()[0])
    return None


def _affinity(count: int | None) -> Found | None:
    if count is None:
        try:
            count = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            count = os.cpu_count()
    return None if not count else Found(float(count), "the CPUs this process may run on (sched_getaffinity)")


def _smallest(found: list[Found | None]) -> Found | None:
    present = [f for f in found if f is not None]
    return min(present, key=lambda f: f.value) if present else None


def _shown(root: Path, path: Path) -> str:
    """A path as the container sees it (a test's made-up root left out)."""
    return "/" + path.relative_to(root).as_posix() if root in path.parents or path == root else str(path)


def _unescape(field: str) -> str:
    """mountinfo writes a space in a path as \\040 (and tab, newline, backslash likewise)."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field
