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

from autograd_kit.checks import catalogue, mistake_patterns, trace_rules
from autograd_kit.checks.catalogue import Entry
from autograd_kit.checks.source import Code, LearnerSource
from autograd_kit.i18n import tr
from autograd_kit.sandbox.trace_data import Trace


@dataclass(frozen=True)
class Found:
    entry: Entry
    node: ast.AST | None = None
    code: Code | None = None
    values: dict | None = None  # what a trace rule filled in (lines, names)

    def line(self) -> str:
        if self.node is None or self.code is None:
            return ""
        return tr("  line {line}: {code}", line=getattr(self.node, "lineno", "?"),
                  code=self.code.source.line(self.node))


def for_error(exercise: str, function: str, error_type: str, message: str, code: Code | None,
              trace: Trace | None = None, frame_line: int | None = None) -> Found | None:
    """The entry that explains an error FUNCTION raised, the most specific first: what the code did (TRACE)
    before how it is written, before the error's words alone. A pattern of the source is looked for on the line
    the error came from (FRAME_LINE), where one is known."""
    text = f"{error_type}: {message}"
    seen = trace_rules.Observed([trace] if trace is not None else [], lambda: [code] if code is not None else [])
    candidates = []
    for entry in catalogue.visible(exercise):
        if not entry.raises or not any(marker in text for marker in entry.raises):
            continue
        if entry.functions and function not in entry.functions:
            continue
        if entry.refuted_by and trace_rules.refuted(entry.refuted_by, seen):
            continue
        node, values = None, None
        if entry.trace:
            values = trace_rules.fires(entry.trace, seen)
            if values is None:
                continue
        if entry.source:
            nodes = mistake_patterns.find(entry.source, code) if code is not None else []
            if frame_line and any(getattr(n, "lineno", 0) == frame_line for n in nodes):
                nodes = [n for n in nodes if getattr(n, "lineno", 0) == frame_line]
            elif frame_line and entry.exercise == catalogue.COMMON and entry.source in mistake_patterns.ON_THE_LINE:
                nodes = []  # a common slip is named from the line that failed, or not at all
            if not nodes:
                continue
            node = nodes[0]
        # An exercise's own entry first (written for that context), then what the code did, then how it is written.
        rank = (entry.exercise == catalogue.COMMON, not entry.trace, not entry.source, not entry.functions)
        candidates.append((rank, len(candidates), Found(entry, node, code, values)))
    return min(candidates, key=lambda c: c[:2])[2] if candidates else None


def from_trace(exercise: str, seen: trace_rules.Observed, only_always: bool = False) -> Found | None:
    """An entry named by what the code did (a `trace` rule without `raises`), for a check that failed."""
    for entry in sorted(catalogue.visible(exercise), key=lambda e: not e.always):
        if not entry.trace or entry.raises or (only_always and not entry.always):
            continue
        codes = seen.codes()
        if entry.functions and not any(code.name in entry.functions for code in codes):
            continue
        values = trace_rules.fires(entry.trace, seen)
        if values is not None:
            return Found(entry, values=values)
    return None


def instead_of(entry: Entry, seen: trace_rules.Observed) -> Found | None | bool:
    """False: ENTRY's advice stands. Otherwise the code shows it does not apply: the entry to name in its place
    (its `instead`, the first that fits), or None for none (then only what is observable is said)."""
    if not entry.refuted_by or not trace_rules.refuted(entry.refuted_by, seen):
        return False
    for key in entry.instead:
        other = catalogue.lookup(key, entry.exercise if entry.exercise != catalogue.COMMON else None)
        if not other.trace:
            return Found(other)
        values = trace_rules.fires(other.trace, seen)
        if values is not None:
            return Found(other, values=values)
    return None


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


def written(keys: Iterable[str], code: Code | LearnerSource | None, function: str = "") -> Found | None:
    """The first of KEYS (catalogue entries with a `source` pattern) whose pattern is in CODE (or in FUNCTION of a
    parsed file): for a check that knows which slips could explain what it measured, whether or not they also
    name an error. A file parsed but not yet judged for how it is written (code() does that) is read as it is."""
    if isinstance(code, LearnerSource):
        code = code.code_of(function)
    if code is None:
        return None
    for key in keys:
        entry = catalogue.lookup(key)
        nodes = mistake_patterns.find(entry.source, code) if entry.source else []
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
    text = tr("Mistake: {explanation}", explanation=found.entry.text(**(found.values or {})))
    line = found.line()
    return f"{text}\n{line}" if line else text
