"""The grader's own CPU time on one submission: counted, reported, and bounded in every mode.

Learner code has its budgets (sandbox/budget.py); this is the judge's. It is checked where the judge
goes on to more work (before each check, at each call into learner code), and a CPU-time timer
(ITIMER_PROF, the main thread only) is the backstop for a pass that never reaches a check point: it
interrupts the judge's Python code at the next bytecode once the budget and a margin (the budget again,
at least a minute) are spent. Either way the
checks left end as `grader_error` ("the grader spent more than N s on this submission"), never as a wrong
answer: the learner did not make the grader slow, or if the submission did, it is the kit's bug to fix.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from autograd_kit.i18n import tr

JUDGE_CPU_S = 600.0  # a whole course graded from solutions takes the judge about 30 s of CPU


class JudgeOverBudget(Exception):
    """The grader spent more than its own CPU budget on this submission (the kit's fault, not the learner's)."""

    def __init__(self, limit_s: float) -> None:
        super().__init__(tr("the grader spent more than {seconds:g} s of its own CPU time on this submission, so "
                            "it stopped; this is not counted against your code", seconds=limit_s))
        self.limit_s = limit_s


def own_cpu_s() -> float:
    """This process's user + system CPU time, all its threads together (not its workers')."""
    times = os.times()
    return times.user + times.system


class JudgeBudget:
    """The CPU the judge spent since start(), against LIMIT_S."""

    def __init__(self, limit_s: float = JUDGE_CPU_S, margin_s: float | None = None) -> None:
        self.limit_s = limit_s
        self.margin_s = max(limit_s, 60.0) if margin_s is None else margin_s  # the backstop's, past the limit
        self.started = own_cpu_s()
        self.over = False

    def spent(self) -> float:
        return max(own_cpu_s() - self.started, 0.0)

    def check(self) -> None:
        """Raise JudgeOverBudget once the budget is spent (and at every later check point)."""
        if self.over or self.spent() > self.limit_s:
            self.over = True
            raise JudgeOverBudget(self.limit_s)

    @contextmanager
    def backstop(self) -> Iterator[None]:
        """For the block: a CPU-time timer that raises JudgeOverBudget in the main thread past the budget and a margin."""
        if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
            yield
            return

        def fire(signum: int, frame: object) -> None:
            self.over = True
            raise JudgeOverBudget(self.limit_s)

        previous = signal.signal(signal.SIGPROF, fire)
        signal.setitimer(signal.ITIMER_PROF, max(self.limit_s + self.margin_s - self.spent(), 0.001))
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, previous)
