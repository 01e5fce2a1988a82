"""Diagnosers: rules over what the learner's code did (the worker's trace, sandbox/trace.py) and how it is
written (the judge's parse), one rule per belief.

A catalogue entry with `trace = "<rule>"` is named when its rule fires on the
calls of a check that failed; its message is filled in with the rule's values
(lines, names). An entry with `refuted_by = "<test>"` is advice keyed on an
error or a value that is wrong where the code shows otherwise (forgot-backward
where backward() ran): there it is not said, and `instead` names the entries
to try in its place. Rules only explain a check that already failed: the trace
comes from the learner's process, so it never decides a point.
"""

from __future__ import annotations

import ast
import contextvars
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from autograd_kit.checks.source import Code
from autograd_kit.sandbox.trace_data import Event, Trace

Values = dict[str, Any]
GRAD_OFF_MANAGERS = ("torch.no_grad", "torch.autograd.no_grad", "torch.set_grad_enabled", "torch.inference_mode",
                     "torch.autograd.grad_mode.no_grad")
USES_OF_A_GRADIENT = ("read_grad", "step", "grad")


@dataclass
class Observed:
    """What one check saw of the learner's code: each call's trace, and the judge's parse of the functions."""

    traces: list[Trace] = field(default_factory=list)
    codes: Callable[[], list[Code]] = list
    truth_graph: Any = None  # the judge's graph for what the check compared (trace_data.Graph), to draw beside
    figure: dict = field(default_factory=dict)  # a heat map a failed comparison left (report/figures.py)

    def events(self) -> list[list[Event]]:
        return [list(trace.events) for trace in self.traces]


_observed: contextvars.ContextVar[Observed | None] = contextvars.ContextVar("observed", default=None)


def start_check(codes: Callable[[], list[Code]] = list) -> None:
    _observed.set(Observed(codes=codes))


def add(trace: Trace | None) -> None:
    observed = _observed.get()
    if observed is not None and trace is not None and len(observed.traces) < 64:
        observed.traces.append(trace)


def current() -> Observed:
    return _observed.get() or Observed()


# --- the rules: each returns the values its message needs, or None -----------------------------------

def zero_grad_wiped(seen: Observed) -> Values | None:
    """zero_grad() ran after backward() and before anything used the gradients, and no backward() refilled them."""
    for events in seen.events():
        for i, backward in enumerate(events):
            if backward.op != "backward":
                continue
            for j in range(i + 1, len(events)):
                if events[j].op in USES_OF_A_GRADIENT or events[j].op == "backward":
                    break
                # A zero_grad above the backward's line is the next call's (or the next pass's) start, not this one's.
                if events[j].op == "zero_grad" and events[j].line > backward.line:
                    later = [e.op for e in events[j + 1:] if e.op in ("backward", *USES_OF_A_GRADIENT)]
                    if not later or later[0] != "backward":
                        return {"line": events[j].line, "backward_line": backward.line, "zero_line": events[j].line}
    return None


def retain_grad_too_late(seen: Observed) -> Values | None:
    """retain_grad() on a non-leaf after the backward() that should have kept its gradient."""
    for events in seen.events():
        backward_line = 0
        for index, event in enumerate(events):
            if event.op == "backward":
                backward_line = event.line
            elif event.op == "retain_grad" and backward_line and event.tensor is not None and not event.tensor.leaf \
                    and not any(e.op == "backward" for e in events[index + 1:]):
                return {"line": event.line, "retain_line": event.line, "backward_line": backward_line}
    return None


def _flag_on_non_leaf(seen: Observed, *, already: bool, setting: str) -> Values | None:
    for events in seen.events():
        for event in events:
            facts = event.tensor
            if event.op == "requires_grad_" and facts is not None and not facts.leaf \
                    and facts.requires_grad == already and event.detail == setting:
                return {"line": event.line, "made_at": facts.made_at or "?"}
    return None


def flag_off_on_non_leaf(seen: Observed) -> Values | None:
    """requires_grad switched off on a result of operations: its flag follows its inputs."""
    return _flag_on_non_leaf(seen, already=True, setting="False")


def flag_on_on_result_that_requires_grad(seen: Observed) -> Values | None:
    """requires_grad switched on for a result that already requires grad: retain_grad() keeps its .grad."""
    return _flag_on_non_leaf(seen, already=True, setting="True")


def detach_of_inference_tensor(seen: Observed) -> Values | None:
    """detach() of an inference tensor, outside inference_mode: the result is still an inference tensor."""
    for events in seen.events():
        for event in events:
            if event.op in ("detach", "detach_") and event.tensor is not None and event.tensor.inference \
                    and not event.inference_mode:
                return {"line": event.line}
    return None


def in_place_on_inference_tensor_under_no_grad(seen: Observed) -> Values | None:
    """An in-place change of an inference tensor under no_grad(), which does not allow it (only inference_mode)."""
    for events in seen.events():
        for event in events:
            if event.op == "in_place" and event.tensor is not None and event.tensor.inference \
                    and not event.inference_mode and not event.grad_enabled:
                return {"line": event.line, "operation": event.detail}
    return None


def eval_for_no_grad(seen: Observed) -> Values | None:
    """model.eval() in a function whose computation then ran with recording on."""
    from autograd_kit.checks import mistake_patterns

    for code in seen.codes():
        nodes = mistake_patterns.eval_(code)
        if not nodes:
            continue
        recorded = [e for events in seen.events() for e in events
                    if e.op == "compute" and e.function == code.name and e.grad_enabled and not e.inference_mode]
        if recorded:
            return {"line": nodes[0].lineno, "eval_line": nodes[0].lineno, "compute_line": recorded[0].line}
    return None


def decorator_enters_at_definition(seen: Observed) -> Values | None:
    """A decorator of the file's own whose grad-off block runs once, when it is applied, not at each call: the
    decorated function's operations then ran with recording on."""
    for code in seen.codes():
        found = _early_no_grad_decorator(code)
        if found is None:
            continue
        name, block = found
        recorded = [e for events in seen.events() for e in events
                    if e.op == "compute" and e.function == code.name and e.grad_enabled]
        if recorded or not seen.traces:
            return {"line": block.lineno, "decorator": name, "function": code.name,
                    "compute_line": recorded[0].line if recorded else "?"}
    return None


def _early_no_grad_decorator(code: Code) -> tuple[str, ast.With] | None:
    """(the decorator's name, its with-block) for a decorator defined in the file whose own body (not the
    wrapper it returns) enters a grad-off block."""
    function = code.function
    for decorator in getattr(function, "decorator_list", []):
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if not isinstance(target, ast.Name):
            continue
        definition = code.source.defs.get(target.id)
        if not isinstance(definition, ast.FunctionDef):
            continue
        for block in _outside_nested_defs(definition):
            if isinstance(block, ast.With) and any(
                    (code.source.resolve(item.context_expr) or "") in GRAD_OFF_MANAGERS for item in block.items):
                return target.id, block
    return None


def _outside_nested_defs(definition: ast.FunctionDef) -> list[ast.AST]:
    found, todo = [], list(definition.body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        found.append(node)
        todo.extend(ast.iter_child_nodes(node))
    return found


RULES: dict[str, Callable[[Observed], Values | None]] = {
    "zero-grad-wiped": zero_grad_wiped,
    "retain-grad-too-late": retain_grad_too_late,
    "flag-off-on-non-leaf": flag_off_on_non_leaf,
    "flag-on-on-result": flag_on_on_result_that_requires_grad,
    "detach-of-inference-tensor": detach_of_inference_tensor,
    "in-place-on-inference-under-no-grad": in_place_on_inference_tensor_under_no_grad,
    "eval-for-no-grad": eval_for_no_grad,
    "decorator-enters-at-definition": decorator_enters_at_definition,
}


# --- what shows that advice keyed on an error or a value does not apply ----------------------------------

def backward_ran(seen: Observed) -> bool:
    return any(e.op == "backward" for events in seen.events() for e in events)


def first_gradient_kept_its_graph(seen: Observed) -> bool:
    """The first backward() or torch.autograd.grad was called with create_graph=True."""
    for events in seen.events():
        first = next((e for e in events if e.op in ("backward", "grad")), None)
        if first is not None:
            return "create_graph" in first.detail.split(",")
    return False


def first_gradient_lost_its_graph(seen: Observed) -> bool:
    """The first backward() or torch.autograd.grad ran without create_graph=True: nothing to detach."""
    for events in seen.events():
        first = next((e for e in events if e.op in ("backward", "grad")), None)
        if first is not None:
            return "create_graph" not in first.detail.split(",")
    return False


def function_is_decorated(seen: Observed) -> bool:
    return any(getattr(code.function, "decorator_list", None) for code in seen.codes())


REFUTERS: dict[str, Callable[[Observed], bool]] = {
    "backward-ran": backward_ran,
    "first-gradient-kept-its-graph": first_gradient_kept_its_graph,
    "first-gradient-lost-its-graph": first_gradient_lost_its_graph,
    "function-is-decorated": function_is_decorated,
}


def fires(rule: str, seen: Observed) -> Values | None:
    check = RULES.get(rule)
    try:
        return check(seen) if check is not None else None
    except Exception:  # noqa: BLE001 - a rule that cannot read what it got says nothing
        return None


def refuted(test: str, seen: Observed) -> bool:
    check = REFUTERS.get(test)
    try:
        return bool(check(seen)) if check is not None else False
    except Exception:  # noqa: BLE001
        return False
