"""A worker's cgroup, from the judge's side: made before the worker starts, counted while it runs,
killed and removed with it (the group itself: kernel/cgroups.py; where: kernel/cgroup_place.py)."""

from __future__ import annotations

import os

from autograd_kit.sandbox import budget
from autograd_kit.sandbox.kernel import cgroup_place
from autograd_kit.sandbox.kernel.cgroups import Group
from autograd_kit.sandbox.kernel.confinement import WITHOUT

FALLBACK = "CPU summed over the PID namespace"


def make(memory_mb: int) -> tuple[Group | None, str]:
    """A new group limited to MEMORY_MB, and what it is; or None, and why there is none."""
    if "cgroup" in os.environ.get(WITHOUT, "").split(","):
        return None, f"left out ({WITHOUT}); {FALLBACK}"
    groups = cgroup_place.judge_groups()
    if isinstance(groups, str):
        return None, f"{groups}; {FALLBACK}"
    try:
        group = groups.make(memory_mb * 1024 * 1024)
    except OSError as problem:
        return None, f"could not make one: {problem.strerror or problem}; {FALLBACK}"
    return group, f"{group.describe()}, {groups.place.how}"


def count(group: Group | None, pid: int) -> None:
    """The judge's meter reads PID's CPU time from GROUP from now on (without one, from /proc)."""
    if group is not None:
        budget.count_with(pid, group.cpu_seconds)


def check_joined(group: Group | None, layers: dict[str, str], pid: int | None) -> None:
    """A worker that could not join its group (it says so at boot, before any learner code) is counted from
    /proc: the group holds none of its time."""
    if group is not None and pid is not None and not layers.get("cgroup", "").startswith("on"):
        budget.forget(pid)


def end(group: Group | None, pid: int | None) -> None:
    """Kill everything left in GROUP, remove it, and stop reading CPU time from it. Returns None, the
    worker's group from now on."""
    if pid is not None:
        budget.forget(pid)
    groups = cgroup_place.judge_groups()
    if group is not None and not isinstance(groups, str):
        groups.remove(group)
    return None
