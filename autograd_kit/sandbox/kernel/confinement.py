"""The kernel's fence around one worker, built before the learner's file is imported.

On Linux, in this order:

0. a cgroup (cgroups.py), which the judge made: the worker joins it first, while
   still root, so everything it runs is inside: memory (tmpfs and shared memory
   included), tasks, CPU time of every process, and one kill for all of it.
   Without one (an ordinary user without systemd's delegation) the report says
   so, and the judge sums CPU time over the worker's PID namespace instead.
1. namespaces (namespaces.py): the worker runs as PID 1 of its own PID
   namespace (a root forkserver forks it straight into one; elsewhere it forks
   once more), so the kernel ends everything it started when it ends, and
   /proc shows nothing outside; its own network namespace (an unconnected
   loopback), IPC and mounts: its scratch folder becomes a private,
   size-limited tmpfs, and so do /dev/shm and /proc; /tmp, /run, /var/run,
   /dev/log and the grader's runtime folder are covered with nothing. A non-root grader gets
   these through a user namespace that maps its own user only.
2. as root, a user of its own for each worker (uid 2,000,000,000 + its PID as
   the grader sees it), checked with getresuid; if Python lives under a folder
   that user may not pass (root's home, mode 0700), that folder is covered, in
   this mount namespace only, by one that shows just the way to Python.
   Then it asks to die with its parent (lifetime.py), and checks the judge is still there.
3. limits on memory, file size and processes;
4. every inherited file descriptor closed, but the worker's own channels;
5. Landlock (landlock.py): read-only the interpreter, site-packages, system
   libraries and the kit's package; read-write the scratch folder (and the
   private /dev/shm); no TCP; signals and abstract sockets stay inside.
6. seccomp (syscalls.py): an allowlist of the calls a worker was measured to
   need; no sockets, no new processes.

A step that cannot be taken is named in the report with its reason; the judge
shows the report with every grade, and refuses untrusted work without the
layers unless the instructor says otherwise. On macOS and Windows there are
no such layers; the report says so. Nothing here runs after learner code.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from dataclasses import dataclass

import autograd_kit
from autograd_kit.sandbox.kernel import cgroups, landlock, lifetime, namespaces, syscalls

LAYERS = ("cgroup", "namespaces", "user", "limits", "descriptors", "landlock", "seccomp")
# What untrusted work refuses to run without. Not the cgroup: a container run as root (Gradescope's,
# Docker's default) mounts /sys/fs/cgroup read-only, and an ordinary user has one only where systemd
# delegates it; the other layers still bound the work (docs/security.md).
REQUIRED = tuple(layer for layer in LAYERS if layer != "cgroup")
ROOT_UID_BASE = 2_000_000_000
FALLBACK_UID_BASE, FALLBACK_UID_SPAN = 20_000, 40_000  # for containers that map only 65,536 users
SPARE_TASKS = 64  # threads and processes the worker may still start (torch starts a few threads)
PRIVATE_TMP_MB = 512
CGROUP_AS_SLACK_MB = 256


@dataclass(frozen=True)
class Plan:
    scratch: str
    keep_fds: tuple[int, ...]
    memory_mb: int
    output_limit_bytes: int
    address_space: int  # what the worker already maps (RLIMIT_AS counts from here)
    cgroup: tuple[str, ...] = ()  # the cgroup.procs files to join (cgroups.py); none: no group
    cgroup_note: str = ""  # what the group is, or why there is none
    hidden: tuple[str, ...] = ()  # covered beside namespaces.HIDDEN (the grader's runtime folder)


class Refused(RuntimeError):
    """The sandbox could not be built as the judge requires: no learner code may run."""


def on(detail: str) -> str:
    return f"on: {detail}"


def off(reason: str) -> str:
    return f"off: {reason}"


def is_full(report: dict[str, str]) -> bool:
    """Every kernel layer is on (what untrusted work needs)."""
    return all(report.get(layer, "").startswith("on") for layer in REQUIRED)


def summary(report: dict[str, str]) -> str:
    """One line for a grade's footer: the layers that were on, then the ones that were not, with why."""
    if not report:
        return "no worker ran"
    active = [f"{layer} ({report[layer][4:]})" for layer in LAYERS if report.get(layer, "").startswith("on")]
    missing = [f"{layer} ({report.get(layer, 'off: unknown')[5:]})" for layer in LAYERS
               if not report.get(layer, "").startswith("on")]
    text = "; ".join(active) if active else "none of the kernel's layers"
    return text + (f". Missing: {'; '.join(missing)}" if missing else "")


@dataclass(frozen=True)
class Brief:
    """The learner's one-line view of a report: how many layers were on, or which required ones were missing
    and the first one's reason, cut short (the whole report is in summary(), --verbose and every format)."""

    active: int
    missing: tuple[str, ...]
    why: str


def brief(report: dict[str, str], width: int = 60) -> Brief | None:
    if not report:
        return None
    active = sum(1 for layer in LAYERS if report.get(layer, "").startswith("on"))
    missing = tuple(layer for layer in REQUIRED if not report.get(layer, "").startswith("on"))
    why = report.get(missing[0], "off: unknown")[5:] if missing else ""
    why = why.split(";")[0].strip()
    return Brief(active, missing, why if len(why) <= width else why[:width - 1].rstrip() + "…")


# Layers to leave out, for an instructor or a test that wants to see what a weak sandbox does:
# AUTOGRAD_KIT_WITHOUT_LAYERS=landlock,seccomp (a submission's code cannot set the grader's environment).
WITHOUT = "AUTOGRAD_KIT_WITHOUT_LAYERS"


def confine(plan: Plan) -> dict[str, str]:
    """Build every layer this platform has, in order; return what each one is."""
    if not sys.platform.startswith("linux"):
        return {layer: off(f"not available on {sys.platform}") for layer in LAYERS}
    skipped = set(os.environ.get(WITHOUT, "").split(","))
    report: dict[str, str] = {"cgroup": _join_cgroup(plan, skipped)}
    as_root = os.geteuid() == 0
    uid, gid = (_own_user() if as_root else (os.getuid(), os.getgid()))
    tasks = 0 if as_root else _tasks_of(uid)  # counted on the host, before /proc is replaced
    try:
        if "namespaces" in skipped:
            raise namespaces.NamespaceError(f"left out ({WITHOUT})")
        namespaces.enter(as_root)  # from here on this is the child, PID 1 of its own namespace
        in_namespaces = True
        report["namespaces"] = on("pid, network, mount, ipc, uts" + ("" if as_root else ", user"))
    except (namespaces.NamespaceError, OSError) as problem:
        in_namespaces = False
        report["namespaces"] = off(_why(problem))
        # No PID namespace either: the judge sums the worker's process tree from /proc (budget.py); say that.
        report["cgroup"] = report["cgroup"].replace("CPU summed over the PID namespace", "CPU summed over the "
                                                    "worker's processes, from /proc")
    readable = read_paths()
    private = False  # whether /dev/shm (and the scratch folder) are this worker's own tmpfs
    if in_namespaces:
        try:
            covered = namespaces.private_mounts(PRIVATE_TMP_MB, plan.scratch, uid, gid, plan.hidden, readable)
            private = True
            if covered:
                report["namespaces"] += f"; covered {', '.join(covered)}"
            if os.getpid() == 1:
                lifetime.exit_on_sigterm()
            if as_root:
                covered = namespaces.make_reachable(readable, uid, gid)
                if covered:
                    report["namespaces"] += f"; covered {', '.join(covered)} to reach Python"
        except (namespaces.NamespaceError, OSError) as problem:
            report["namespaces"] = off(f"mounts: {_why(problem)}")
    if as_root and not private:
        # Without a mount namespace the scratch folder is the judge's own (root's, 0700), not a tmpfs made
        # for this worker: hand it to the worker's user, or honest code cannot even enter it.
        os.chown(plan.scratch, uid, gid)
    if as_root:
        hidden = [p for p in readable if not namespaces.reachable(p, uid, gid)]
        report["user"] = off(f"stayed root: Python ({hidden[0]}) is not readable by an unprivileged user, and "
                             f"without namespaces it cannot be shown to one") if hidden else _become(uid, gid)
    else:
        report["user"] = _same_user(in_namespaces)
    _die_with_the_judge(plan.keep_fds[0])
    _check_readable(readable)
    report["limits"] = _limit(plan, tasks, report["cgroup"].startswith("on"))
    report["descriptors"] = _close_descriptors(plan.keep_fds)
    writable = [plan.scratch] + (["/dev/shm"] if private else [])
    try:
        if "landlock" in skipped:
            raise landlock.LandlockUnavailable(f"left out ({WITHOUT})")
        result = landlock.Ruleset(read=readable, read_write=writable, files=DEVICES).restrict_self()
        report["landlock"] = on(f"ABI {result['abi']}" + (", no TCP" if result["network"] else "")
                                + (", signals and abstract sockets scoped" if result["signals"] else ""))
    except (landlock.LandlockUnavailable, OSError) as problem:
        report["landlock"] = off(_why(problem))
    try:
        if "seccomp" in skipped:
            syscalls.mark_where_the_filter_would_load()
            raise syscalls.SeccompUnavailable(f"left out ({WITHOUT})")
        result = syscalls.restrict_self()
        report["seccomp"] = on(f"allowlist ({result['allowed']} calls)")
    except (syscalls.SeccompUnavailable, OSError) as problem:
        report["seccomp"] = off(_why(problem))
    return report


# Single files a worker may still read (torch's cpuinfo reads the CPU's description on first use).
DEVICES = {"/dev/null": landlock.READ_FILE | landlock.WRITE_FILE, "/dev/zero": landlock.READ_FILE,
           "/dev/urandom": landlock.READ_FILE, "/dev/random": landlock.READ_FILE,
           "/etc/ld.so.cache": landlock.READ_FILE, "/etc/localtime": landlock.READ_FILE,
           "/proc/cpuinfo": landlock.READ_FILE}


def read_paths() -> list[str]:
    """What the worker may read: Python, its libraries, the system's shared libraries, the kit's package.

    Never the kit's own folder (solutions/, tests/), the current directory or anything else on sys.path.
    """
    prefixes = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix)}
    paths = set(prefixes)
    for name in ("stdlib", "platstdlib", "purelib", "platlib"):
        path = sysconfig.get_paths().get(name)
        if path:
            paths.add(os.path.realpath(path))
    for entry in sys.path:
        real = os.path.realpath(entry) if entry else ""
        if real and (any(real == p or real.startswith(p + os.sep) for p in prefixes)
                     or os.path.basename(real) in ("site-packages", "dist-packages")):
            paths.add(real)
    paths.add(os.path.dirname(os.path.realpath(autograd_kit.__file__)))  # autograd_kit/
    paths.update(p for p in ("/usr/lib", "/usr/lib64", "/lib", "/lib64", "/usr/share/zoneinfo",
                             "/sys/devices/system/cpu") if os.path.isdir(p))
    return sorted(p for p in paths if os.path.exists(p))


def _why(problem: BaseException) -> str:
    """An error's own words, without Python's "[Errno 1]"."""
    return (problem.strerror if isinstance(problem, OSError) and problem.strerror else str(problem)) or \
        type(problem).__name__


def _own_user() -> tuple[int, int]:
    """A user no other process has: from the worker's PID, which no other live process shares.

    Inside a container that maps only the first 65,536 users, a smaller one, still from the PID.
    """
    pid = _host_pid()
    wanted = ROOT_UID_BASE + pid
    if not _mapped(wanted):
        wanted = FALLBACK_UID_BASE + pid % FALLBACK_UID_SPAN
    return wanted, wanted


def _host_pid() -> int:
    """This process's PID as the grader sees it: a worker forked into its own PID namespace is PID 1 there.

    /proc is still the grader's here (before private_mounts), and its NSpid line starts with that PID.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as file:
            for line in file:
                if line.startswith("NSpid:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return os.getpid()


def _mapped(uid: int) -> bool:
    try:
        with open("/proc/self/uid_map", encoding="ascii") as file:
            ranges = [tuple(int(n) for n in line.split()) for line in file if line.strip()]
    except OSError:
        return True
    return any(inside <= uid < inside + count for inside, _, count in ranges)


def _become(uid: int, gid: int) -> str:
    try:
        os.setgroups([])
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)
    except OSError:
        pass  # checked below: a drop that did not take stops the worker
    if os.getresuid() == (uid, uid, uid) and os.getresgid() == (gid, gid, gid) and os.getgroups() == []:
        return on("a user of its own (uid 2,000,000,000 + the worker's PID)" if uid >= ROOT_UID_BASE
                  else "a user of its own (uid 20,000 + the worker's PID modulo 40,000)")
    raise Refused(f"the worker could not stop being root (getresuid says {os.getresuid()}); "
                  "a grader run as root needs the capability to change user")


def _same_user(in_user_namespace: bool) -> str:
    if not in_user_namespace:
        return off("the grader's own user (not root, so there is none other to become)")
    try:
        namespaces.drop_capabilities()
    except OSError as problem:
        return off(f"capabilities kept: {problem}")
    return on("the grader's own, without capabilities, in a user namespace")


def _check_readable(paths: list[str]) -> None:
    """Honest code must not fail because the worker's user cannot read Python: say so instead."""
    unreadable = [p for p in paths if not os.access(p, os.R_OK | os.X_OK)]
    if unreadable:
        raise Refused(f"the worker's user (uid {os.getuid()}) cannot read {', '.join(unreadable)}; install Python "
                      "and its packages where unprivileged users can read them, or grade as a non-root user")


def _join_cgroup(plan: Plan, skipped: set[str]) -> str:
    if "cgroup" in skipped:
        return off(f"left out ({WITHOUT}); CPU summed over the PID namespace")
    if not plan.cgroup:
        return off(plan.cgroup_note or "none")
    try:
        cgroups.join(plan.cgroup)
    except OSError as problem:  # the judge then sums CPU over the PID namespace (worker_process.py)
        return off(f"could not join it: {_why(problem)}; CPU summed over the PID namespace")
    return on(plan.cgroup_note)


def _die_with_the_judge(request_fd: int) -> None:
    """After the change of user (which clears it): SIGKILL when the parent dies; gone already, exit."""
    lifetime.die_with_parent()
    if lifetime.judge_gone(request_fd):
        os._exit(0)


def _limit(plan: Plan, tasks: int, in_cgroup: bool) -> str:
    try:
        import resource
    except ImportError:  # a Python built without it: the cgroup and the timeouts still bound the worker
        return off("Python has no resource module")

    # In a cgroup, its memory limit is the one that counts (resident pages, every process); the address
    # space, which also counts reservations nothing touched (thread stacks, malloc's arenas), stays a
    # per-process backstop above it: honest work meets the group's limit first, and one allocation far
    # beyond the limit still fails at once, as a MemoryError the learner is shown as such.
    memory = plan.memory_mb + (CGROUP_AS_SLACK_MB if in_cgroup else 0)
    limits = [("RLIMIT_FSIZE", plan.output_limit_bytes), ("RLIMIT_NPROC", tasks + SPARE_TASKS),
              ("RLIMIT_AS", plan.address_space + memory * 1024 * 1024), ("RLIMIT_CORE", 0)]
    refused = []
    for name, value in limits:
        try:
            resource.setrlimit(getattr(resource, name), (value, value))
        except (ValueError, OSError):
            refused.append(name)
    return off(f"refused: {', '.join(refused)}") if refused else on("memory, file size, processes")


def _close_descriptors(keep: tuple[int, ...]) -> str:
    kept = sorted({0, 1, 2, *keep})
    start = 3
    for fd in kept + [os.sysconf("SC_OPEN_MAX")]:
        if fd >= start:
            os.closerange(start, fd)
            start = fd + 1
    return on("all closed but the worker's own")


def _tasks_of(uid: int) -> int:
    """Threads of every process of UID: what RLIMIT_NPROC counts on Linux."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status", encoding="ascii", errors="replace") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:
            continue
        if fields.get("Uid", "").split()[:1] == [str(uid)]:
            total += int(fields.get("Threads", "1").strip() or 1)
    return total
