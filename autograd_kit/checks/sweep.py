"""Run the checks in this process over many seeds: `python grader.py dev sweep`.

A check's tolerance must hold for every seed a grade can draw, and a named
mistake must be caught for every seed too. Grading through pytest and worker
processes takes seconds per seed; this runs the same check functions with the
same fixtures (the same `seed`, and `rng` seeded the way checks_plugin seeds
it) against an in-process sandbox, so hundreds of seeds take minutes. Only for
trusted files: the kit's solutions and its own learner files.
"""

from __future__ import annotations

import importlib.util
import inspect
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import torch

from autograd_kit.checks import catalogue
from autograd_kit.checks.expect import CheckFailed
from autograd_kit.checks.plugin import Learner, LearnerCallFailed
from autograd_kit.checks.source import LearnerSource
from autograd_kit.exercises.manifest import Exercise, load_exercises
from autograd_kit.sandbox.in_process import InProcessSandbox
from autograd_kit.sandbox.isolation import Limits
from autograd_kit.submission.text import canonical_source


@dataclass(frozen=True)
class Case:
    """One check as pytest would collect it: test_x, or test_x[id] for a parametrized one."""

    exercise: Exercise
    name: str
    function: Callable[..., Any]
    params: dict[str, Any]


@dataclass(frozen=True)
class Outcome:
    case: str
    seed: int
    passed: bool
    kind: str  # "passed", "wrong", a call kind ("raised", "not_started"...) or "check_error"
    message: str


def cases(exercise: Exercise) -> list[Case]:
    module = _load(exercise.checks_path)
    found = []
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if not name.startswith("test_") or function.__module__ != module.__name__:
            continue
        for suffix, params in _parametrizations(function):
            found.append(Case(exercise, name + suffix, function, params))
    return found


def learner_for(exercise: Exercise, learner_file: Path) -> Learner:
    """One learner per exercise and seed, as in a grade: checks that share a probe share its result."""
    data = canonical_source(learner_file.read_bytes())
    sandbox = InProcessSandbox(learner_file, f"sweep_{exercise.name}", Limits(), data)
    return Learner(exercise, sandbox, learner_file.name, LearnerSource(data))


def run(case: Case, learner: Learner, seed: int) -> Outcome:
    fixtures = {"learner": learner, "seed": seed,
                "rng": torch.Generator().manual_seed(zlib.crc32(f"{seed}:{case.name}".encode()))}
    wanted = inspect.signature(case.function).parameters
    catalogue.start_check(learner.exercise.name)  # the keys a check names are its exercise's
    learner.used = []
    try:
        case.function(**{k: v for k, v in {**fixtures, **case.params}.items() if k in wanted})
    except LearnerCallFailed as error:
        return Outcome(case.name, seed, False, str(error.outcome.kind), str(error))
    except (CheckFailed, AssertionError) as error:
        return Outcome(case.name, seed, False, "wrong", str(error))
    except Exception as error:  # noqa: BLE001 - a check that breaks is reported, not raised
        return Outcome(case.name, seed, False, "check_error", f"{type(error).__name__}: {error}")
    return Outcome(case.name, seed, True, "passed", "")


def sweep(files: dict[str, Path], seeds: Iterable[int], only: Callable[[Case], bool] = lambda case: True
          ) -> list[Outcome]:
    """Every check of every exercise in FILES (name -> learner file), for every seed."""
    outcomes = []
    chosen = [e for e in load_exercises() if e.name in files]
    all_cases = [case for exercise in chosen for case in cases(exercise) if only(case)]
    for seed in seeds:
        learners = {e.name: learner_for(e, files[e.name]) for e in chosen}
        for case in all_cases:
            outcomes.append(run(case, learners[case.exercise.name], seed))
        forget_truths()
    return outcomes


def forget_truths() -> None:
    """Empty the checks' per-seed caches of truths (a grade uses one seed; a sweep, hundreds)."""
    for module in _loaded.values():
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


def _parametrizations(function: Callable[..., Any]) -> list[tuple[str, dict[str, Any]]]:
    marks = [m for m in getattr(function, "pytestmark", []) if m.name == "parametrize"]
    if not marks:
        return [("", {})]
    if len(marks) > 1:
        raise NotImplementedError("sweep handles one parametrize mark per check")
    names, values = marks[0].args[0], marks[0].args[1]
    names = [n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)
    ids = marks[0].kwargs.get("ids")
    found = []
    for index, value in enumerate(values):
        given = None
        if hasattr(value, "marks") and hasattr(value, "values"):  # pytest.param(..., marks=...): its values, its id
            given, value = value.id, (value.values if len(names) > 1 else value.values[0])
        row = value if len(names) > 1 else (value,)
        label = given or (ids[index] if ids else "-".join(str(v) for v in row))
        found.append((f"[{label}]", dict(zip(names, row, strict=True))))
    return found


_loaded: dict[Path, ModuleType] = {}


def _load(path: Path) -> ModuleType:
    if path not in _loaded:
        spec = importlib.util.spec_from_file_location(f"autograd_kit_sweep_{path.stem}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _loaded[path] = module
    return _loaded[path]
