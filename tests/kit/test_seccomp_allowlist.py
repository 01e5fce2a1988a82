"""The seccomp allowlist (syscalls.py, allowed_syscalls.txt): measured, complete, and nothing more.

The census test grades a representative class under strace and fails, naming
the calls, when a worker needs one the list lacks. The filter tests load it
into a fresh interpreter and try what it must refuse. (The attacks on it, graded
as root and as an ordinary user, are in test_sandbox_attacks.py.)
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from conftest import KIT_ROOT, LEARNERS, SOLUTIONS, checks, grade_json

from autograd_kit.exercises.manifest import load_exercises
from autograd_kit.sandbox.kernel import syscall_census, syscalls

MARK = f'access("{syscalls.MARKER}", F_OK) = -1 ENOENT (No such file or directory)'
TRACE = [
    "100 openat(-100, \"/usr/lib/x.so\", 0x80000) = 3",  # before the marker: not counted
    f"100 {MARK}",
    "100 ioctl(1, 0x5401 /* TCGETS */, 0x7ffd) = -1 ENOTTY",
    "100 clone3({flags=0x3d0f00 /* CLONE_VM|CLONE_THREAD */, child_tid=0x7f} <unfinished ...>",
    "101 rseq(0x7f, 0x20, 0, 0x53053053) = 0",  # the thread's first call, before its parent's clone returns
    "100 <... clone3 resumed> => {parent_tid=[2 /* 101 in strace's PID NS */]}, 88) = 2 /* 101 in strace's PID NS */",
    "101 exit(0) = ?",
    "200 socket(0x1 /* AF_UNIX */, 0x1 /* SOCK_STREAM */, 0) = 5",  # a process that never passed a marker
    "100 ioctl(1, 0x5412 /* TIOCSTI */, 0x7ffd <unfinished ...>",
    "100 <... ioctl resumed>) = -1 EPERM",
    "+++ exited with 0 +++",
]


def test_the_census_counts_a_worker_and_its_threads_from_the_marker_on():
    census = syscall_census.read_trace(TRACE)
    assert census.workers == 1
    assert sorted(census.calls) == ["clone", "exit", "ioctl", "rseq"]  # clone3 is listed as clone, libc's fallback
    assert census.calls["ioctl"] == {0x5401: "TCGETS", 0x5412: "TIOCSTI"}


def test_the_census_names_what_the_allowlist_lacks():
    census = syscall_census.read_trace(TRACE)
    allowed = {"clone": frozenset(), "exit": frozenset(), "ioctl": frozenset({0x5401})}
    assert census.missing_from(allowed) == ["ioctl(TIOCSTI)", "rseq"]


def test_a_new_census_rewrites_the_list_and_keeps_its_reasons(tmp_path):
    path = tmp_path / "allowed.txt"
    path.write_text("# header\nread\nioctl 0x5401         # TCGETS: isatty()\nbrk                  # malloc's heap\n")
    census = syscall_census.read_trace(TRACE)
    syscall_census.write_allowlist(census, path)
    assert path.read_text().splitlines() == [
        "# header", "clone", "exit", "ioctl 0x5401 0x5412  # TCGETS TIOCSTI: isatty()",
        f"restart_syscall      # {syscalls.UNMEASURED['restart_syscall']}", "rseq"]  # brk and read: no longer seen
    assert syscalls.read_allowlist(path)["ioctl"] == {0x5401, 0x5412}


def test_the_allowlist_never_lists_sockets_or_new_processes():
    allowed = syscalls.read_allowlist()
    assert not set(allowed) & set(syscalls.NEVER)
    assert {"read", "write", "exit_group", "clone"} <= set(allowed)
    assert allowed["ioctl"] and all(allowed[name] for name in syscalls.CHECKED_ARGUMENT if name in allowed)
    assert len(allowed) < 80  # a list, not everything with a few calls left out


FILTERED = textwrap.dedent("""
    import ctypes, errno, json, os, platform, socket, threading
    from autograd_kit.sandbox.kernel import syscalls
    NUMBERS = {"x86_64": {"fork": 57, "clone": 56, "clone3": 435, "memfd_create": 319},
               "aarch64": {"clone": 220, "clone3": 435, "memfd_create": 279}}[platform.machine()]  # uname: before
    libc = ctypes.CDLL(None, use_errno=True)
    layer = syscalls.restrict_self()

    def errno_of(call):
        try:
            call()
            return 0
        except OSError as error:
            return error.errno

    def raw(name, *args):
        ctypes.set_errno(0)
        result = libc.syscall(NUMBERS[name], *args)
        return ctypes.get_errno() if result == -1 else "ran"

    seen = []
    thread = threading.Thread(target=lambda: seen.append(1 + 1))
    thread.start()
    thread.join()
    print(json.dumps({
        "layer": layer, "thread": seen,
        "unix socket": errno_of(lambda: socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)),
        "inet socket": errno_of(lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM)),
        "socketpair": errno_of(socket.socketpair),
        "os.fork": errno_of(os.fork),
        "raw fork": raw("fork") if "fork" in NUMBERS else errno.EPERM,
        "clone as fork": raw("clone", 17, 0, 0, 0, 0),  # SIGCHLD
        "clone, thread and namespace": raw("clone", 0x00010000 | 0x10000000, 0, 0, 0, 0),  # no CLONE_VM: EINVAL
        "clone3": raw("clone3", 0, 0),
        "memfd_create": raw("memfd_create", b"x", 0),
        "TIOCSTI": errno_of(lambda: __import__("fcntl").ioctl(os.open("/dev/null", 0), 0x5412, b"x")),  # else ENOTTY
        "unshare": ctypes.get_errno() if libc.unshare(0x10000000) == -1 else "ran",  # CLONE_NEWUSER
    }))
""")


def test_the_filter_refuses_sockets_processes_and_memfds_but_lets_threads_run():
    result = subprocess.run([sys.executable, "-c", FILTERED], cwd=KIT_ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen.pop("layer") == {"allowed": len(syscalls.read_allowlist())}
    assert seen.pop("thread") == [2]
    assert seen.pop("clone3") == 38  # ENOSYS: libc falls back to clone, whose flags the filter can read
    assert seen == {name: 1 for name in seen}, seen  # EPERM for every other one


def test_a_worker_needs_no_call_outside_the_allowlist():
    """All 20 solutions, a crash, a hang cut by the timeout, an exception at import, threads, and everyday
    Python (sleep, ids, urandom, tempfile)."""
    slots = [e.name for e in load_exercises()]
    students = {"solutions": {slot: SOLUTIONS / f"{slot}.py" for slot in slots},
                "crashes": {"04_gradients_by_hand": LEARNERS / "segfault.py"},
                "hangs": {"04_gradients_by_hand": LEARNERS / "hang_at_import.py"},
                "raises": {"04_gradients_by_hand": LEARNERS / "import_error.py"},
                "threads": {"04_gradients_by_hand": LEARNERS / "computes_in_a_thread.py"},
                "everyday": {"04_gradients_by_hand": LEARNERS / "everyday_python.py"}}
    allowed = syscalls.read_allowlist()
    census = syscall_census.measure(students, timeout_s=2, outside=allowed)  # strace stops only for the rest
    assert census.workers >= 20 + 5  # every worker passed the marker (and so did the batch's layer checks)
    assert {"clone", "ioctl"} <= set(census.calls)  # traced whatever the list says: the thread was seen
    missing = census.missing_from(allowed)
    assert missing == [], f"workers called {', '.join(missing)}, which allowed_syscalls.txt lacks: " \
                          "run `python grader.py dev syscalls`"


def test_the_report_names_the_allowlist_and_threads_still_work_under_it(target):
    grade = grade_json(target({"04_gradients_by_hand": "computes_in_a_thread.py"}), "04")
    assert grade["isolation"]["seccomp"] == f"on: allowlist ({len(syscalls.read_allowlist())} calls)"
    found = checks(grade, "04")
    assert found["test_q_function"]["passed"]
    assert found["test_q_function"]["kind"] == "passed"  # computed in a thread, under the filter
    # the file imports threading, which reaches past its own objects: how dq_da is written cannot be vouched
    # for (checks/source.py), so its check fails on that rule, not on a refused system call
    assert found["test_dq_da"]["kind"] == "wrong" and "can bind dq_da" in found["test_dq_da"]["message"]
