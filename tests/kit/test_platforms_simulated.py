"""Windows and macOS, simulated here on Linux (issue 24, part 2). Each thing that differs is simulated alone and
must give the learner the same grade and the same feedback as the normal path:

- spawn workers (AUTOGRAD_KIT_START_METHOD=spawn: Windows has no fork and no forkserver);
- no /proc (macOS, Windows): CPU time cannot be read from it, limits fall back to the clock;
- no kernel layers (every platform but Linux);
- no fcntl, termios, tty or resource modules (Windows), in the grader and in every worker;
- keys read through msvcrt (Windows' console), for `watch`.

The simulations are tests/kit/simulate/sitecustomize.py on PYTHONPATH, which every worker keeps. The real
platforms run examples/ci/kit-platforms.yml, which cannot run on these machines.
"""

import json
import os
import shutil
import subprocess
import sys
import threading
import types

import pytest
from conftest import ENGLISH, KIT_ROOT, LEARNERS, SOLUTIONS, valid_result

from autograd_kit.exercises import stubs
from autograd_kit.learner import keys

SIMULATE = KIT_ROOT / "tests" / "kit" / "simulate" / "sitecustomize.py"
SEED = "3"
WINDOWS_LIKE = "no_posix_modules,no_proc,no_kernel_layers"


@pytest.fixture(scope="module")
def learner(tmp_path_factory):
    """A learner's folder part-way through: 04 solved, 09 with a known mistake, 20 an untouched stub (the others
    not there yet, which grades as not started without a worker: spawn's workers are slow to start)."""
    folder = tmp_path_factory.mktemp("learner") / "exercises"
    folder.mkdir()
    shutil.copy(SOLUTIONS / "04_gradients_by_hand.py", folder)
    shutil.copy(LEARNERS / "wrong_no_grad.py", folder / "09_no_grad_context.py")
    (folder / "20_hooks_and_func.py").write_text(stubs.pristine("20_hooks_and_func"), encoding="utf-8")
    return folder


def run(simulated: str, *args: str, tmp_path=None, start_method: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **ENGLISH, "COLUMNS": "200", "PYTHONPATH": str(KIT_ROOT)}
    env.pop("AUTOGRAD_KIT_START_METHOD", None)
    if start_method:
        env["AUTOGRAD_KIT_START_METHOD"] = start_method
    if simulated:
        site = tmp_path / f"simulate-{simulated.replace(',', '-')}"
        site.mkdir(exist_ok=True)
        shutil.copy(SIMULATE, site)
        (site / "simulated.txt").write_text(simulated)
        site.chmod(0o755)  # workers run as other users: they must read it too
        env["PYTHONPATH"] = f"{site}{os.pathsep}{KIT_ROOT}"
    return subprocess.run([sys.executable, "grader.py", *args], cwd=KIT_ROOT, capture_output=True, text=True,
                          timeout=600, env=env)


def learner_view(ran: subprocess.CompletedProcess) -> list[dict]:
    """What the learner is told of each exercise: status, points, each check's kind and feedback."""
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    grade = valid_result(json.loads(ran.stdout))
    return [{"name": e["name"], "status": e["status"], "points": e["points"],
             "checks": [(c["name"], c["kind"], c["points"], c["message"]) for c in e["checks"]]}
            for e in grade["exercises"]]


@pytest.fixture(scope="module")
def normal(learner, tmp_path_factory):
    return learner_view(run("", "--target", str(learner), "--seed", SEED, "--json", "-"))


@pytest.fixture
def readable_tmp(tmp_path):
    """A folder every worker's user may read (pytest's own is root's alone)."""
    for folder in [tmp_path, *tmp_path.parents]:
        if folder == folder.parent or str(folder) == "/tmp":
            break
        folder.chmod(0o755)
    return tmp_path


@pytest.mark.parametrize(("simulated", "start_method"), [
    ("", "spawn"), ("no_proc", None), ("no_kernel_layers", None), ("no_posix_modules", None),
], ids=["spawn", "no_proc", "no_kernel_layers", "no_posix_modules"])
def test_each_simulated_difference_gives_the_same_grade_and_feedback(learner, normal, readable_tmp, simulated,
                                                                    start_method):
    ran = run(simulated, "--target", str(learner), "--seed", SEED, "--json", "-", tmp_path=readable_tmp,
              start_method=start_method)
    assert learner_view(ran) == normal
    statuses = {e["name"][:2]: e["status"] for e in normal}
    assert statuses["04"] == "passed" and statuses["09"] == "failed" and statuses["20"] == "not_started"


def test_a_windows_like_learner_path_lists_and_hints_as_usual(learner, readable_tmp):
    normal_list = run("", "list", "--target", str(learner))
    simulated_list = run(WINDOWS_LIKE, "list", "--target", str(learner), tmp_path=readable_tmp)
    assert simulated_list.returncode == normal_list.returncode == 0, simulated_list.stderr
    assert simulated_list.stdout == normal_list.stdout
    hinted = run(WINDOWS_LIKE, "hint", "09", "--target", str(learner), tmp_path=readable_tmp)
    assert hinted.returncode == 0 and "Traceback" not in hinted.stderr, hinted.stderr
    assert "09" in hinted.stdout


def test_the_simulation_really_takes_the_modules_away(readable_tmp):
    site = readable_tmp / "simulate-check"
    site.mkdir()
    shutil.copy(SIMULATE, site)
    (site / "simulated.txt").write_text(WINDOWS_LIKE)
    probe = ("import importlib\nfor name in ('fcntl', 'termios', 'tty', 'resource'):\n    try:\n"
             "        importlib.import_module(name)\n        print(name, 'imported')\n"
             "    except ImportError:\n        print(name, 'absent')\n"
             "from autograd_kit.sandbox import budget\nfrom autograd_kit.sandbox.kernel import confinement\n"
             "print(budget.PROC.exists(), confinement.sys.platform)")
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": f"{site}{os.pathsep}{KIT_ROOT}"})
    assert ran.stdout.split("\n")[:5] == ["fcntl absent", "termios absent", "tty absent", "resource absent",
                                          "False darwin"]


class FakeMsvcrt(types.ModuleType):
    """Windows' console, as msvcrt gives it: kbhit() says a key waits, getwch() takes it ("\\xe0" then a code for
    an arrow key)."""

    def __init__(self, pressed: str) -> None:
        super().__init__("msvcrt")
        self.pressed = list(pressed)

    def kbhit(self) -> bool:
        return bool(self.pressed)

    def getwch(self) -> str:
        return self.pressed.pop(0)


def test_watch_reads_keys_through_msvcrt_where_there_is_no_termios(monkeypatch):
    monkeypatch.setitem(sys.modules, "msvcrt", FakeMsvcrt("\xe0Hh\x00;nq"))  # up arrow, h, F1, n, q
    monkeypatch.setitem(sys.modules, "termios", None)  # import termios raises ImportError, as on Windows
    monkeypatch.setitem(sys.modules, "tty", None)
    monkeypatch.setattr(keys, "os", types.SimpleNamespace(**{**vars(os), "name": "nt"}))
    monkeypatch.setattr(keys, "_interactive", lambda: True)
    got: list[str] = []
    done = threading.Event()

    def on_key(key: str) -> None:
        got.append(key)
        if key == "q":
            done.set()

    with keys.reader(on_key) as listening:
        assert listening
        assert done.wait(30)
    assert got == ["h", "n", "q"]
