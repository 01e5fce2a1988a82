"""Which missing kernel layers untrusted work may go without, and where: chosen from what each layer stops.

bench/layer_matrix.py grades the class of attackers (tests/kit/attacks) with one layer left out at a
time, as root and as an ordinary user (docs: "Hosts without namespaces"). Landlock and seccomp each stop
attacks that nothing else stops: untrusted work needs them everywhere. A worker that stays root may raise
its own limits and passes every permission check: refused everywhere. One that keeps an unprivileged
grader's own user (no user namespace) held every attack with Landlock and seccomp on: accepted alone. The cgroup stops no attack the others
let through (a memfd and a worker's children are seccomp's to refuse): never required. Namespaces
stopped no attack either while Landlock (with its scopes) and seccomp held, but what only they give is
lost without them: a private, size-limited scratch folder and /dev/shm, a PID namespace whose end ends
everything the worker started, /proc showing nothing outside, a network of its own. That matters where
other people's work shares the machine (a class in one batch, an instructor's own machine); it does not
where one submission is graded alone in a container thrown away after it (Gradescope), so only there may
untrusted work go without them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from autograd_kit.sandbox.kernel.confinement import LAYERS


class Scope(str, Enum):
    """Where a submission is graded: what else its worker could reach."""

    SHARED = "shared"  # a machine that grades others' work too, or holds the instructor's (batch, --submission)
    ALONE = "alone"  # one submission in a fresh container, thrown away after it (Gradescope's run_autograder)


SCOPE_WORDS = {Scope.SHARED: "a machine that grades other submissions or holds other work (batch, --submission)",
               Scope.ALONE: "one submission alone in a container thrown away after it (Gradescope)"}


def _landlock_scopes(report: dict[str, str]) -> str:
    """Without a PID namespace, Landlock's scopes (ABI 6) keep signals and abstract sockets inside the sandbox."""
    landlock = report.get("landlock", "")
    return "" if "scoped" in landlock and "no TCP" in landlock else (
        "Landlock here cannot scope signals and abstract sockets or refuse TCP (ABI 6 and 4, Linux 6.12+), and "
        "without a PID and a network namespace nothing else keeps them in")


def _not_root(report: dict[str, str]) -> str:
    """A user of its own, or an unprivileged grader's own user, which Landlock and seccomp hold in (the matrix's
    column without namespaces, as an ordinary user). A worker that stays root may raise its own limits and
    passes every permission check; any other state is not known to be safe."""
    user = report.get("user", "")
    if user.startswith("on") or user.startswith("off: the grader's own user"):
        return ""
    return "the worker stays root" if user.startswith("off: stayed root") else f"the worker's user is {user!r}"


@dataclass(frozen=True)
class Tolerance:
    """A layer untrusted work may go without, where, and on what condition."""

    scopes: frozenset[Scope]
    unenforced: str  # what is not enforced without it, said with every grade
    conditions: tuple[Callable[[dict[str, str]], str], ...] = ()  # each: "" when met, else why not


TOLERATED = {
    "cgroup": Tolerance(frozenset(Scope), "memory is bounded per process and CPU time read from /proc, not for the "
                                          "worker's group as a whole"),
    "namespaces": Tolerance(frozenset({Scope.ALONE}),
                            "no private /proc, network or mounts: the scratch folder is on the container's disk "
                            "(4 MiB a file, not bounded in total), and /dev/shm is the container's; Landlock, "
                            "seccomp and a user of its own still keep files, processes, sockets and signals in",
                            (_landlock_scopes, _not_root)),
    "user": Tolerance(frozenset({Scope.ALONE}),
                      "the worker keeps the grader's own unprivileged user: Landlock keeps it off the grader's files "
                      "and signals, seccomp off its processes",
                      (_landlock_scopes, _not_root, lambda report: "" if report.get("seccomp", "").startswith("on")
                       else "seccomp is off too")),
}
# What each other layer, missing, leaves open (what bench/layer_matrix.py saw get through without it).
HOLES = {
    "namespaces": "on a shared machine the worker's scratch folder is the machine's disk, unbounded in total, "
                  "and nothing ends what it leaves behind with it",
    "user": "the worker keeps root (which may raise its own limits and passes every permission check) or the "
            "grader's own user (whose other processes and files it would share)",
    "limits": "no bound on memory, file size or processes per worker",
    "descriptors": "the grader's open files stay in reach",
    "landlock": "files outside the scratch folder (the kit's solutions, other submissions, the grader's outputs) "
                "are open to the worker's user",
    "seccomp": "new processes, sockets (the machine's UNIX sockets included), socketpairs and memfds are allowed",
}


@dataclass(frozen=True)
class Verdict:
    """What a sandbox report means for untrusted work in one scope."""

    scope: Scope
    refusing: tuple[str, ...]  # "layer (why it is off): what stays open"
    accepted: tuple[str, ...]  # "layer: what is not enforced"

    @property
    def refused(self) -> bool:
        return bool(self.refusing)

    def explanation(self) -> str:
        lines = [f"Graded as {SCOPE_WORDS[self.scope]}."]
        if self.refusing:
            lines += ["Missing, and needed here:"] + [f"  - {line}" for line in self.refusing]
        if self.accepted:
            lines += ["Missing, and accepted here:"] + [f"  - {line}" for line in self.accepted]
        return "\n".join(lines)


def decide(report: dict[str, str], scope: Scope) -> Verdict:
    """Which of the layers that are off this scope may go without (TOLERATED), and which it may not."""
    refusing, accepted = [], []
    for layer in LAYERS:
        state = report.get(layer, "off: unknown")
        if state.startswith("on"):
            continue
        why = state.removeprefix("off: ")
        tolerance = TOLERATED.get(layer)
        if tolerance is not None and scope in tolerance.scopes:
            unmet = [reason for condition in tolerance.conditions if (reason := condition(report))]
            if not unmet:
                accepted.append(f"{layer} ({why}): {tolerance.unenforced}")
                continue
            refusing.append(f"{layer} ({why}): {'; '.join(unmet)}")
            continue
        refusing.append(f"{layer} ({why}): {HOLES.get(layer, 'not accepted for untrusted work')}")
    return Verdict(scope, tuple(refusing), tuple(accepted))


def annotate(report: dict[str, str], scope: Scope) -> dict[str, str]:
    """The report with what each accepted missing layer leaves unenforced, for every grade's Sandbox line."""
    annotated = dict(report)
    for layer, tolerance in TOLERATED.items():
        state = annotated.get(layer, "")
        if layer != "cgroup" and state.startswith("off") and scope in tolerance.scopes \
                and not decide(report, scope).refused:
            annotated[layer] = f"{state}; accepted for {SCOPE_WORDS[scope]}: {tolerance.unenforced}"
    return annotated
