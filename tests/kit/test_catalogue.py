"""The mistake catalogue: every entry is complete, every key a check names exists, every learner file that
proves an entry is diagnosed as that entry, and every worked step, applied to its stub, passes.

tests/kit/mistakes/NN_name/*.py are realistic wrong answers written from the exercise texts and common
confusions, without looking at the checks: one mistake in one function, described in the file's header.
mistakes/expected.toml says which catalogue id each must be named by.
"""

from __future__ import annotations

import ast
import json
import shutil
import tomllib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import KIT_ROOT, grade_json, grading_limit_s

from autograd_kit.checks import catalogue, mistake_patterns
from autograd_kit.exercises import stubs
from autograd_kit.exercises.manifest import load_exercises
from autograd_kit.learner import hints

KIT_TESTS = Path(__file__).parent
MISTAKES = KIT_TESTS / "mistakes"
BLIND = KIT_TESTS / "blind_mistakes"  # 60 more, written blind; each file's docstring names its wrong FUNCTION
BLIND_2 = KIT_TESTS / "blind_mistakes_2"  # 60 more, written blind for issue 26 and judged by hand (JUDGEMENT_*.md)
EXPECTED = tomllib.loads((MISTAKES / "expected.toml").read_text(encoding="utf-8"))
EXERCISES = [e.name for e in load_exercises()]
SEED = "5"
# The learner's own grade, as a non-root learner's runs by default: workers reused from one exercise to the next
# (worker_pool.py), each with every kernel layer, the offline guard and the hooks; a worker that a file changed
# is retired. A sixth faster than a fresh worker per exercise.
REUSED = {"AUTOGRAD_KIT_REUSE_WORKERS": "1"}


def _blind_files() -> list[Path]:
    return sorted(MISTAKES.glob("*/*.py"))


def _judged_files() -> list[Path]:
    """tests/kit/blind_mistakes/NN_name/*.py and tests/kit/blind_mistakes_2/NN_name/*.py"""
    return sorted(BLIND.glob("[0-9][0-9]_*/*.py")) + sorted(BLIND_2.glob("[0-9][0-9]_*/*.py"))


def test_every_entry_names_a_belief_in_both_languages_and_where_to_read_more():
    entries = catalogue.all_entries()
    assert len(entries) >= 5 * len(EXERCISES)
    for entry in entries:
        assert entry.exercise in EXERCISES + [catalogue.COMMON], entry.id
        assert len(entry.message["en"]) > 20 and len(entry.message["ko"]) > 10, entry.id
        assert "(는)" not in entry.message["ko"] and "(가)" not in entry.message["ko"], entry.id
        assert not entry.hint or (entry.hint["en"] and entry.hint["ko"]), entry.id
        assert not entry.link or entry.link.startswith("https://"), entry.id
        assert not entry.source or entry.source in mistake_patterns.PATTERNS, entry.id
        assert entry.learner and (KIT_TESTS / entry.learner).is_file(), f"{entry.id}: no learner file proves it"
        # a common mistake is proven in some exercise's folder of mistakes
        assert entry.exercise != catalogue.COMMON or (KIT_TESTS / entry.learner).parent.parent == MISTAKES, entry.id
    for name in EXERCISES:
        assert len(catalogue.entries(name)) >= 3, name


def test_every_entry_has_a_short_title_and_a_parent_is_a_belief_of_the_same_exercise():
    for entry in catalogue.all_entries():
        assert 3 <= len(entry.title["en"]) <= 90 and entry.title["ko"], entry.id  # what a report shows
        assert "\n" not in entry.title["en"] and entry.title["en"] != entry.key, entry.id
        if entry.parent:
            parent = catalogue.entries(entry.exercise).get(entry.parent)
            assert parent is not None and not parent.parent, entry.id  # one level: the belief itself
    assert catalogue.by_id("02_loss_backward/gradients-1-1000-truth").belief == "02_loss_backward/mean-tutorial-s-loss"


def _keys_named_in(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            index = {"named": 0, "Mistake": 1}.get(name)
            if index is not None and len(node.args) > index and isinstance(node.args[index], ast.Constant):
                found.append((node.lineno, node.args[index].value))
    return found


def test_every_key_a_check_names_is_in_its_exercise_catalogue_or_the_common_one():
    for name in EXERCISES:
        path = KIT_ROOT / "tests" / "checks" / f"test_{name}.py"
        for line, key in _keys_named_in(path):
            catalogue.lookup(key, name)  # raises UnknownMistake
    for line, key in _keys_named_in(KIT_ROOT / "autograd_kit" / "checks" / "expect.py"):
        catalogue.lookup(key, catalogue.COMMON)


def test_every_blind_mistake_file_says_what_it_gets_wrong_and_has_an_expected_diagnosis():
    files = _blind_files()
    per_exercise = {name: [f for f in files if f.parent.name == name] for name in EXERCISES}
    assert all(len(found) >= 5 for found in per_exercise.values()), {k: len(v) for k, v in per_exercise.items()}
    for path in files:
        header = path.read_text(encoding="utf-8").splitlines()[:4]
        assert [line.split(":")[0] for line in header] == ["# function", "# belief", "# fix", "# source"], path
        assert path.relative_to(MISTAKES).as_posix() in EXPECTED, f"{path}: add its expected id to expected.toml"


def _diagnosed_files() -> dict[str, list[Path]]:
    """Every blind mistake file, and every file a catalogue entry names as its proof, by the exercise it goes in."""
    files: dict[str, list[Path]] = {name: [] for name in EXERCISES}
    for path in _blind_files() + _judged_files():
        files[path.parent.name].append(path)
    for entry in catalogue.all_entries():
        path = KIT_TESTS / entry.learner
        exercise = _exercise_of_learner(entry)
        if path not in files[exercise]:
            files[exercise].append(path)
    return files


def _grade_all(files: dict[str, list[Path]], tmp: Callable[[], Path]) -> dict[tuple[str, Path], dict]:
    """Grade every (exercise, file) pair in as few grades as possible: the i-th file of every exercise goes
    into the i-th folder, and the folders are graded two at a time, each by a real isolated grade in reused
    workers (in-process grades name other mistakes for some of these files: the sandbox's offline guard and hooks
    are part of it)."""
    folders = []
    for index in range(_rounds(files)):
        folder = tmp()
        chosen = {name: found[index] for name, found in files.items() if index < len(found)}
        for name, path in chosen.items():
            shutil.copy(path, folder / f"{name}.py")
        folders.append((folder, chosen))
    with ThreadPoolExecutor(2) as pool:
        grades = list(pool.map(lambda job: grade_json(job[0], "--seed", SEED, env=REUSED), folders))
    results = {}
    for (_, chosen), grade in zip(folders, grades, strict=True):
        for name, path in chosen.items():
            results[name, path] = next(e for e in grade["exercises"] if e["name"] == name)
    return results


def _rounds(files: dict[str, list[Path]]) -> int:
    return max(len(v) for v in files.values())


@pytest.fixture(scope="module")
def diagnosed(tmp_path_factory):
    return _grade_all(_diagnosed_files(), lambda: tmp_path_factory.mktemp("diagnosed"))


def _exercise_of_learner(entry: catalogue.Entry) -> str:
    """The exercise whose slot the learner file goes in: its folder under mistakes/, else the entry's own."""
    path = KIT_TESTS / entry.learner
    return path.parent.name if path.parent.parent == MISTAKES else entry.exercise


# Whichever test comes first makes the shared grades: its limit grows with the number of folders graded.
DIAGNOSED_LIMIT_S = grading_limit_s(_rounds(_diagnosed_files()))


def _named(result: dict) -> set[str]:
    return {m for check in result["checks"] if not check["passed"] for m in check["mistakes"]}


@pytest.mark.slow
@pytest.mark.timeout(DIAGNOSED_LIMIT_S)
def test_every_blind_mistake_is_named_as_its_own_mistake_and_costs_points(diagnosed):
    wrong = []
    for (name, path), result in diagnosed.items():
        if path.parent.parent != MISTAKES:
            continue
        want = EXPECTED[path.relative_to(MISTAKES).as_posix()]
        if result["points"] >= result["max_points"] or want not in _named(result):
            wrong.append(f"{path.relative_to(MISTAKES)}: want {want}, got {sorted(_named(result))} "
                         f"({result['points']:g}/{result['max_points']:g})")
    assert wrong == []


@pytest.mark.slow
@pytest.mark.timeout(DIAGNOSED_LIMIT_S)
def test_no_mistake_written_blind_earns_full_marks(diagnosed):
    passed = [str(path.relative_to(KIT_TESTS)) for (_, path), result in diagnosed.items()
              if path.parent.parent in (BLIND, BLIND_2) and result["points"] >= result["max_points"]]
    assert passed == []


@pytest.mark.slow
@pytest.mark.timeout(DIAGNOSED_LIMIT_S)
def test_every_catalogue_entry_is_recognised_in_the_file_that_proves_it(diagnosed):
    missing = []
    for entry in catalogue.all_entries():
        path = KIT_TESTS / entry.learner
        exercise = _exercise_of_learner(entry)
        if entry.id not in _named(diagnosed[exercise, path]):
            missing.append(f"{entry.id}: {entry.learner} got {sorted(_named(diagnosed[exercise, path]))}")
    assert missing == []


@pytest.mark.slow
@pytest.mark.timeout(DIAGNOSED_LIMIT_S)
def test_the_json_result_carries_the_stable_ids_and_a_message_that_shows_them(diagnosed):
    result = diagnosed["05_vector_backward", MISTAKES / "05_vector_backward" / "elementwise_times_v.py"]
    check = next(c for c in result["checks"] if c["mistakes"])
    assert check["mistakes"] == ["05_vector_backward/gradient-y-sum-multiplied"]
    assert "Mistake: this is the gradient of y.sum() multiplied by v element by element" in check["message"]
    json.dumps(result)  # plain data


@pytest.mark.slow
def test_every_worked_step_applied_to_its_stub_passes_the_checks_it_names(tmp_path):
    folder = tmp_path / "exercises"
    folder.mkdir()
    for name in EXERCISES:
        (folder / f"{name}.py").write_text(hints.for_exercise(name).apply(stubs.pristine(name)), encoding="utf-8")
    grade = grade_json(folder, "--seed", SEED)
    for exercise in grade["exercises"]:
        wanted = hints.for_exercise(exercise["name"]).passes
        checks = {c["name"]: c for c in exercise["checks"]}
        for check in wanted:
            assert checks[check]["passed"], (exercise["name"], check, checks[check]["message"])
        # no check that passed named a mistake, and only the steps' own functions are written
        assert all(not c["mistakes"] for c in exercise["checks"] if c["passed"])


# --- a mistake costs only the points of the function that contains it (issue 26) ---------------------------


def _measures_declared(path: Path) -> dict[str, list[str]]:
    """Each check of a check file, and the functions its `@pytest.mark.measures(...)` markers name."""
    declared = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            declared[node.name] = [call.args[0].value for decorator in node.decorator_list for call in ast.walk(decorator)
                                   if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                                   and call.func.attr == "measures" and isinstance(call.args[0], ast.Constant)]
    return declared


def _functions_of(solution: Path) -> set[str]:
    """The solution's top-level functions and classes, and each class's methods as Class.method."""
    found = set()
    for node in ast.parse(solution.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            found.add(node.name)
        if isinstance(node, ast.ClassDef):
            found |= {f"{node.name}.{m.name}" for m in node.body if isinstance(m, ast.FunctionDef)}
    return found


def test_every_check_declares_the_one_function_it_measures():
    for name in EXERCISES:
        functions = _functions_of(KIT_ROOT / "solutions" / f"{name}.py")
        for check, measured in _measures_declared(KIT_ROOT / "tests" / "checks" / f"test_{name}.py").items():
            assert measured, f"{name}::{check} declares no @pytest.mark.measures(function)"
            assert set(measured) <= functions, f"{name}::{check} measures {measured}, not all in {sorted(functions)}"


def _wrong_function(path: Path) -> str:
    """The function a mistake file gets wrong: its `# function:` header, or a blind file's FUNCTION line."""
    for line in path.read_text(encoding="utf-8").splitlines()[:6]:
        for prefix in ("# function:", "FUNCTION:"):
            if line.startswith(prefix):
                return line.removeprefix(prefix).strip()
    raise AssertionError(f"{path} does not name its wrong function")


def _as_measured(function: str, measured: set[str]) -> str:
    """A header's name as the checks spell it: "backward" is Cube.backward where only that is measured."""
    if function in measured:
        return function
    methods = [m for m in measured if m.endswith("." + function)]
    return methods[0] if len(methods) == 1 else function


@pytest.mark.slow
def test_a_mistake_costs_only_the_points_of_the_function_that_contains_it(diagnosed):
    """Every realistic and blind mistake file has one wrong function: no check of another function loses a point."""
    collateral, graded = [], 0
    for (name, path), result in diagnosed.items():
        if path.parent.parent not in (MISTAKES, BLIND, BLIND_2):
            continue
        measured = {check["measures"] for check in result["checks"]}
        wrong = _as_measured(_wrong_function(path), measured)
        assert wrong in measured, f"{path}: its wrong function {wrong} is measured by no check ({sorted(measured)})"
        graded += 1
        for check in result["checks"]:
            if check["measures"] != wrong and not check["passed"]:
                collateral.append(f"{path.relative_to(KIT_TESTS)} (wrong: {wrong}): {check['name']} "
                                  f"({check['measures']}) lost {check['max_points']:g}: {check['message'][:300]}")
    assert graded == len(_blind_files()) + len(_judged_files())
    assert collateral == []
