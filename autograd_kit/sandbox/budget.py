"""How long learner code may run: CPU time where the judge can read it, with a wall-clock backstop.

A busy machine stretches wall-clock time but not CPU time, so a correct
function that needs 1 s of CPU gets its 1 s however many other processes
compete for the cores. A loop that never ends spends its CPU budget; code that
sleeps or waits uses none and meets the (generous) wall-clock backstop instead.
The judge reads the worker's CPU time itself; nothing the worker says counts.
Where the worker has a cgroup (worker_cgroup.py), from the group's accounting,
which keeps the time of every process that was ever in it; elsewhere on Linux
from /proc: user + system time of the worker and every process below it, and
of the children they reaped (cutime, cstime), so a child that burned CPU and
exited still counts. Elsewhere only the wall clock is there, and it is the limit.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") and "SC_CLK_TCK" in os.sysconf_names else 100


_counted_by: dict[int, Callable[[], float | None]] = {}  # worker PID -> its cgroup's CPU time


def count_with(pid: int, source: Callable[[], float | None]) -> None:
    """Read PID's CPU time from SOURCE (its cgroup) from now on."""
    _counted_by[pid] = source


def forget(pid: int) -> None:
    _counted_by.pop(pid, None)


def cpu_seconds(pid: int) -> float | None:
    """CPU time of the worker PID and everything it started, or None where nothing can tell."""
    source = _counted_by.get(pid)
    return source() if source is not None else tree_cpu_seconds(pid)


def tree_cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of PID and every process below it, with what they reaped, from /proc."""
    total, found = 0.0, False
    todo = [pid]
    seen: set[int] = set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            stat = (PROC / str(current) / "stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()  # the command name may hold spaces and parentheses
        try:
            total += sum(int(fields[i]) for i in (11, 12, 13, 14)) / TICKS  # utime stime cutime cstime
        except (IndexError, ValueError):
            continue
        found = True
        todo.extend(_children(current))
    return total if found else None


def _children(pid: int) -> list[int]:
    children = []
    try:
        tasks = list((PROC / str(pid) / "task").iterdir())
    except OSError:
        return children
    for task in tasks:
        try:
            children.extend(int(c) for c in (task / "children").read_text(encoding="ascii").split())
        except (OSError, ValueError):
            continue
    return children


def own_cpu_seconds() -> float:
    """This process's CPU time, counted the way cpu_seconds() counts it (the worker's mark at boot)."""
    times = os.times()
    return times.user + times.system


@dataclass(frozen=True)
class Spent:
    cpu: float | None
    wall: float
    over: str  # "" while within budget, else "cpu" or "wall"


class Meter:
    """One phase of learner code (the import, or one call): CPU and wall time since it began."""

    def __init__(self, pid: int, cpu_limit: float, wall_limit: float, cpu_at_start: float | None = None) -> None:
        self.pid, self.cpu_limit, self.wall_limit = pid, cpu_limit, wall_limit
        self.started = time.perf_counter()
        start = cpu_at_start if cpu_at_start is not None else cpu_seconds(pid)
        self.cpu_start = start
        self.measured = start is not None and cpu_seconds(pid) is not None

    def spent(self) -> Spent:
        wall = time.perf_counter() - self.started
        cpu = None
        if self.measured and self.cpu_start is not None:
            now = cpu_seconds(self.pid)
            cpu = None if now is None else max(now - self.cpu_start, 0.0)
        if cpu is not None and cpu > self.cpu_limit:
            return Spent(cpu, wall, "cpu")
        limit = self.wall_limit if self.measured else self.cpu_limit
        return Spent(cpu, wall, "wall" if wall > limit else "")

    def wall_left(self) -> float:
        limit = self.wall_limit if self.measured else self.cpu_limit
        return limit - (time.perf_counter() - self.started)
