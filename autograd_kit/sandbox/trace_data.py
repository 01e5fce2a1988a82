"""The judge's reading of a worker's trace (trace.py): strict, bounded, and never trusted for points.

A trace comes from the learner's process, so it may be forged, oversized or
malformed. `read` accepts exactly the shape trace.py writes, with every count,
length and number bounded, every name from a closed vocabulary or a plain
identifier; anything else drops the whole trace (None), and the feedback falls
back to what the judge observes itself. It never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

MAX_EVENTS = 128
MAX_GRAPHS = 4
MAX_NODES = 48
MAX_EDGES = 4 * MAX_NODES
MAX_LINE = 10_000_000
MAX_COUNT = 10**9
OPS = frozenset({"backward", "zero_grad", "step", "grad_on", "grad_off", "requires_grad_", "set_grad", "read_grad",
                 "retain_grad", "detach", "detach_", "register_hook", "register_post_accumulate_grad_hook", "grad",
                 "clone", "in_place", "compute"})
NAME = re.compile(r"[A-Za-z_<>][A-Za-z0-9_<>.]{0,63}")
DETAIL = re.compile(r"[A-Za-z0-9_,.]{0,64}")
# Where a graph was drawn: a returned value's place in it, or the backward() / autograd.grad call at a line.
PATH = re.compile(r"(\[(\d{1,2}|'[A-Za-z_][A-Za-z0-9_]{0,40}')\]){0,4}|(backward|grad):\d{1,7}")


class Malformed(ValueError):
    """The trace is not what trace.py writes."""


@dataclass(frozen=True)
class TensorFacts:
    """The tensor an event acted on, as autograd saw it then."""

    leaf: bool
    requires_grad: bool
    inference: bool
    made_at: int  # the learner's line whose operation made it (0: made elsewhere, or unknown)


@dataclass(frozen=True)
class Event:
    op: str
    line: int
    function: str
    detail: str
    grad_enabled: bool
    inference_mode: bool
    count: int
    tensor: TensorFacts | None = None


@dataclass(frozen=True)
class Node:
    name: str
    shape: tuple[int, ...] | None = None  # a leaf's (AccumulateGrad's) shape
    parameter: bool = False
    modified: bool = False  # a tensor it saved for backward was changed in place afterwards


@dataclass(frozen=True)
class Graph:
    path: str
    nodes: tuple[Node, ...]
    edges: tuple[tuple[int, int], ...]
    truncated: bool


@dataclass(frozen=True)
class Trace:
    events: tuple[Event, ...] = ()
    graphs: tuple[Graph, ...] = ()
    dropped: int = 0

    def of(self, *ops: str) -> list[Event]:
        return [event for event in self.events if event.op in ops]

    def index(self, event: Event) -> int:
        return self.events.index(event)


@dataclass
class Traces:
    """The traces of the calls one check made, in order (a call whose trace was dropped adds none)."""

    calls: list[Trace] = field(default_factory=list)


def read(raw: Any) -> Trace | None:
    """The trace in RAW, or None for anything that is not exactly a trace."""
    try:
        return _trace(raw)
    except (Malformed, TypeError, ValueError, KeyError, AttributeError, RecursionError):
        return None


def read_graph(raw: Any) -> Graph | None:
    """One graph, read as strictly as a trace's (the judge's own are read the same way, to be drawn alike)."""
    try:
        return _graph(raw)
    except (Malformed, TypeError, ValueError, KeyError, AttributeError, RecursionError):
        return None


def _trace(raw: Any) -> Trace:
    _keys(raw, {"events", "graphs", "dropped"})
    events, graphs = raw["events"], raw["graphs"]
    if not isinstance(events, list) or len(events) > MAX_EVENTS or not isinstance(graphs, list) \
            or len(graphs) > MAX_GRAPHS:
        raise Malformed("too many events or graphs")
    return Trace(tuple(_event(e) for e in events), tuple(_graph(g) for g in graphs), _int(raw["dropped"], MAX_COUNT))


def _event(raw: Any) -> Event:
    _keys(raw, {"op", "line", "function", "detail", "grad_enabled", "inference_mode", "count"}, {"tensor"})
    op = raw["op"]
    if op not in OPS:
        raise Malformed("unknown op")
    tensor = raw.get("tensor")
    facts = None
    if tensor is not None:
        _keys(tensor, {"leaf", "requires_grad", "inference", "made_at"})
        facts = TensorFacts(_bool(tensor["leaf"]), _bool(tensor["requires_grad"]), _bool(tensor["inference"]),
                            _int(tensor["made_at"], MAX_LINE))
    return Event(op, _int(raw["line"], MAX_LINE), _text(raw["function"], NAME), _text(raw["detail"], DETAIL, True),
                 _bool(raw["grad_enabled"]), _bool(raw["inference_mode"]), _int(raw["count"], MAX_COUNT), facts)


def _graph(raw: Any) -> Graph:
    _keys(raw, {"path", "nodes", "edges", "truncated"})
    nodes, edges = raw["nodes"], raw["edges"]
    if not isinstance(nodes, list) or not 0 < len(nodes) <= MAX_NODES or not isinstance(edges, list) \
            or len(edges) > MAX_EDGES:
        raise Malformed("graph too large")
    parsed = tuple(_node(n) for n in nodes)
    pairs = []
    for edge in edges:
        if not isinstance(edge, list) or len(edge) != 2:
            raise Malformed("edge")
        pairs.append((_int(edge[0], len(parsed) - 1), _int(edge[1], len(parsed) - 1)))
    path = raw["path"]
    if not isinstance(path, str) or not PATH.fullmatch(path):
        raise Malformed("path")
    return Graph(path, parsed, tuple(pairs), _bool(raw["truncated"]))


def _node(raw: Any) -> Node:
    _keys(raw, {"name"}, {"shape", "parameter", "modified"})
    shape = raw.get("shape")
    if shape is not None:
        if not isinstance(shape, list) or len(shape) > 8:
            raise Malformed("shape")
        shape = tuple(_int(d, 2**40) for d in shape)
    return Node(_text(raw["name"], NAME), shape, _bool(raw.get("parameter", False)), _bool(raw.get("modified", False)))


def _keys(raw: Any, required: set[str], optional: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    if not isinstance(raw, dict) or not required <= raw.keys() or not raw.keys() <= required | optional:
        raise Malformed("keys")


def _int(value: Any, top: int) -> int:
    if type(value) is not int or not 0 <= value <= top:
        raise Malformed("int")
    return value


def _bool(value: Any) -> bool:
    if type(value) is not bool:
        raise Malformed("bool")
    return value


def _text(value: Any, pattern: re.Pattern, empty: bool = False) -> str:
    if not isinstance(value, str) or (not value and not empty) or (value and not pattern.fullmatch(value)):
        raise Malformed("text")
    return value
