"""Requirements about how an exercise's code is written, checked on the source the judge parsed.

A check first compares values, then calls these: "the numbers are right, but
the exercise asked for backward(gradient=...)". Each function raises
CheckFailed through expect.unmet with a sentence that names what is missing,
never the solution. They read the function and every module-level helper it
uses (source.Code), so code split into helpers counts as the function's own.
"""

from __future__ import annotations

import ast
import bisect

from autograd_kit.checks.expect import unmet
from autograd_kit.checks.source import Code
from autograd_kit.checks.syntax import is_true, keyword, walk

# Context managers that switch recording off, by every name torch gives them.
NO_GRAD = ("torch.no_grad", "torch.autograd.no_grad", "torch.autograd.grad_mode.no_grad")
INFERENCE = ("torch.inference_mode", "torch.autograd.inference_mode", "torch.autograd.grad_mode.inference_mode")


def calls(code: Code, *names: str, requirement: str) -> list[ast.Call]:
    """At least one call to torch's NAMES (q.backward(), torch.autograd.grad, h.register_hook...) that can run
    and whose value reaches the result: a function of the file's own with the same name does not count, nor a
    call in dead code, nor `g = torch.autograd.grad(...)` with g never used, nor a backward() whose gradients
    the function never reads."""
    found = code.live_calls(*names)
    if not found:
        unmet(f"{code.name}()", requirement)
    return found


def calls_own(code: Code, name: str, requirement: str) -> None:
    """FUNCTION calls the file's own NAME (backward_pass uses compute_loss), where the call can run."""
    if name not in code.source.defs or not code.own_calls(name):
        unmet(f"{code.name}()", requirement)


def avoids(code: Code, *names: str, requirement: str) -> None:
    """No call to NAMES anywhere in the function or its helpers."""
    found = code.api_calls(*names)
    if found:
        unmet(f"{code.name}()", requirement, found[0], code)


def avoids_attribute(code: Code, name: str, requirement: str) -> None:
    """No .NAME anywhere in the function or its helpers (y.data, which skips autograd's checks)."""
    found = [n for n in code.walk() if isinstance(n, ast.Attribute) and n.attr == name]
    if found:
        unmet(f"{code.name}()", requirement, found[0], code)


def keyword_true(code: Code, call_names: tuple[str, ...], name: str, requirement: str) -> None:
    """Some call to CALL_NAMES passes NAME=True (retain_graph=True, create_graph=True)."""
    if not any(_truthy(keyword(call, name)) for call in code.live_calls(*call_names)):
        unmet(f"{code.name}()", requirement)


def backward_with_gradient(code: Code, requirement: str) -> None:
    """y.backward(v), y.backward(gradient=v) or torch.autograd.backward(y, v / grad_tensors=v)."""
    for call in code.live_calls("backward"):
        is_function = code.source.resolve(call.func) is not None  # torch.autograd.backward(y, v)
        positional = call.args[1:] if is_function else call.args
        if positional or keyword(call, "gradient") is not None or keyword(call, "grad_tensors") is not None:
            return
    unmet(f"{code.name}()", requirement)


def computed_inside(code: Code, managers: tuple[str, ...], requirement: str) -> None:
    """What the function returns is computed inside `with MANAGER():` (or the function is decorated with it):
    returned there, or assigned there last. A block that does other work, before or beside it, does not count."""
    if set(code.decorators()) & set(managers):
        return
    function = code.function
    inner = code.within(code.withs(*managers))
    nodes = list(walk(function))
    returns = [n for n in nodes if isinstance(n, ast.Return) and n.value is not None]
    assignments: dict[str, list[ast.AST]] = {}  # name -> its assignments, in the order of their lines
    for node in nodes:
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            for bound in _bound_names(node):
                assignments.setdefault(bound, []).append(node)
    for found in assignments.values():
        found.sort(key=lambda n: n.lineno)
    for answer in returns:
        if id(answer) in inner:
            continue
        if isinstance(answer.value, ast.Name):
            assigned = assignments.get(answer.value.id, [])
            before = bisect.bisect_left([n.lineno for n in assigned], answer.lineno) if assigned else 0
            if before and id(assigned[before - 1]) in inner:
                continue
        unmet(f"{code.name}()", requirement, answer, code)
    if not returns:
        unmet(f"{code.name}()", requirement)


def calls_inside(code: Code, callee: str, managers: tuple[str, ...], requirement: str) -> None:
    """Every call of CALLEE (the model the function was given) happens inside `with MANAGER():`."""
    if set(code.decorators()) & set(managers):
        return
    inner = code.within(code.withs(*managers))
    calls = [n for n in code.walk() if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == callee]
    outside = [call for call in calls if id(call) not in inner]
    if not calls or outside:
        unmet(f"{code.name}()", requirement, outside[0] if outside else None, code)


def first_parameter(code: Code) -> str:
    arguments = getattr(code.function, "args", None)
    return arguments.args[0].arg if arguments is not None and arguments.args else ""


def _bound_names(node: ast.AST) -> set[str]:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return {n.id for t in targets for n in walk(t) if isinstance(n, ast.Name)}


def avoids_block(code: Code, managers: tuple[str, ...], requirement: str) -> None:
    blocks = code.withs(*managers)
    if blocks:
        unmet(f"{code.name}()", requirement, blocks[0], code)


def once(code: Code, name: str, requirement: str) -> None:
    """NAME (tanh, a forward pass) is called exactly once, and not in a loop."""
    found = code.api_calls(name)
    if len(found) != 1 or code.in_loop(found):
        unmet(f"{code.name}()", requirement, found[1] if len(found) > 1 else None, code)


def no_torch(code: Code, requirement: str) -> None:
    """The function computes its answer without torch (a prediction, not an experiment)."""
    found = code.references("torch", "nn", "F")
    if found:
        unmet(f"{code.name}()", requirement, found[0], code)


def in_place(code: Code, target: str, requirement: str, inside: tuple[str, ...] = (),
             outside: tuple[str, ...] = ()) -> None:
    """TARGET is changed in place: TARGET -= ..., TARGET.sub_(...), TARGET.copy_(...), TARGET[...] = ...
    (inside `with INSIDE():`, when given; not inside `with OUTSIDE():`, when given)."""
    if inside:
        inner = code.within(code.withs(*inside))
        nodes = [n for n in code.walk() if id(n) in inner]
    else:
        nodes = list(code.walk())
    excluded = code.within(code.withs(*outside)) if outside else set()
    nodes = [n for n in nodes if id(n) not in excluded]
    for node in nodes:
        if isinstance(node, ast.AugAssign) and _named(node.target, target):
            return
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr.endswith("_") \
                and _named(node.func.value, target):
            return
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Subscript) and _named(t.value, target)
                                                for t in node.targets):
            return
    unmet(f"{code.name}()", requirement)


def _truthy(node: ast.expr | None) -> bool:
    return is_true(node) or (node is not None and not isinstance(node, ast.Constant))


def _named(node: ast.AST, name: str) -> bool:
    while isinstance(node, ast.Attribute) and node.attr == "data":
        node = node.value  # w.data -= ... still changes w's storage
    return isinstance(node, ast.Name) and node.id == name


