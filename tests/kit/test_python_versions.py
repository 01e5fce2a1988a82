"""Python 3.11 to 3.14 (issue 24, part 3): what can be proven on one Python about the others. The learner path
itself runs on every Python the machine has in tests/smoke/python_versions.py (.ci/run)."""

import ast
import multiprocessing
import tomllib

import pytest
from conftest import KIT_ROOT

from autograd_kit.sandbox import isolation

# What Python 3.14 removes (deprecated since 3.8 and 3.12): https://docs.python.org/3.14/whatsnew/3.14.html
REMOVED = {("ast", "Num"), ("ast", "Str"), ("ast", "Bytes"), ("ast", "NameConstant"), ("ast", "Ellipsis"),
           ("pkgutil", "find_loader"), ("pkgutil", "get_loader")}


def test_the_supported_versions_are_declared():
    project = tomllib.loads((KIT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.11"
    declared = {c.rsplit(" :: ", 1)[1] for c in project["classifiers"] if c.startswith("Programming Language :: Python :: 3.")}
    assert declared == {"3.11", "3.12", "3.13", "3.14"}


def test_no_api_that_python_3_14_removes_is_used():
    used = []
    for path in [KIT_ROOT / "grader.py", *sorted((KIT_ROOT / "autograd_kit").rglob("*.py")),
                 *sorted((KIT_ROOT / "tests").rglob("*.py")), *sorted((KIT_ROOT / "bench").rglob("*.py"))]:
        if "node_modules" in path.parts:
            continue
        try:
            tree = ast.parse(path.read_bytes())
        except SyntaxError:
            continue  # a learner fixture that is broken on purpose
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and (node.value.id, node.attr) in REMOVED:
                used.append(f"{path.relative_to(KIT_ROOT)}:{node.lineno} {node.value.id}.{node.attr}")
            elif isinstance(node, ast.ImportFrom) and node.module in ("ast", "pkgutil"):
                used += [f"{path.relative_to(KIT_ROOT)}:{node.lineno} {node.module}.{a.name}" for a in node.names
                         if (node.module, a.name) in REMOVED]
    assert used == []


@pytest.mark.parametrize(("forced", "expected"), [(None, "forkserver"), ("spawn", "spawn"), ("forkserver", "forkserver")])
def test_workers_start_the_way_the_kit_says_whatever_pythons_default(monkeypatch, forced, expected):
    # Python 3.14 makes forkserver the default on Linux; 3.11 to 3.13 default to fork. The kit asks for its
    # method by name, so another default (set here) changes nothing.
    if forced is None:
        monkeypatch.delenv("AUTOGRAD_KIT_START_METHOD", raising=False)
    else:
        monkeypatch.setenv("AUTOGRAD_KIT_START_METHOD", forced)
    before = multiprocessing.get_start_method(allow_none=True)
    try:
        for default in ("fork", "spawn", "forkserver"):
            multiprocessing.set_start_method(default, force=True)
            assert isolation.context().get_start_method() == expected
    finally:
        multiprocessing.set_start_method(before, force=True)
