"""Which system calls a worker makes once its seccomp filter is in place: measured, for syscalls.py's allowlist.

How: a batch of learner files is graded under `strace -f`, with seccomp left
out; the worker then stats syscalls.MARKER right where it would have loaded the
filter, and only what that process, and the threads it starts later, call
after the marker counts (a filter binds the thread that loads it and what that
thread starts). strace rather than seccomp's own means: SECCOMP_RET_LOG writes
to the kernel's log, which is rate-limited and often unreadable in a container,
and user notification needs a supervisor process of its own; strace follows
the forkserver and every worker from outside and prints the arguments the
filter looks at (ioctl's request, prctl's option, fcntl's command) by number
and by name.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from autograd_kit.exercises.manifest import KIT_ROOT, load_exercises
from autograd_kit.sandbox.kernel import syscalls

LEARNERS = KIT_ROOT / "tests" / "kit" / "learners"
# Learner files that attack the sandbox: what they call is what the filter must refuse, not measure.
ATTACKS = {"fork_bomb.py"}
_CALL = re.compile(r"^(?:<\.\.\. )?(\w+)(?:\(| resumed>)")
_NEW_TASK = ("clone", "clone3", "fork", "vfork")


@dataclass
class Census:
    """The calls seen after the marker, with the values of the arguments syscalls.py checks (number: name)."""

    calls: dict[str, dict[int, str]] = field(default_factory=dict)
    workers: int = 0  # how many processes passed the marker

    def merge(self, other: Census) -> Census:
        """Both censuses' calls (and workers) together."""
        merged = Census({name: dict(values) for name, values in self.calls.items()}, self.workers + other.workers)
        for name, values in other.calls.items():
            merged.calls.setdefault(name, {}).update(values)
        return merged

    def missing_from(self, allowed: dict[str, frozenset[int]]) -> list[str]:
        """What the census saw that ALLOWED does not allow: a call, or a call with an argument value."""
        missing = [name for name in self.calls if name not in allowed]
        for name, values in self.calls.items():
            if name in allowed and name in syscalls.CHECKED_ARGUMENT:
                missing += [f"{name}({values[v] or hex(v)})" for v in values if v not in allowed[name]]
        return sorted(missing)


def read_trace(trace: Path | list[str]) -> Census:
    """The calls of every task that passed the marker, from `strace -f -X verbose` output (a file, or its lines).

    A new task counts from the moment its parent's clone began: strace may print the child's first calls
    before the parent's clone returns (and says which task it made). Two passes over the file, so a trace
    of hundreds of megabytes is never held in memory.
    """
    since = _tracked_since(_entries(trace))
    census = Census(workers=sum(1 for _, rest in _entries(trace) if syscalls.MARKER in rest))
    for index, (pid, rest) in enumerate(_entries(trace)):
        match = _CALL.match(rest)
        if not match or index <= since.get(pid, index):
            continue
        name = "clone" if match.group(1) == "clone3" else match.group(1)  # the filter's ENOSYS sends libc to clone
        values = census.calls.setdefault(name, {})
        if name in syscalls.CHECKED_ARGUMENT and not rest.startswith("<..."):
            value = _argument(rest, syscalls.CHECKED_ARGUMENT[name])
            if value is not None:
                values.setdefault(value[0], value[1])
    return census


def _entries(trace: Path | list[str]) -> Iterator[tuple[int, str]]:
    """(task, the rest of the line) for each line of the trace that a task wrote."""
    with (trace.open(encoding="utf-8", errors="replace") if isinstance(trace, Path) else nullcontext(trace)) as lines:
        for line in lines:
            pid, _, rest = line.strip().partition(" ")
            if pid.isdigit():
                yield int(pid), rest.lstrip()


def _tracked_since(entries: Iterable[tuple[int, str]]) -> dict[int, int]:
    """For each task under a filter: the line from which its calls count (its marker, or its parent's clone)."""
    since: dict[int, int] = {}
    started: dict[int, int] = {}  # a task's clone that has not returned yet: where it began
    for index, (pid, rest) in enumerate(entries):
        if syscalls.MARKER in rest:
            since.setdefault(pid, index)
            continue
        match = _CALL.match(rest)
        if not match or match.group(1) not in _NEW_TASK:
            continue
        if rest.endswith("<unfinished ...>"):
            started[pid] = index
            continue
        begun = started.pop(pid, index) if rest.startswith("<...") else index
        # A worker is PID 1 of its own namespace: its clone returns the task's number there, and
        # --pidns-translation adds the number strace's lines use ("= 2 /* 24590 in strace's PID NS */").
        child = re.search(r"\) = (\d+)(?: /\* (\d+) in strace's PID NS \*/)?$", rest)
        if child and pid in since and since[pid] < begun:
            since.setdefault(int(child.group(2) or child.group(1)), begun)  # a thread (or child) inherits the filter
    return since


def _argument(call: str, position: int) -> tuple[int, str] | None:
    """Argument POSITION of a traced call, as (number, strace's name for it or "")."""
    arguments = call[call.index("(") + 1:].split(", ")
    if position >= len(arguments):
        return None
    match = re.match(r"(-?(?:0x[0-9a-f]+|\d+))(?: /\* (\w+) \*/)?", arguments[position])
    return (int(match.group(1), 0), match.group(2) or "") if match else None


def learner_slots(path: Path) -> list[str]:
    """The exercises a learner file answers: those whose solution defines a function it defines too
    (a file that defines none, such as one that hangs at import, is graded as exercise 04)."""
    defined = _functions(path)
    return [e.name for e in load_exercises()
            if defined & _functions(KIT_ROOT / "solutions" / f"{e.name}.py")] or ["04_gradients_by_hand"]


def _functions(path: Path) -> set[str]:
    """Its top-level functions and classes; by name, for a file Python cannot parse."""
    try:
        tree = ast.parse(path.read_bytes())
    except SyntaxError:
        return set(re.findall(r"^(?:def|class) (\w+)", path.read_text(errors="replace"), re.M))
    return {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}


def every_case() -> dict[str, dict[str, Path]]:
    """Students for the full census: the solutions, the stubs, every wrong answer the kit's tests keep.

    Wrong answers are packed into as few students as their exercises allow: a batch's cost is mostly per student.
    """
    slots = [e.name for e in load_exercises()]
    tests = KIT_ROOT / "tests" / "kit"
    answers = [(p.stem, p) for p in sorted((tests / "honest_variants").glob("*.py"))]
    answers += [(p.parent.name, p) for p in sorted((tests / "mistakes").glob("*/*.py"))]
    answers += [(slot, p) for p in sorted(LEARNERS.glob("*.py")) if p.name not in ATTACKS for slot in learner_slots(p)]
    students = {"solutions": {s: KIT_ROOT / "solutions" / f"{s}.py" for s in slots},
                "exercises": {s: KIT_ROOT / "exercises" / f"{s}.py" for s in slots}}
    packed: list[dict[str, Path]] = []
    for slot, path in answers:
        free = next((files for files in packed if slot not in files), None)
        if free is None:
            packed.append(free := {})
        free[slot] = path
    students.update((f"wrong_{n:03d}", files) for n, files in enumerate(packed))
    return students


def measure(students: dict[str, dict[str, Path]], timeout_s: float = 5.0, jobs: int = 1,
            outside: Iterable[str] = (), start_method: str = "forkserver") -> Census:
    """Grade STUDENTS (name -> exercise slot -> file) in one batch under strace; what their workers called.

    With OUTSIDE (an allowlist's calls), strace stops the traced processes only for the other calls (its
    --seccomp-bpf), and for those it must see to follow the workers: a check that the list is complete,
    several times faster than the census that writes it, which must see every call. START_METHOD "spawn"
    measures workers that import torch themselves (what AUTOGRAD_KIT_START_METHOD=spawn gives on Linux).
    """
    strace = shutil.which("strace")
    if strace is None:
        raise FileNotFoundError("strace is not installed (Debian: apt-get install strace)")
    root = Path(tempfile.mkdtemp(prefix="autograd-kit-census-"))
    try:
        for name, files in students.items():
            (root / "submissions" / name).mkdir(parents=True)
            for slot, path in files.items():
                shutil.copy(path, root / "submissions" / name / f"{slot}.py")
        trace = root / "trace.txt"
        command = [strace, "-f", "-qq", "-X", "verbose", "-s", "0", "--pidns-translation", "-o", str(trace),
                   *_only_outside(set(outside)), sys.executable, str(KIT_ROOT / "grader.py"),
                   "batch", str(root / "submissions"),
                   "--out", str(root / "grades"), "--jobs", str(jobs), "--timeout", str(timeout_s),
                   "--accept-weak-sandbox"]
        environment = {**os.environ, "AUTOGRAD_KIT_WITHOUT_LAYERS": "seccomp", "LANG": "C.UTF-8",
                       "AUTOGRAD_KIT_START_METHOD": start_method}
        finished = subprocess.run(command, cwd=KIT_ROOT, env=environment, capture_output=True, text=True)
        if finished.returncode != 0:
            raise RuntimeError(f"the traced batch failed ({finished.returncode}): {finished.stderr[-2000:]}")
        return read_trace(trace)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _only_outside(allowed: set[str]) -> list[str]:
    """strace's options to trace every call but ALLOWED, still seeing the marker, new tasks and checked arguments."""
    needed = {*_NEW_TASK, *syscalls.CHECKED_ARGUMENT, *syscalls.MARKER_CALLS}
    skipped = sorted(allowed - needed)
    return ["--seccomp-bpf", f"--trace=!{','.join(skipped)}"] if skipped else []


def write_allowlist(census: Census, path: Path = syscalls.ALLOWLIST) -> None:
    """The census as the allowlist file, keeping each call's comment from the file it replaces."""
    previous = syscalls.read_allowlist_comments(path)
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")] \
        if path.exists() else []
    names = sorted(set(census.calls) | set(syscalls.UNMEASURED))
    for name in names:
        values = census.calls.get(name, {}) if name in syscalls.CHECKED_ARGUMENT else {}
        why = previous.get(name) or syscalls.UNMEASURED.get(name, "")
        if values:  # "TCGETS: isatty()": the values' names, measured afresh, then the kept reason
            value_names = " ".join(n or hex(v) for v, n in sorted(values.items()))
            reason = why.split(": ", 1)[1] if ": " in why else ""
            why = f"{value_names}: {reason}" if reason else value_names
        text = " ".join([name, *(hex(v) for v in sorted(values))])
        lines.append(f"{text:<20} # {why}" if why else text)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
