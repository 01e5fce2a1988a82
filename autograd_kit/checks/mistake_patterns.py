"""Mistakes that show in the source: patterns the judge looks for in its own parse of a function.

A catalogue entry names one of these as its `source`. Each pattern returns the
nodes where it appears (empty when it does not), so the message can quote the
line. Patterns only ever explain a check that already failed: they never cost
points on their own.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from autograd_kit.checks.slip_patterns import (is_literal, literal_tensor, math_on_tensor, method_not_called,
                                               module_to_optimizer, numpy_method, shape_called)
from autograd_kit.checks.source import Code
from autograd_kit.checks.syntax import last_name

GRAD_MODES = ("torch.no_grad", "torch.enable_grad", "torch.inference_mode", "torch.set_grad_enabled",
              "torch.autograd.no_grad", "torch.autograd.enable_grad", "torch.autograd.grad_mode.no_grad",
              "torch.autograd.grad_mode.inference_mode")
LEAVING_CALLS = ("item", "tolist", "numpy")
FACTORIES = ("torch.tensor", "torch.rand", "torch.randn", "torch.ones", "torch.zeros", "torch.arange",
             "torch.empty", "torch.full", "torch.linspace")
# Methods whose whole point is their effect: named on a line of their own, they were meant to be called.
UNCALLED = ("zero_grad", "backward", "step", "retain_grad", "requires_grad_", "zero_", "eval", "train",
            "register_hook", "save_for_backward")


def xor(code: Code) -> list[ast.AST]:
    """`a ^ 3`: a power written as XOR."""
    return [n for n in code.walk() if isinstance(n, (ast.BinOp, ast.AugAssign)) and isinstance(n.op, ast.BitXor)]


def manager_not_called(code: Code) -> list[ast.AST]:
    """`with torch.no_grad:`: the class given to `with` instead of an instance."""
    return [item.context_expr for n in code.walk() if isinstance(n, (ast.With, ast.AsyncWith)) for item in n.items
            if not isinstance(item.context_expr, ast.Call) and code.torch_api(item.context_expr, *GRAD_MODES)]


def data(code: Code) -> list[ast.AST]:
    """`x.data`: values with autograd's record cut."""
    return [n for n in code.walk() if isinstance(n, ast.Attribute) and n.attr == "data"]


def eval_(code: Code) -> list[ast.AST]:
    """`model.eval()` (or .train(False)), taken for freezing."""
    return [n for n in code.walk() if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            and (n.func.attr == "eval" and not n.args
                 or n.func.attr == "train" and n.args and isinstance(n.args[0], ast.Constant) and not n.args[0].value)]


def leaves_the_graph(code: Code) -> list[ast.AST]:
    """.item(), .tolist(), .numpy(), float(t) in the computation (not in a print or an f-string, where a number
    is what is wanted): numbers autograd cannot follow."""
    shown = _inside_output(code)
    return [n for n in code.walk() if isinstance(n, ast.Call) and id(n) not in shown and (
        isinstance(n.func, ast.Attribute) and n.func.attr in LEAVING_CALLS and not n.args
        or isinstance(n.func, ast.Name) and n.func.id == "float" and len(n.args) == 1
        and not isinstance(n.args[0], ast.Constant))]


def rewrapped_tensor(code: Code) -> list[ast.AST]:
    """torch.tensor(t) of something computed from tensors: a copy with no history. Literals and plain Python
    values (a list of floats a function is given) are what torch.tensor is for."""
    tensors = {a.arg for a in getattr(code.function, "args", ast.arguments()).args
               if a.annotation is not None and "Tensor" in ast.unparse(a.annotation)}
    found = []
    for call in code.api_calls("tensor", "as_tensor"):
        if not call.args or is_literal(call.args[0]):
            continue
        argument = call.args[0]
        if isinstance(argument, ast.Name) and argument.id not in tensors:
            continue  # a name of unknown kind: most likely plain data
        found.append(call)
    return found


def _inside_output(code: Code) -> set[int]:
    """Nodes inside print(...), an f-string or a logging call: shown to a person, not computed with."""
    inside: set[int] = set()
    for node in code.walk():
        if isinstance(node, ast.JoinedStr) or isinstance(node, ast.Call) and last_name(node.func) in (
                "print", "info", "debug", "warning", "format"):
            inside.update(id(n) for n in ast.walk(node))
    return inside


def reads_grad(code: Code) -> list[ast.AST]:
    """Any use of `.grad`."""
    return [n for n in code.walk() if isinstance(n, ast.Attribute) and n.attr == "grad"
            and isinstance(n.ctx, ast.Load)]


def backward_without_retain_first(code: Code) -> list[ast.AST]:
    """backward() calls where a later one has retain_graph=True and the first does not."""
    calls = sorted(code.calls("backward"), key=lambda n: (n.lineno, n.col_offset))
    retaining = [_keeps_graph(call) for call in calls]
    if len(calls) < 2 or retaining[0] or not any(retaining[1:]):
        return []
    return [calls[0]]


def _keeps_graph(call: ast.Call) -> bool:
    value = next((k.value for k in call.keywords if k.arg == "retain_graph"), None)
    return value is not None and not (isinstance(value, ast.Constant) and not value.value)


def uncalled_method(code: Code) -> list[ast.AST]:
    """`optimizer.zero_grad` on a line of its own: the method is named, never called."""
    return [n for n in code.walk() if isinstance(n, ast.Expr) and isinstance(n.value, ast.Attribute)
            and n.value.attr in UNCALLED]


def create_graph_only(code: Code) -> list[ast.AST]:
    """backward(create_graph=True) where retain_graph was meant: no call keeps the graph by retain_graph."""
    calls = code.calls("backward")
    if any(_keeps_graph(call) for call in calls):
        return []
    return [c for c in calls if any(k.arg == "create_graph" for k in c.keywords)]


def grad_inputs_unpacked(code: Code) -> list[ast.AST]:
    """torch.autograd.grad(q, a, b): the inputs passed one by one, so b lands in grad_outputs."""
    return [n for n in code.api_calls("grad") if len(n.args) >= 3
            and code.source.resolve(n.func) in ("torch.autograd.grad", None)]


def tensor_class_constructor(code: Code) -> list[ast.AST]:
    """torch.Tensor(data, requires_grad=...): the class, which takes no requires_grad."""
    return [n for n in code.walk() if isinstance(n, ast.Call) and code.source.resolve(n.func) == "torch.Tensor"]


def requires_grad_after(code: Code) -> list[ast.AST]:
    """`x.requires_grad = True` or `x.requires_grad_()` after x was already used in a computation."""
    found = []
    used: set[str] = set()
    statements = sorted((n for n in ast.walk(code.function) if isinstance(n, (ast.Assign, ast.Expr, ast.AugAssign))),
                        key=lambda n: (n.lineno, n.col_offset))
    for statement in statements:
        name = _sets_requires_grad(statement)
        if name is not None:
            if name in used:
                found.append(statement)
        elif isinstance(statement, (ast.Assign, ast.AugAssign)):
            value = statement.value
            used |= {n.id for n in ast.walk(value) if isinstance(n, ast.Name)} if isinstance(
                value, (ast.BinOp, ast.Call, ast.UnaryOp)) else set()
    return found


def _sets_requires_grad(statement: ast.AST) -> str | None:
    if isinstance(statement, ast.Assign):
        for target in statement.targets:
            if isinstance(target, ast.Attribute) and target.attr == "requires_grad" and isinstance(target.value, ast.Name):
                return target.value.id
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call) \
            and last_name(statement.value.func) == "requires_grad_" \
            and isinstance(statement.value.func, ast.Attribute) and isinstance(statement.value.func.value, ast.Name):
        return statement.value.func.value.id
    return None


def inputs_replaced(code: Code) -> list[ast.AST]:
    """A parameter rebound to a tensor made from scratch (a = torch.tensor([2., 3.], ...)): the tutorial's
    own tensors pasted in, so the caller's inputs are never used."""
    parameters = _parameters(code)
    return [n for n in ast.walk(code.function) if isinstance(n, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id in parameters for t in n.targets)
            and isinstance(n.value, ast.Call) and code.source.resolve(n.value.func) in FACTORIES]


def grad_of_result(code: Code) -> list[ast.AST]:
    """`return y.grad` for a y computed in the function (y = x * 2): a non-leaf, whose .grad stays None."""
    computed = {t.id for n in ast.walk(code.function) if isinstance(n, ast.Assign)
                and isinstance(n.value, (ast.BinOp, ast.UnaryOp)) for t in n.targets if isinstance(t, ast.Name)}
    computed -= _parameters(code)
    return [n for n in ast.walk(code.function) if isinstance(n, ast.Return) and n.value is not None
            for a in ast.walk(n.value) if isinstance(a, ast.Attribute) and a.attr == "grad"
            and isinstance(a.value, ast.Name) and a.value.id in computed]


def parameters_unpacked(code: Code) -> list[ast.AST]:
    """`for name, p in model.parameters()`: pairs come from named_parameters()."""
    loops = [n for n in code.walk() if isinstance(n, (ast.For, ast.comprehension))]
    return [loop for loop in loops if isinstance(loop.target, ast.Tuple) and isinstance(loop.iter, ast.Call)
            and last_name(loop.iter.func) == "parameters"]


def comparison_statement(code: Code) -> list[ast.AST]:
    """`p.requires_grad == False` on a line of its own: a comparison whose answer is thrown away."""
    return [n for n in code.walk() if isinstance(n, ast.Expr) and isinstance(n.value, ast.Compare)]


def module_requires_grad(code: Code) -> list[ast.AST]:
    """`model.requires_grad = False`: a new attribute on the Module, not the flag of its parameters."""
    first = _parameters(code, first_only=True)
    return [n for n in code.walk() if isinstance(n, ast.Assign) for t in n.targets
            if isinstance(t, ast.Attribute) and t.attr == "requires_grad" and isinstance(t.value, ast.Name)
            and t.value.id in first]


def no_grad_block(code: Code) -> list[ast.AST]:
    """A `with torch.no_grad():` block."""
    return code.withs("torch.no_grad", "torch.autograd.no_grad", "torch.autograd.grad_mode.no_grad")


def inference_block(code: Code) -> list[ast.AST]:
    """A `with torch.inference_mode():` block."""
    return code.withs("torch.inference_mode", "torch.autograd.inference_mode",
                      "torch.autograd.grad_mode.inference_mode")


def freezes(code: Code) -> list[ast.AST]:
    """requires_grad = False, or requires_grad_(False), on anything."""
    found = []
    for n in code.walk():
        if isinstance(n, ast.Assign) and any(isinstance(t, ast.Attribute) and t.attr == "requires_grad"
                                             for t in n.targets) \
                and isinstance(n.value, ast.Constant) and n.value.value is False:
            found.append(n)
        elif isinstance(n, ast.Call) and last_name(n.func) == "requires_grad_" and n.args \
                and isinstance(n.args[0], ast.Constant) and n.args[0].value is False:
            found.append(n)
    return found


def detach_call(code: Code) -> list[ast.AST]:
    return code.calls("detach")


def global_grad_switch(code: Code) -> list[ast.AST]:
    """torch.set_grad_enabled(False) as a statement: it switches recording off for the whole thread."""
    return [n for n in code.walk() if isinstance(n, ast.Expr) and isinstance(n.value, ast.Call)
            and code.source.resolve(n.value.func) in ("torch.set_grad_enabled", "torch.autograd.set_grad_enabled")]


def manager_alone(code: Code) -> list[ast.AST]:
    """`torch.no_grad()` on a line of its own: a context manager made and thrown away."""
    return [n for n in code.walk() if isinstance(n, ast.Expr) and isinstance(n.value, ast.Call)
            and code.torch_api(n.value.func, *GRAD_MODES) and "set_grad_enabled" not in ast.unparse(n.value.func)]


def autograd_grad(code: Code) -> list[ast.AST]:
    """A call of torch.autograd.grad."""
    return [n for n in code.api_calls("grad") if code.source.resolve(n.func) in ("torch.autograd.grad",)]


def append_outside_loop(code: Code) -> list[ast.AST]:
    """`.append(...)` after a loop in a function that has one: one value where one per step was meant."""
    appends = code.calls("append")
    loops = [n for n in code.walk() if isinstance(n, (ast.For, ast.While))]
    if not loops:
        return []
    inside = set(map(id, code.in_loop(appends)))
    return [a for a in appends if id(a) not in inside]


def step_with_argument(code: Code) -> list[ast.AST]:
    """optimizer.step(loss): step() takes no loss."""
    return [n for n in code.calls("step") if n.args and not isinstance(n.args[0], (ast.Lambda,))]


def grad_cleared_between(code: Code) -> list[ast.AST]:
    """`t.grad = None`, `t.grad.zero_()` or `zero_grad()` on a line between two backward() calls: the first
    gradient thrown away before the second was added to it."""
    lines = sorted(getattr(call, "lineno", 0) for call in code.calls("backward"))
    if len(lines) < 2:
        return []
    return [n for n in _grad_clearings(code) if lines[0] < getattr(n, "lineno", 0) < lines[-1]]


def _grad_clearings(code: Code) -> list[ast.AST]:
    found: list[ast.AST] = []
    for node in code.walk():
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Attribute) and t.attr == "grad" for t in node.targets):
            found.append(node)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and (
                node.func.attr == "zero_grad"
                or node.func.attr == "zero_" and isinstance(node.func.value, ast.Attribute)
                and node.func.value.attr == "grad"):
            found.append(node)
    return found


def mode_switched_off(code: Code) -> list[ast.AST]:
    """`with torch.inference_mode(False):` (or mode=False): the argument turns the mode off, it is not
    set_grad_enabled's "gradients enabled"."""
    found: list[ast.AST] = []
    for block in code.withs("torch.inference_mode"):
        for item in block.items:
            call = item.context_expr
            if not isinstance(call, ast.Call):
                continue
            arguments = [*call.args[:1], *(k.value for k in call.keywords if k.arg == "mode")]
            if any(isinstance(a, ast.Constant) and a.value is False for a in arguments):
                found.append(call)
    return found


def _parameters(code: Code, first_only: bool = False) -> set[str]:
    arguments = getattr(code.function, "args", None)
    if arguments is None:
        return set()
    names = [a.arg for a in arguments.posonlyargs + arguments.args]
    return set(names[:1]) if first_only else set(names)


ON_THE_LINE = frozenset({"module-to-optimizer", "math-on-tensor", "method-not-called", "shape-called",
                         "numpy-method"})

PATTERNS: dict[str, Callable[[Code], list[ast.AST]]] = {
    "module-to-optimizer": module_to_optimizer,
    "math-on-tensor": math_on_tensor,
    "method-not-called": method_not_called,
    "shape-called": shape_called,
    "numpy-method": numpy_method,
    "literal-tensor": literal_tensor,
    "xor": xor,
    "manager-not-called": manager_not_called,
    "data": data,
    "eval": eval_,
    "leaves-the-graph": leaves_the_graph,
    "rewrapped-tensor": rewrapped_tensor,
    "reads-grad": reads_grad,
    "retain-graph-late": backward_without_retain_first,
    "uncalled-method": uncalled_method,
    "create-graph-only": create_graph_only,
    "grad-inputs-unpacked": grad_inputs_unpacked,
    "tensor-class-constructor": tensor_class_constructor,
    "inputs-replaced": inputs_replaced,
    "grad-of-result": grad_of_result,
    "parameters-unpacked": parameters_unpacked,
    "comparison-statement": comparison_statement,
    "module-requires-grad": module_requires_grad,
    "no-grad-block": no_grad_block,
    "inference-block": inference_block,
    "freezes": freezes,
    "detach": detach_call,
    "global-grad-switch": global_grad_switch,
    "manager-alone": manager_alone,
    "autograd-grad": autograd_grad,
    "append-outside-loop": append_outside_loop,
    "step-with-argument": step_with_argument,
    "requires-grad-after-use": requires_grad_after,
    "grad-cleared-between": grad_cleared_between,
    "mode-switched-off": mode_switched_off,
}


def find(name: str, code: Code) -> list[ast.AST]:
    return PATTERNS[name](code)
