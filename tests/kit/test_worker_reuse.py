"""The learner path's reused workers: the same grades as a fresh worker per exercise, nothing one exercise leaves
behind reaches the next, a crash costs only its own exercise, and untrusted work never shares a worker.

Which process ran which exercise is read on the judge's side (reuse_driver.py records the PID of the judge's
own Process object at each start and each hand-over), never from what a worker says.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import torch
from conftest import ENGLISH, KIT_ROOT, LEARNERS, SOLUTIONS, exercise, valid_result, without_timings

from autograd_kit.exercises.manifest import load_exercises
from autograd_kit.sandbox import worker_reuse

DRIVER = Path(__file__).with_name("reuse_driver.py")
MISTAKES = Path(__file__).with_name("mistakes")
NAMES = [e.name for e in load_exercises()]


def folder(tmp_path: Path, files: dict[str, str], name: str = "exercises") -> Path:
    """A learner folder: exercise number -> the file's text."""
    target = tmp_path / name
    target.mkdir()
    for number, text in files.items():
        slot = next(n for n in NAMES if n.startswith(number))
        (target / f"{slot}.py").write_text(text, encoding="utf-8")
    return target


def solution(number: str) -> str:
    return next(SOLUTIONS.glob(f"{number}_*.py")).read_text(encoding="utf-8")


def drive(tmp_path: Path, grades: list[dict], trust_worker: bool = False, env: dict | None = None) -> list[dict]:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({"grades": grades, "trust_worker": trust_worker}))
    done = subprocess.run([sys.executable, str(DRIVER), str(spec)], capture_output=True, text=True, timeout=290,
                          env={**os.environ, **ENGLISH, **(env or {})}, cwd=KIT_ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout)
    for result in results:
        valid_result(result["grade"])
    return results


def pids_of(result: dict) -> dict[str, list[int]]:
    """Exercise -> the worker PIDs the judge handed it to, in order."""
    found: dict[str, list[int]] = {}
    for module, pid in result["runs"]:
        found.setdefault(module.removeprefix("learner_"), []).append(pid)
    return found


def same_grades(reused: dict, fresh: dict) -> None:
    assert without_timings(reused["grade"]) == without_timings(fresh["grade"])


def both_ways(target: Path, **options: object) -> list[dict]:
    return [{"target": str(target), "reuse": "1", **options}, {"target": str(target), "reuse": "0", **options}]


def test_all_twenty_solutions_grade_the_same_in_reused_workers(tmp_path: Path):
    reused, fresh = drive(tmp_path, both_ways(SOLUTIONS))
    same_grades(reused, fresh)
    assert reused["grade"]["percent"] == 100
    assert len({pid for _, pid in reused["runs"]}) < len(NAMES) / 2  # reused: a few workers for twenty exercises
    assert len({pid for _, pid in fresh["runs"]}) >= len(NAMES)  # a start tried again on a busy machine adds one


def test_stubs_and_mistakes_grade_the_same_in_reused_workers(tmp_path: Path):
    files = {name[:2]: (KIT_ROOT / "exercises" / f"{name}.py").read_text() for name in NAMES[::2]}  # stubs
    for name in NAMES[1::2]:
        mistakes = sorted((MISTAKES / name).glob("*.py"))
        if mistakes:
            files[name[:2]] = mistakes[len(mistakes) // 2].read_text()
    reused, fresh = drive(tmp_path, both_ways(folder(tmp_path, files)))
    same_grades(reused, fresh)
    assert len({pid for _, pid in reused["runs"]}) < len({pid for _, pid in fresh["runs"]})


LEAKY = """

import os
import random
import sys

# Everything a file can leave behind for the next exercise in its worker.
torch.set_default_dtype(torch.float64)
torch.set_grad_enabled(False)
torch.autograd.set_detect_anomaly(True)
torch.nn.modules.module.register_module_forward_hook(lambda module, args, output: output * 0)
torch.manual_seed(0)
random.seed(0)
with open("helper_mod.py", "w") as helper:
    helper.write("SCALE = 0.0\\n")
sys.path.insert(0, os.getcwd())
import helper_mod
"""
OWN_HELPER = """

import os
import sys

with open("helper_mod.py", "w") as helper:
    helper.write("SCALE = 1.0\\n")
sys.path.insert(0, os.getcwd())
import helper_mod

assert helper_mod.SCALE == 1.0, "another exercise's helper_mod"
"""


def test_what_an_exercise_leaves_behind_does_not_reach_the_next(tmp_path: Path):
    # 09 runs first in one worker, 10 in the other; 11 is handed to 09's worker, after 09's file ran there.
    target = folder(tmp_path, {"09": solution("09") + LEAKY, "10": solution("10"), "11": solution("11") + OWN_HELPER})
    reused, fresh = drive(tmp_path, both_ways(target), trust_worker=True)
    assert pids_of(reused)["11_zero_grad"] == pids_of(reused)["09_no_grad_context"]  # it was reused
    same_grades(reused, fresh)
    # 11 imported its own helper_mod (its file's `import sys` costs it the checks of how it is written, both ways)
    eleven = exercise(reused["grade"], "11")["checks"]
    assert eleven[0]["kind"] == "passed" and not any("helper_mod" in c["message"] for c in eleven)


PATCHES_AUTOGRAD = """

def _fake_grad(outputs, inputs, *args, **kwargs):
    return tuple(torch.ones_like(i) for i in inputs)


torch.autograd.grad = _fake_grad
"""


@pytest.mark.parametrize("trust_worker", [True, False], ids=["worker-check", "judge-check"])
def test_a_file_that_patches_torch_ends_its_worker_before_a_wrong_one(tmp_path: Path, trust_worker: bool):
    wrong = (MISTAKES / "14_autograd_grad" / "zeros_shaped_like_a.py").read_text()
    target = folder(tmp_path, {"12": solution("12") + PATCHES_AUTOGRAD, "13": solution("13"), "14": wrong})
    reused, fresh = drive(tmp_path, both_ways(target), trust_worker=trust_worker)
    pids = pids_of(reused)
    # Handed to 12's worker (worker-check: it says it retires) or not at all (judge-check): answered by another
    assert pids["14_autograd_grad"][-1] not in pids["12_retain_graph"]
    same_grades(reused, fresh)
    assert exercise(reused["grade"], "14")["status"] != "passed"


@pytest.mark.parametrize("crash", ["exits_in_function.py", "segfault.py", "honest_but_dq_da_hangs.py"])
def test_a_crash_in_a_reused_worker_costs_only_its_exercise(tmp_path: Path, crash: str):
    files = {n: solution(n) for n in ("02", "03", "05", "06")} | {"04": (LEARNERS / crash).read_text()}
    reused, fresh = drive(tmp_path, both_ways(folder(tmp_path, files), timeout=1.0))
    pids = pids_of(reused)
    assert pids["04_gradients_by_hand"][0] in pids["02_loss_backward"] + pids["03_optimizer_step"]  # a reused one
    same_grades(reused, fresh)
    for number in ("02", "03", "05", "06"):
        assert exercise(reused["grade"], number)["status"] == "passed"
    assert {c["kind"] for c in exercise(reused["grade"], "04")["checks"]} & {"crashed", "exited", "timeout"}


def test_untrusted_work_gets_one_fresh_worker_per_exercise(tmp_path: Path):
    target = folder(tmp_path, {n: solution(n) for n in ("04", "05", "06", "07")}, name="submission")
    (result,) = drive(tmp_path, [{"target": str(target), "reuse": "1", "submission": True}])
    pids = [pid for module, pid in result["runs"] if module != "sandbox_check"]  # not the judge's look at the layers
    assert len(pids) == len(set(pids)) == 4  # started once each, never handed another exercise
    assert result["grade"]["percent"] > 0


def test_a_kept_worker_answers_the_next_grade_without_starting_another(tmp_path: Path):
    target = folder(tmp_path, {"04": solution("04")})
    first, second = drive(tmp_path, [{"target": str(target), "reuse": "1", "keep": True}] * 2)
    assert second["runs"] and {pid for _, pid in second["runs"]} <= {pid for _, pid in first["runs"]}
    same_grades(first, second)


def test_spawn_workers_are_reused_on_the_learner_path(tmp_path: Path):
    target = folder(tmp_path, {n: solution(n) for n in ("04", "05", "06")})
    (result,) = drive(tmp_path, [{"target": str(target), "reuse": ""}], env={"AUTOGRAD_KIT_START_METHOD": "spawn"})
    assert result["grade"]["percent"] > 0
    assert all(e["status"] == "passed" for e in result["grade"]["exercises"] if e["name"][:2] in ("04", "05", "06"))
    assert len({pid for _, pid in result["runs"]}) == 2  # three exercises, two workers


# --- the worker's own side, in this process ---------------------------------------------------------


@pytest.fixture
def baseline():
    saved = torch.get_default_dtype(), torch.is_grad_enabled(), torch.is_anomaly_enabled(), list(sys.path)
    taken = worker_reuse.Baseline.take()
    yield taken
    torch.set_default_dtype(saved[0])
    torch.set_grad_enabled(saved[1])
    torch.set_anomaly_enabled(saved[2])
    sys.path[:] = saved[3]


def test_reset_puts_back_modes_hooks_rngs_and_modules(baseline: worker_reuse.Baseline, tmp_path: Path):
    expected_tensor, expected_random = torch.rand(3), random.random()
    baseline.reset()
    (tmp_path / "helper_of_an_exercise.py").write_text("VALUE = 1\n")
    sys.path.insert(0, str(tmp_path))
    import helper_of_an_exercise  # noqa: F401

    torch.set_default_dtype(torch.float64)
    torch.set_grad_enabled(False)
    torch.set_anomaly_enabled(True)
    handle = torch.nn.modules.module.register_module_forward_hook(lambda module, args, output: output * 0)
    torch.manual_seed(1)
    random.seed(1)
    assert baseline.retire_reasons(0.0) == []  # all of that can be put back
    baseline.reset()
    assert "helper_of_an_exercise" not in sys.modules
    assert torch.get_default_dtype() == torch.float32 and torch.is_grad_enabled() and not torch.is_anomaly_enabled()
    assert torch.equal(torch.rand(3), expected_tensor) and random.random() == expected_random
    assert float(torch.nn.Linear(1, 1)(torch.ones(1, 1)).abs().sum()) > 0  # the hook is gone
    handle.remove()


def test_a_replaced_torch_function_retires_the_worker(baseline: worker_reuse.Baseline):
    original = torch.autograd.grad
    torch.autograd.grad = lambda *args, **kwargs: None
    try:
        assert any("grad was replaced" in reason for reason in baseline.retire_reasons(0.0))
    finally:
        torch.autograd.grad = original
    assert baseline.retire_reasons(0.0) == []
    assert baseline.retire_reasons(0.9) == ["most of its output allowance is spent"]


def test_a_thread_the_exercise_left_running_retires_the_worker(baseline: worker_reuse.Baseline):
    """Only threads started after the baseline count: the process's own (here, pytest's) were there before."""
    stop = threading.Event()
    left = threading.Thread(target=stop.wait, daemon=True)
    left.start()
    try:
        assert "a thread is still running" in baseline.retire_reasons(0.0)
    finally:
        stop.set()
        left.join()
    assert baseline.retire_reasons(0.0) == []
