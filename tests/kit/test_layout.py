"""The package's layout: subpackages named after the pipeline's steps, small modules, no import cycles.

Every import counts, at the top of a module or inside a function (a lazy import
still ties two modules together), except those under `if TYPE_CHECKING:`,
which never run. Commands reach each other only through the CLI's registry of
names (cli/main.py), which is text, not an import.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest
from conftest import KIT_ROOT

from autograd_kit.cli.main import COMMANDS, GRADE

PACKAGE = KIT_ROOT / "autograd_kit"
MAX_MODULE_LINES = 400
MAX_CLASS_LINES = 160  # "about 150": the longest, ChecksPlugin and Tampering, are a rule per method
STEPS = ["exercises", "submission", "sandbox", "checks", "grading", "report", "classroom", "learner", "i18n", "cli"]


def module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, package: Path, modules: set[str]) -> set[str]:
    """The package's modules that PATH imports, anywhere but under `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
               for part in node.body for n in ast.walk(part)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)  # a submodule imported by name
    return {name for name in found if name in modules and name != package.name}


def import_graph(package: Path) -> dict[str, set[str]]:
    files = {module_name(path, package): path for path in package.rglob("*.py")}
    return {name: imports_of(path, package, set(files)) - {name} for name, path in files.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of imports, as the modules along it, or None."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return path[path.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[node] = "done"
        path.pop()
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_the_package_has_no_import_cycle():
    graph = import_graph(PACKAGE)
    assert len(graph) > 60 and sum(map(len, graph.values())) > 150  # the scan really reads the imports
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph))


def test_the_cycle_finder_finds_a_cycle_even_through_a_lazy_import(tmp_path):
    package = tmp_path / "toy"
    (package / "inner").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "inner" / "__init__.py").write_text("")
    (package / "a.py").write_text("from toy.inner import b\n")
    (package / "inner" / "b.py").write_text("def later():\n    from toy import c\n")
    (package / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from toy import a\n")
    assert find_cycle(import_graph(package)) is None  # a type-only import is no cycle
    (package / "c.py").write_text("import toy.a\n")
    assert find_cycle(import_graph(package)) == ["toy.a", "toy.inner.b", "toy.c", "toy.a"]


def test_no_module_is_over_400_lines():
    sizes = {path.relative_to(PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
             for path in PACKAGE.rglob("*.py")}
    assert len(sizes) > 60
    assert {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES} == {}


def test_no_class_is_over_about_150_lines():
    long = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > MAX_CLASS_LINES:
                long[f"{path.relative_to(PACKAGE).as_posix()}:{node.name}"] = node.end_lineno - node.lineno + 1
    assert long == {}


def test_the_top_level_holds_the_pipeline_s_steps_and_nothing_else():
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists())
    assert folders == sorted(STEPS)
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "notebook.py"]  # notebook.py: what notebooks import


@pytest.mark.parametrize("command", sorted(COMMANDS) + ["(grade)"])
def test_every_registered_command_resolves_to_a_function(command):
    module, _, function = (COMMANDS.get(command) or GRADE).partition(":")
    assert callable(getattr(importlib.import_module(module), function))


def test_commands_do_not_import_each_other():
    """A command's module never imports another command's module: they meet only in the registry."""
    graph = import_graph(PACKAGE)
    entry = {spec.partition(":")[0] for spec in [*COMMANDS.values(), GRADE]}
    reach: dict[str, set[str]] = {}

    def reachable(node: str) -> set[str]:
        if node not in reach:
            reach[node] = set()
            for target in graph[node]:
                reach[node] |= {target} | reachable(target)
        return reach[node]

    assert {m: sorted(reachable(m) & (entry - {m})) for m in entry if reachable(m) & (entry - {m})} == {}


def test_the_authoring_guide_s_how_it_works_table_names_every_module():
    guide = (KIT_ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    table = guide.split("## How it works", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`([\w/]+\.py)`", table))
    modules = {path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py") if path.name != "__init__.py"}
    assert modules - named == set(), "modules the table does not name"
    extra = {"grader.py", "i18n/__init__.py", "tests/kit/test_layout.py"}
    assert named - modules - extra == set(), "names in the table that are not modules"
