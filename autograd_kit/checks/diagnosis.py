"""Name the mistake behind an error or a wrong answer, from the catalogue, in the judge.

Errors are explained per exercise and per function (catalogue entries with
`raises`), never from one table for all: the same torch error can need other
advice in another exercise. An entry that also names a `source` pattern fires
only where that pattern is in the function's code (`^` behind a "bitwise_xor"
error). Source-only entries explain a check that failed without a named
mistake, quoting the line where the pattern is.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass

from autograd_kit.checks import catalogue, mistake_patterns
from autograd_kit.checks.catalogue import Entry
from autograd_kit.checks.source import Code
from autograd_kit.i18n import tr


@dataclass(frozen=True)
class Found:
    entry: Entry
    node: ast.AST | None = None
    code: Code | None = None

    def line(self) -> str:
        if self.node is None or self.code is None:
            return ""
        return tr("  line {line}: {code}", line=getattr(self.node, "lineno", "?"),
                  code=self.code.source.line(self.node))


def for_error(exercise: str, function: str, error_type: str, message: str, code: Code | None) -> Found | None:
    """The entry that explains an error FUNCTION raised, the most specific first."""
    text = f"{error_type}: {message}"
    candidates = []
    for entry in catalogue.visible(exercise):
        if not entry.raises or not any(marker in text for marker in entry.raises):
            continue
        if entry.functions and function not in entry.functions:
            continue
        node = None
        if entry.source:
            nodes = mistake_patterns.find(entry.source, code) if code is not None else []
            if not nodes:
                continue
            node = nodes[0]
        rank = (entry.exercise == catalogue.COMMON, not entry.source, not entry.functions)
        candidates.append((rank, len(candidates), Found(entry, node, code)))
    return min(candidates, key=lambda c: c[:2])[2] if candidates else None


def from_source(exercise: str, codes: Iterable[Code], only_always: bool = False) -> Found | None:
    """A source-only entry whose pattern is in one of CODES (the functions a failed check called);
    ONLY_ALWAYS: only the slips that are worth naming next to another mistake (`always = true`)."""
    for code in codes:
        for entry in sorted(catalogue.visible(exercise), key=lambda e: not e.always):
            if not entry.source or entry.raises or (only_always and not entry.always):
                continue
            if entry.functions and code.name not in entry.functions:
                continue
            nodes = mistake_patterns.find(entry.source, code)
            if nodes:
                return Found(entry, nodes[0], code)
    return None


def for_syntax(line: int | None, lines: list[str]) -> Found | None:
    """A syntax error with a known cause: a decorator in front of a statement that is not a def."""
    if not line or line > len(lines):
        return None
    previous = next((text.strip() for text in reversed(lines[:line - 1]) if text.strip()), "")
    here = lines[line - 1].strip()
    if previous.startswith("@") and not here.startswith(("def ", "class ", "@", "async def ")):
        return Found(catalogue.lookup("decorator-inside-body", catalogue.COMMON))
    return None


def explain(found: Found) -> str:
    """'Mistake: ...' with the line of code it was seen on, and the id remembered for the results."""
    catalogue.remember(found.entry)
    text = tr("Mistake: {explanation}", explanation=found.entry.text())
    line = found.line()
    return f"{text}\n{line}" if line else text
