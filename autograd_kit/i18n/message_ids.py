"""Find the English feedback templates in the source, as xgettext does.

A template is the literal first argument of tr() or tr_later(), or the
first line of a check's docstring (its title in the report). Mistakes are
named by catalogue key (expect.named("key"), Mistake(value, "key")); their
words live in mistakes/*.toml, in both languages. Anything else in a checked file
that reads like a sentence is reported as untranslatable, so new feedback
cannot slip past the catalogue.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parents[2]
# Files whose every sentence must be a template: the checks and the judge's feedback.
STRICT = ("checks/expect.py", "checks/feedback.py", "sandbox/offline.py", "checks/requirements.py")
# Files that build some learner-facing messages among internal ones: templates only.
LENIENT = ("sandbox/calls.py", "sandbox/replies.py", "sandbox/worker_slot.py", "sandbox/reach.py", "sandbox/wire.py",
           "sandbox/worker.py", "checks/probes.py", "checks/learner_module.py", "checks/references.py", "sandbox/guard.py",
           "checks/plugin.py", "checks/source.py", "checks/tampering.py", "report/feedback_levels.py",
           "grading/deadline.py", "submission/limits.py", "grading/judge_cpu.py", "report/figures.py")
MARKERS = {"tr": 0, "tr_later": 0}
KEYS = {"named": 0, "Mistake": 1}  # calls whose literal argument is a catalogue key, not prose
PROSE = re.compile(r"[A-Za-z]{2,}[,:;]? [A-Za-z]{2,}")
CODE_ARGUMENTS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")  # "forward(model, data)" is code, not prose


@dataclass(frozen=True)
class Untranslatable:
    path: str
    line: int
    text: str


@dataclass
class Found:
    templates: dict[str, str]  # template -> "path:line" of its first use
    untranslatable: list[Untranslatable]


def source_files(root: Path = KIT_ROOT) -> list[tuple[Path, bool]]:
    """Every scanned file, and whether it is strict."""
    checks = sorted((root / "tests" / "checks").glob("test_*.py"))
    package = root / "autograd_kit"
    return ([(path, True) for path in checks] + [(package / name, True) for name in STRICT]
            + [(package / name, False) for name in LENIENT])


def find(root: Path = KIT_ROOT) -> Found:
    found = Found({}, [])
    for path, strict in source_files(root):
        _scan(path, path.relative_to(root).as_posix(), strict, found)
    return found


def _scan(path: Path, shown: str, strict: bool, found: Found) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=shown)
    used: set[int] = set()  # ids of string nodes that are templates or docstrings

    def template(node: ast.AST | None) -> None:
        # A name or attribute is text marked where it was written (tr(hint), tr(explanation)).
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.templates.setdefault(node.value, f"{shown}:{node.lineno}")
            used.add(id(node))

    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstring = body[0].value
                used.add(id(docstring))
                if isinstance(node, ast.FunctionDef) and node.name.startswith("test_") and shown.startswith("tests/"):
                    title = str(docstring.value).strip().splitlines()[0]
                    found.templates.setdefault(title, f"{shown}:{docstring.lineno}")
        if isinstance(node, ast.Call):
            name = _called(node.func)
            if name in MARKERS and node.args:
                template(node.args[MARKERS[name]])
            elif name in KEYS and len(node.args) > KEYS[name]:
                used.add(id(node.args[KEYS[name]]))
    if not strict:
        return
    for node in ast.walk(tree):
        if id(node) in used:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and _reads_as_prose(node.value):
            found.untranslatable.append(Untranslatable(shown, node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            if _reads_as_prose(text):
                found.untranslatable.append(Untranslatable(shown, node.lineno, text))
                used.update(id(v) for v in node.values)


def _reads_as_prose(text: str) -> bool:
    return bool(PROSE.search(CODE_ARGUMENTS.sub("", text)))


def _called(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""
