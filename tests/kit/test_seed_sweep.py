"""Every honest point, with every seed; every typical mistake caught, with every seed.

The checks' tolerances come from float32 rounding (expect.close, fingerprint.rounding_floors).
These sweeps prove it across seeds, in-process for speed (autograd_kit/checks/sweep.py runs the same
check functions with the same fixtures as a grade): the reference solutions pass every check
for 100 seeds, correct solutions written another way (tests/kit/honest_variants) for 50, and
every typical-mistake case of test_mistakes.py is still caught, and named, for 20.

The four exercises whose checks build and train resnet18 cost 1 to 3 s a seed each, the other sixteen
together under 1 s: they get every fifth of those seeds here (20, 10 and 4), which keeps the sweeps to a
few minutes of the suite. `python grader.py dev sweep 01 02 03 08 --seeds 200` runs them over 200.
"""

from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pytest
from conftest import LEARNERS, SOLUTIONS
from test_mistakes import CASES

from autograd_kit.exercises.manifest import load_exercises

HONEST_VARIANTS = Path(__file__).with_name("honest_variants")
SOLUTION_SEEDS = range(100)
VARIANT_SEEDS = range(1000, 1050)
MISTAKE_SEEDS = range(2000, 2020)
RESNET_EXERCISES = ("01_forward_pass", "02_loss_backward", "03_optimizer_step", "08_freezing")
RESNET_SHARE = 5  # they run every fifth seed of a sweep
PROCESSES = 2


def _names(resnet: bool) -> list[str]:
    return [e.name for e in load_exercises() if (e.name in RESNET_EXERCISES) == resnet]


def _passes(folder: str, seeds: list[int], names: list[str]) -> list[str]:
    """Run in a pool process: every check of the exercises NAMES in FOLDER, for SEEDS; what failed."""
    import warnings

    import torch

    from autograd_kit.checks import sweep

    warnings.filterwarnings("ignore")
    torch.set_num_threads(1)
    files = {e.name: Path(folder) / e.filename for e in load_exercises() if e.name in names}
    return [f"{o.case} seed {o.seed}: {o.kind}: {o.message[:500]}"
            for o in sweep.sweep(files, seeds) if not o.passed]


def _caught(cases: list[tuple], seeds: list[int]) -> list[str]:
    """Run in a pool process: each (exercise, file, check, fragment) fails, naming the fragment, for SEEDS."""
    import warnings

    import torch

    from autograd_kit.checks import sweep
    from autograd_kit.exercises.manifest import find_exercise

    warnings.filterwarnings("ignore")
    torch.set_num_threads(1)
    missed = []
    for seed in seeds:
        sweep.forget_truths()
        learners = {}
        for slot, source, check, fragment in cases:
            if slot in RESNET_EXERCISES and seed % RESNET_SHARE:
                continue
            exercise = find_exercise(slot)
            case = next(c for c in sweep.cases(exercise) if c.name == check)
            key = (slot, source)
            if key not in learners:
                learners[key] = sweep.learner_for(exercise, LEARNERS / source)
            outcome = sweep.run(case, learners[key], seed)
            if outcome.passed or fragment not in outcome.message:
                missed.append(f"{source} {check} seed {seed}: {outcome.kind}: {outcome.message[:300]}")
    return missed


@pytest.fixture(scope="module")
def pool():
    """One pool for the module's sweeps: each spawned process imports torch once (2-3 s), not once a sweep."""
    with ProcessPoolExecutor(PROCESSES, mp_context=get_context("spawn")) as shared:
        yield shared


def _in_parallel(pool: ProcessPoolExecutor, function, jobs: list[tuple]) -> list[str]:
    return [line for part in pool.map(function, *zip(*jobs)) for line in part]


def _split(seeds: range) -> list[list[int]]:
    return [list(seeds)[i::PROCESSES] for i in range(PROCESSES)]


def _sweep_jobs(folder: Path, seeds: range) -> list[tuple]:
    """The light exercises over every seed and the resnet18 ones over every fifth, each split between the
    processes (a job each, so that a process that finishes early takes the next)."""
    resnet_seeds = range(seeds.start, seeds.stop, RESNET_SHARE)
    return ([(str(folder), part, _names(True)) for part in _split(resnet_seeds)]
            + [(str(folder), part, _names(False)) for part in _split(seeds)])


@pytest.mark.slow
@pytest.mark.timeout(1500)
def test_the_solutions_earn_every_point_with_every_seed(pool):
    failures = _in_parallel(pool, _passes, _sweep_jobs(SOLUTIONS, SOLUTION_SEEDS))
    assert failures == []


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_correct_work_written_another_way_earns_every_point(pool):
    failures = _in_parallel(pool, _passes, _sweep_jobs(HONEST_VARIANTS, VARIANT_SEEDS))
    assert failures == []


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_every_typical_mistake_is_caught_with_every_seed(pool):
    missed = _in_parallel(pool, _caught, [(CASES, part) for part in _split(MISTAKE_SEEDS)])
    assert missed == []


def test_the_sweep_runs_what_a_grade_runs(target):
    """The in-process sweep and a real grade agree, check by check, on the same seed."""
    import warnings

    from conftest import grade_json

    from autograd_kit.checks import sweep

    warnings.filterwarnings("ignore")
    folder = target({"04_gradients_by_hand": "mistakes.py", "11_zero_grad": "forgets_zero_grad.py",
                     "16_inference_mode": "inference_mixups.py"})
    grade = grade_json(folder, "--seed", "77")
    graded = {c["name"]: c["points"] == c["max_points"]
              for e in grade["exercises"] if e["name"] in ("04_gradients_by_hand", "11_zero_grad", "16_inference_mode")
              for c in e["checks"]}
    files = {name: folder / f"{name}.py" for name in ("04_gradients_by_hand", "11_zero_grad", "16_inference_mode")}
    swept = {o.case: o.passed for o in sweep.sweep(files, [77])}
    assert swept == graded
