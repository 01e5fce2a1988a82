"""Reading a worker's answer: what it sent back, or what it did instead (died, hung, garbled the pipe), as an outcome.

Time is counted per phase, and only for the learner's code: importing the
file and each call get their own CPU-time budget, with a wall-clock backstop
(budget.py). An outcome that carries `at_import` failed while the file was
being imported: the judge repeats it for every later call.
"""

from __future__ import annotations

import re
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from autograd_kit.i18n import tr
from autograd_kit.sandbox import trace_data, wire
from autograd_kit.sandbox.budget import Meter, Spent
from autograd_kit.sandbox.calls import CallKind, CallOutcome, clean_error, describe_exit
from autograd_kit.sandbox.isolation import Limits
from autograd_kit.sandbox.worker_process import MAX_REPLY, GarbledReply, WorkerProcess
from autograd_kit.sandbox.worker_slot import WorkerSlot
from autograd_kit.submission.text import decode_source

FAULT_FRAME = re.compile(r'File "(?P<file>[^"]+)", line (?P<line>\d+) in (?P<function>\S+)')


class ReplyReader:
    def __init__(self, slot: WorkerSlot, limits: Limits, exercise_path: Path, source: bytes | None) -> None:
        self.slot, self.limits, self.exercise_path, self.source = slot, limits, exercise_path, source

    def await_reply(self, nonce: int) -> CallOutcome:
        worker = self.slot.worker
        assert worker is not None
        limits = self.limits
        if not worker.imported:
            meter = Meter(worker.process.pid, limits.timeout_s, limits.wall_s, worker.booted_cpu)
            outcome = self._await_import(worker, meter)
            if outcome is not None:
                return outcome
        meter = Meter(worker.process.pid, limits.timeout_s, limits.wall_s)
        try:
            header = worker.receive(nonce, meter)
        except GarbledReply:
            return self.garbled()
        except (EOFError, OSError):
            return self.crashed(worker, meter.started)
        if header is None:
            return self.timed_out(meter.spent(), at_import=False)
        worker.unanswered -= 1
        return self._outcome_from(worker, header, meter)

    def _await_import(self, worker: WorkerProcess, meter: Meter) -> CallOutcome | None:
        try:
            header = worker.receive(worker.nonce, meter)
        except GarbledReply:
            return self.garbled()
        except (EOFError, OSError):
            outcome = self.crashed(worker, meter.started)
            return replace(outcome, error={**outcome.error, "at_import": 1})
        if header is None:
            return self.timed_out(meter.spent(), at_import=True)
        worker.settled = True
        if header.get("kind") != "imported":
            return self._outcome_from(worker, header, meter)
        worker.imported = True
        return None

    def _outcome_from(self, worker: WorkerProcess, header: dict, meter: Meter) -> CallOutcome:
        try:
            kind = CallKind(header.get("kind"))
        except ValueError:
            return CallOutcome(CallKind.BAD_RETURN, error={"message": tr("the worker sent an unknown reply")})
        if kind is CallKind.GRADER_ERROR:
            kind = CallKind.BAD_RETURN  # only the judge says the grader failed
        error = clean_error(header.get("error"))
        if header.get("at_import"):
            return CallOutcome(kind, error={**error, "at_import": 1})
        trace = trace_data.read(header.get("trace"))  # feedback only: a malformed one is dropped
        if kind is not CallKind.RETURNED:
            return CallOutcome(kind, error=error, trace=trace)
        try:
            # The payload follows its header at once (the kit sends both): what is left of the call's wall
            # clock, at least half a second, and never a blocking read.
            payload = worker.receive_frame(MAX_REPLY, deadline=time.perf_counter() + max(meter.wall_left(), 0.5))
            if payload is None:
                self.slot.kill()
                return CallOutcome(CallKind.TIMEOUT, error={"message": tr("the result never arrived")})
            value, meta = wire.decode(payload, header.get("meta") or {})
        except wire.NotPlainData as problem:
            return CallOutcome(CallKind.BAD_RETURN, error={"type": "NotPlainData", "message": str(problem)})
        except (EOFError, OSError, GarbledReply):
            self.slot.kill()
            return CallOutcome(CallKind.BAD_RETURN, error={"message": tr("the result was too large or cut short")})
        return CallOutcome(CallKind.RETURNED, value=value, meta=meta, trace=trace)

    def timed_out(self, spent: Spent, at_import: bool) -> CallOutcome:
        self.slot.kill()
        if spent.over == "cpu":
            message = tr("it used {seconds:g} s of CPU time, the limit", seconds=self.limits.timeout_s)
        elif spent.cpu is not None:
            message = tr("after {seconds:.0f} s it had used only {cpu:.1f} s of CPU: it was waiting "
                         "(a sleep, input(), a lock)", seconds=spent.wall, cpu=spent.cpu)
        else:
            message = tr("no answer within {seconds:g} s", seconds=self.limits.timeout_s)
        error: dict[str, Any] = {"message": message}
        if at_import:
            error["at_import"] = 1
        return CallOutcome(CallKind.TIMEOUT, error=error)

    def garbled(self) -> CallOutcome:
        self.slot.kill()
        return CallOutcome(CallKind.CRASHED, error={
            "message": tr("its reply to the grader was garbled: did the code write to the grader's pipe?")})

    def crashed(self, worker: WorkerProcess, started: float) -> CallOutcome:
        code = worker.exit_code()
        output, frames = self._split_crash_report(worker.new_output() + self.slot.kill())
        return CallOutcome(CallKind.CRASHED if (code or 0) < 0 else CallKind.EXITED,
                           error={"exit_code": code, "message": describe_exit(code, self.limits), "frames": frames},
                           output=output, seconds=time.perf_counter() - started)

    def _split_crash_report(self, output: str) -> tuple[str, list[dict]]:
        """Keep what the learner printed; turn faulthandler's dump into learner frames."""
        printed, marker, dump = output.partition("Fatal Python error")
        if not marker:
            return output, []
        source = decode_source(self.source or b"", errors="replace").splitlines()
        frames = []
        for match in FAULT_FRAME.finditer(dump):
            if Path(match["file"]).resolve() == self.exercise_path:
                line = int(match["line"])
                code = source[line - 1].strip() if 0 < line <= len(source) else ""
                frames.append({"line": line, "function": match["function"], "code": code})
        # faulthandler lists the innermost frame first
        return printed, frames[:1]
