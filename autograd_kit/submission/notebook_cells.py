"""From notebook cells to the exercise's module, the way the kernel ran them.

A notebook is graded from the code of its cells, never from live kernel objects: `check()` in a kernel
takes the cells in the order they ran (IPython's input history), a submitted `.ipynb` the cells in the
order of their execution counts (document order when none ran). Of that code the module keeps what a
module defines: imports, functions, classes and assignments to names, the last definition of each name
winning, as in the kernel. Everything else (calls, loops, prints, magics, `check("04")` itself) is what
the learner tried out, and is left out, as `python grader.py` never runs a file's experiments either.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from autograd_kit.submission.limits import MAX_FILE_BYTES, code_too_large
from autograd_kit.submission.text import decode_source

# The check cell's own import: the kit's notebook API is not part of the learner's module.
NOTEBOOK_API = "autograd_kit.notebook"
MAGIC = re.compile(r"^(\s*)[!%]")


@dataclass(frozen=True)
class Origin:
    """Lines FIRST.. FIRST+COUNT-1 of the module came from CELL ("In [3]"), from its line CELL_LINE on."""

    first: int
    count: int
    cell: str
    cell_line: int


@dataclass
class Module:
    """The module built from the cells, and the cells that could not be read (shown to the learner)."""

    source: str
    unreadable: list[str] = field(default_factory=list)  # "cell In [3]: invalid syntax (line 2)"
    origins: list[Origin] = field(default_factory=list)

    def locate(self, line: int) -> tuple[str, int] | None:
        """The cell and the line within it that the module's LINE came from: what the learner is looking at."""
        for origin in self.origins:
            if origin.first <= line < origin.first + origin.count:
                return origin.cell, origin.cell_line + line - origin.first
        return None


class NotebookError(ValueError):
    """A submitted notebook that cannot be read: the reason goes to the learner, and only its exercise scores 0."""


def notebook_module(raw: bytes) -> Module:
    """The module of a submitted .ipynb: its code cells in the order of their execution counts (the order they
    ran last), or in the page's order when none ran. nbformat reads and validates it (the [notebook] extra)."""
    try:
        text = decode_source(raw)
    except UnicodeDecodeError as error:
        raise NotebookError(f"it is not UTF-8 text (byte {raw[error.start]:#04x} at offset {error.start})") from None
    try:
        import nbformat
    except ImportError:
        raise NotebookError("grading notebooks needs nbformat: pip install 'autograd-kit[notebook]'") from None
    try:
        notebook = nbformat.reads(text, as_version=4)
        nbformat.validate(notebook)
    except Exception as error:  # nbformat raises JSON, validation and version errors of several kinds
        raise NotebookError(f"it is not a notebook nbformat can read ({type(error).__name__}: "
                            f"{str(error).splitlines()[0][:200] if str(error) else 'no detail'})") from None
    code = [cell for cell in notebook.cells if cell.get("cell_type") == "code"]
    if sum(len(cell.get("source", "")) for cell in code) > MAX_FILE_BYTES:
        raise NotebookError(code_too_large())
    ran = [cell for cell in code if isinstance(cell.get("execution_count"), int)]
    if ran:
        ran.sort(key=lambda cell: cell.execution_count)
        return module_from_cells((cell.source for cell in ran), [f"In [{cell.execution_count}]" for cell in ran])
    # Never run: what is on the page is all there is, a syntax error included (as in a .py file)
    return module_from_cells((cell.source for cell in code), keep_unreadable=True)


def module_from_cells(cells: Iterable[str], labels: Iterable[str] | None = None,
                      keep_unreadable: bool = False) -> Module:
    """The module of CELLS; LABELS name them as the learner sees them ("In [3]"), by default "1", "2", ..."""
    imports: dict[str, tuple[set[str], Place]] = {}  # source -> the names it binds, where; ordered, each once
    definitions: dict[str, Definition] = {}  # name -> its last definition, in the order they last ran
    unreadable: list[str] = []
    named = iter(labels) if labels is not None else (str(number) for number in range(1, 2**62))
    for cell, label in zip(cells, named):
        code = without_magics(cell)
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as error:  # null bytes, nesting too deep
            message = error.msg if isinstance(error, SyntaxError) else type(error).__name__
            unreadable.append(f"cell {label}: {message} (line {getattr(error, 'lineno', None)})")
            if keep_unreadable:
                _define(definitions, f"<cell {label}>", Definition(code, set(), always=True, place=(label, 1)))
            continue
        lines = code.splitlines()  # once per cell: each statement's text is a slice of these
        above = 0  # the last line of the statement before: comments are looked for below it only
        for node in tree.body:
            first = first_line(lines, node, above)
            text = "\n".join(lines[first - 1:node.end_lineno])
            above = node.end_lineno or node.lineno
            place = (label, first)
            if isinstance(node, ast.Import | ast.ImportFrom):
                if not _is_notebook_api(node):
                    imports.setdefault(text, (_bound(node), place))
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                _define(definitions, node.name, Definition(text, _used(node), always=True, place=place))
            elif isinstance(node, ast.Assign | ast.AnnAssign) and _names(node):
                _define(definitions, " ".join(_names(node)),
                        Definition(text, _used(node), names=set(_names(node)), place=place))
    kept = _needed(definitions)
    used = set().union(*(d.uses for d in kept)) if kept else set()
    blocks = [[(text, place) for text, (names, place) in imports.items() if names & used]]
    blocks += [[(d.text, d.place)] for d in kept]
    return _assemble([block for block in blocks if block], unreadable)


Place = tuple[str, int]  # a cell's label and the line within it


def _assemble(blocks: list[list[tuple[str, Place]]], unreadable: list[str]) -> Module:
    """Blocks two blank lines apart, the statements within one on consecutive lines; each one's origin kept."""
    lines: list[str] = []
    origins = []
    for block in blocks:
        if lines:
            lines += ["", ""]
        for text, (cell, cell_line) in block:
            own = text.split("\n")
            origins.append(Origin(len(lines) + 1, len(own), cell, cell_line))
            lines += own
    source = "\n".join(lines)
    return Module(source + "\n" if source else "", unreadable, origins)


@dataclass
class Definition:
    text: str
    uses: set[str]  # the names its code reads
    always: bool = False  # functions and classes always; an assignment only when something kept reads it
    names: set[str] = field(default_factory=set)
    place: Place = ("", 1)


def _needed(definitions: dict[str, Definition]) -> list[Definition]:
    """Functions and classes, and the assignments they read, directly or through each other: `LR = 0.1`
    stays for a function that uses LR, `loss = compute_loss(...)`, a try-out, goes. Each definition and
    each name it reads is looked at once (a worklist), however long a chain of assignments is."""
    binders: dict[str, list[str]] = {}  # a name -> the assignments that bind it
    for key, definition in definitions.items():
        for name in definition.names:
            binders.setdefault(name, []).append(key)
    kept = {key for key, d in definitions.items() if d.always}
    todo, looked_up = list(kept), set()
    while todo:
        for name in definitions[todo.pop()].uses - looked_up:
            looked_up.add(name)
            for key in binders.pop(name, ()):
                if key not in kept:
                    kept.add(key)
                    todo.append(key)
    return [d for key, d in definitions.items() if key in kept]


def _used(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _bound(node: ast.Import | ast.ImportFrom) -> set[str]:
    return {(alias.asname or alias.name).split(".")[0] for alias in node.names}


def without_magics(cell: str) -> str:
    """IPython's `!shell` and `%magic` lines become `pass`: they run nothing in a module."""
    return "\n".join(MAGIC.sub(r"\1pass  # ", line) for line in cell.splitlines())


def _define(definitions: dict[str, Definition], name: str, definition: Definition) -> None:
    definitions.pop(name, None)  # a redefinition moves to where it ran last
    definitions[name] = definition


def _names(node: ast.Assign | ast.AnnAssign) -> list[str]:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    if all(isinstance(target, ast.Name) for target in targets):
        return [target.id for target in targets]  # type: ignore[union-attr]
    return []  # a.x = ..., d[k] = ...: changes to objects, not definitions


def _is_notebook_api(node: ast.Import | ast.ImportFrom) -> bool:
    return (isinstance(node, ast.ImportFrom) and node.module == NOTEBOOK_API
            and all(alias.name in ("check", "hint") and alias.asname is None for alias in node.names))


def statement_source(code: str, node: ast.stmt) -> str:
    """The statement's own text, with its decorators and the comments right above it."""
    return statement_text(code.splitlines(), node)


def statement_text(lines: list[str], node: ast.stmt, above: int = 0) -> str:
    """statement_source() on a cell's lines, split once: comments are looked for up to line ABOVE only (the
    statement before ends there), so every line is looked at a bounded number of times."""
    return "\n".join(lines[first_line(lines, node, above) - 1:node.end_lineno])


def first_line(lines: list[str], node: ast.stmt, above: int = 0) -> int:
    """The statement's first line in its cell: its first decorator's, or the comments right above it."""
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    while first > above + 1 and lines[first - 2].lstrip().startswith("#"):
        first -= 1
    return first
