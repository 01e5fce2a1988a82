"""Common Python and API slips, whatever the exercise: patterns looked for on the line an error came from
(a module where an optimizer wants parameters, math on tensors, a method read as a value, numpy habits).
mistake_patterns.py names them, with ON_THE_LINE.
"""

from __future__ import annotations

import ast

from autograd_kit.checks.source import Code
from autograd_kit.checks.syntax import last_name


def is_literal(node: ast.AST) -> bool:
    """A value written out in the source (numbers, strings, lists of them): what literal_eval can read."""
    try:
        ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


OPTIMIZERS = ("SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam", "RAdam", "LBFGS", "Rprop",
              "ASGD", "SparseAdam")
# Tensor methods a learner uses as a value (numpy's `.size`, `.T`-like reading): a method, never a number.
METHODS_READ_AS_VALUES = ("size", "numel", "dim", "name", "item", "nelement", "element_size", "ndimension")
NUMPY_METHODS = ("astype", "copy")


def module_to_optimizer(code: Code) -> list[ast.AST]:
    """`SGD(model, ...)`: a module (a plain name or attribute) where the optimizer wants its parameters."""
    found = []
    for node in code.walk():
        if isinstance(node, ast.Call) and last_name(node.func) in OPTIMIZERS and node.args \
                and isinstance(node.args[0], (ast.Name, ast.Attribute)) \
                and not (isinstance(node.args[0], ast.Name) and "param" in node.args[0].id.lower()) \
                and not (isinstance(node.args[0], ast.Attribute) and "param" in node.args[0].attr.lower()):
            # (`model.parameters` without its call is a method, not a module: method-not-iterable says so)
            found.append(node)
    return found


def math_on_tensor(code: Code) -> list[ast.AST]:
    """`math.pow(a, 3)`, `math.exp(x)`: the math module works on one Python number, not on tensors."""
    return [n for n in code.walk() if isinstance(n, ast.Call)
            and (code.source.resolve(n.func) or "").startswith("math.")]


def method_not_called(code: Code) -> list[ast.AST]:
    """`p.size`, `t.numel`, `q.grad_fn.name` used as a value: a method named without its parentheses."""
    called = {id(n.func) for n in code.walk() if isinstance(n, ast.Call)}
    return [n for n in code.walk() if isinstance(n, ast.Attribute) and n.attr in METHODS_READ_AS_VALUES
            and isinstance(n.ctx, ast.Load) and id(n) not in called]


def shape_called(code: Code) -> list[ast.AST]:
    """`t.shape()`: shape is an attribute (a torch.Size); size() is the method."""
    return [n for n in code.walk() if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            and n.func.attr == "shape"]


def numpy_method(code: Code) -> list[ast.AST]:
    """`t.astype(...)`, `t.copy()`: numpy's methods, which tensors do not have (t.to(dtype), t.clone())."""
    return [n for n in code.walk() if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            and n.func.attr in NUMPY_METHODS]


def literal_tensor(code: Code) -> list[ast.AST]:
    """`torch.tensor([1., 1.])`, `torch.ones(2)`: a tensor of a size written out by hand, not taken from data."""
    found = []
    for call in code.api_calls("tensor", "ones", "zeros", "full", "rand", "randn", "empty"):
        if call.args and all(is_literal(a) for a in call.args[:1]) and not any(
                isinstance(n, (ast.Name, ast.Attribute, ast.Call)) for a in call.args for n in ast.walk(a)):
            found.append(call)
    return found


# Slips named only where the error's own line shows them (their advice is about that line).
