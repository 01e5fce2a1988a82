"""A budget for the whole grade (`--total-timeout`): checks that would start after it are not run.

A platform that stops the job at a fixed time (Classroom50: 15 minutes for install and grade) records
nothing for a run it kills. With a budget, a submission that hangs everywhere still gets a result: the
checks it reached are graded, the rest are marked `not_reached` with why. A check that has started when the
budget runs out still ends within its own limits (--timeout, twice), so leave that much room.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from autograd_kit.grading.results import CheckKind, CheckResult
from autograd_kit.i18n import tr


class Deadline:
    """A pytest plugin that runs no check after `seconds` from `start` (by `clock`; default: now)."""

    def __init__(self, seconds: float, start: float | None = None,
                 clock: Callable[[], float] = time.perf_counter) -> None:
        self.seconds = seconds
        self._clock = clock
        self._ends = (clock() if start is None else start) + seconds
        self.not_reached: list[str] = []  # node ids, in order

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> bool | None:
        if self._clock() < self._ends:
            return None
        self.not_reached.append(item.nodeid)
        return True  # handled: the check is not run, and reports nothing

    def mark(self, results: dict[str, CheckResult]) -> None:
        """Say, on each check that was never run, that the budget ran out first."""
        for nodeid in self.not_reached:
            check = results.get(nodeid)
            if check is not None:
                check.kind = CheckKind.NOT_REACHED
                check.message = tr("Not reached: the whole grade's time budget ({seconds:g} s) ran out before "
                                   "this check, because earlier checks took long (look for code that hangs). "
                                   "It earns no points in this run.", seconds=self.seconds)
