"""Before learner code runs, its worker forgets the judge: argv, working folder, authkey, forkserver, nonces."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ENGLISH, KIT_ROOT, SOLUTIONS, checks, valid_result

AUTHKEY = "judge-authkey-3e1f9a"
COURSE_SECRET = "5e1c0ffee9a7b3d2" * 4  # by environment, never argv: the worker must not find it either
FOLDER = "judge-cwd-7c5d21"
# The grader as a platform would start it, with an authkey, a working folder and a course secret we can look for
GRADER = f"""
import multiprocessing, sys
multiprocessing.current_process().authkey = {AUTHKEY.encode()!r}
sys.path.insert(0, {str(KIT_ROOT)!r})
from autograd_kit.cli.main import main
sys.argv[0] = "grader.py"
sys.exit(main())
"""

HUNT = '''

def _hunt(when):
    """Everything learner code can reach of the judge: printed, so it lands in the grade's output."""
    import gc, multiprocessing, multiprocessing.process, os, sys, warnings
    warnings.simplefilter("ignore")  # touching every object wakes torch's deprecation warnings
    wanted = [w[::-1] for w in {reversed!r}]  # written backwards: the file's own text is not a find
    found = set()
    control = ["-".join(["CONTROL", "MARKER"])]  # the hunt must find this one, or it proves nothing

    def look(text, where):
        if isinstance(text, bytes):
            text = text.decode("latin-1")
        if isinstance(text, str):
            for marker in wanted + ["-".join(["CONTROL", "MARKER"])]:
                if marker in text:
                    found.add(f"{{marker}} in {{where}}")
        elif type(text) is int and str(text) == wanted[1]:
            found.add(f"the course seed as an int in {{where}}")

    look(" ".join(sys.argv), "sys.argv")
    look(" ".join(sys.orig_argv), "sys.orig_argv")
    look(os.getcwd(), "cwd")
    look(str(multiprocessing.process.ORIGINAL_DIR), "ORIGINAL_DIR")
    look(bytes(multiprocessing.current_process().authkey), "authkey")
    look(" ".join(sys.path), "sys.path")
    for path in ("/proc/self/cmdline", "/proc/self/environ"):
        try:
            with open(path, "rb") as file:
                look(file.read(), path)
        except OSError:
            pass
    forkserver = sys.modules.get("multiprocessing.forkserver")
    server = getattr(forkserver, "_forkserver", None)
    for name in ("_forkserver_address", "_forkserver_alive_fd", "_forkserver_pid", "_inherited_fds"):
        if getattr(server, name, None) is not None:
            found.add(f"forkserver {{name}}")
    scanned = 0
    for thing in gc.get_objects():
        if thing is wanted or thing is found:
            continue
        scanned += 1
        kind = type(thing).__name__
        if kind == "Request" and hasattr(thing, "nonce") and thing.nonce:
            found.add("a Request with its nonce")
        if kind == "WorkerSetup" and getattr(thing, "nonce", 0):
            found.add("the WorkerSetup with the boot nonce")
        if kind == "BytesIO":
            look(thing.getvalue()[:100000], "a BytesIO")
        items = ()
        if isinstance(thing, dict):
            items = [*thing.keys(), *thing.values()]
        elif isinstance(thing, (list, tuple, set, frozenset)):
            items = thing
        elif hasattr(thing, "__dict__") and isinstance(getattr(thing, "__dict__", None), dict):
            items = thing.__dict__.values()
        for item in items:
            look(item, kind)
    print(f"HUNT {{when}}: scanned {{scanned}}; found: {{sorted(found)}}")


_hunt("at import")
'''


def hunter_file(tmp_path):
    source = (SOLUTIONS / "04_gradients_by_hand.py").read_text()
    source = source.replace("    return 3 * a**3 - b**2", "    _hunt('in a call')\n    return 3 * a**3 - b**2")
    source += HUNT.format(reversed=[AUTHKEY[::-1], COURSE_SECRET[::-1], FOLDER[::-1]])
    target = tmp_path / "target" / "exercises"
    target.mkdir(parents=True)
    (target / "04_gradients_by_hand.py").write_text(source)
    return target


def test_learner_code_finds_nothing_of_the_judge(tmp_path):
    target = hunter_file(tmp_path)
    folder = tmp_path / FOLDER
    folder.mkdir()
    done = subprocess.run([sys.executable, "-c", GRADER, "04", "--target", str(target), "--seed-from-student",
                           "--student-id", "s1", "--json", "-"], cwd=folder, capture_output=True, text=True,
                          timeout=300, env={**os.environ, **ENGLISH, "PYTHONPATH": str(KIT_ROOT),
                                            "AUTOGRAD_KIT_COURSE_SECRET": COURSE_SECRET})
    assert done.returncode == 0, done.stdout + done.stderr
    grade = valid_result(json.loads(done.stdout))
    printed = "\n".join(check["output"] for check in checks(grade, "04").values())
    hunts = [line for line in printed.splitlines() if line.startswith("HUNT ")]
    assert any("at import" in line for line in hunts) and any("in a call" in line for line in hunts), printed
    for line in hunts:
        scanned = int(line.split("scanned ")[1].split(";")[0])
        assert scanned > 10_000, line  # it looked through torch's objects too
        assert line.endswith("found: ['CONTROL-MARKER in list']"), line  # its own marker, and nothing else
    everything = done.stdout + done.stderr
    for secret in (AUTHKEY, COURSE_SECRET, FOLDER):
        assert secret not in everything
