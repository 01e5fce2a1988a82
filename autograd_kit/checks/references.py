"""The judge's own correct functions, lent to the learner's module for one call.

A check measures one learner function. When that function needs another's
result (train_step needs an optimizer, backward_pass calls compute_loss, cube
applies Cube), the probe supplies the judge's correct one, so a mistake costs
only the points of the function that contains it (issue 26).

Two ways, both run by kit code in the worker:
- an argument the probe builds itself (the optimizer train_step is given);
- `lend`: the module's global NAME is the judge's function for the length of
  one call, then what was there is put back. Learner code finds its own
  functions through the module's globals, so a call to compute_loss() inside
  backward_pass() reaches the judge's.

What is lent earns the learner nothing: the value it helps compute belongs to
the function under test, and every value is recomputed by the judge. A lent
function works only during its call: kept and called later (to pass
compute_loss's own check with it), it raises.

The names below are captured when the worker imports the kit, before the
learner's file runs, so a file that rebinds them changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

import torch

from autograd_kit.i18n import tr

LR, MOMENTUM = 1e-2, 0.9  # exercise 03's optimizer
_NAMESPACE = object.__getattribute__
_GET, _SET, _POP = dict.get, dict.__setitem__, dict.pop
_MISSING = object()
# A Function is built with these, taken before learner code runs: a file that replaces builtins.type or
# staticmethod changes nothing here.
_TYPE, _STATIC, _FUNCTION = type, staticmethod, torch.autograd.Function


class LentTooLong(RuntimeError):
    """The judge's function was kept past the call it was lent for."""


def compute_loss(prediction: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Exercise 02's loss (and 03's): the sum of the differences."""
    return (prediction - labels).sum()


def make_optimizer(model: torch.nn.Module) -> torch.optim.Optimizer:
    """Exercise 03's optimizer."""
    return torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)


def train_step(model: torch.nn.Module, optimizer: torch.optim.Optimizer, data: torch.Tensor,
               labels: torch.Tensor) -> torch.Tensor:
    """Exercise 03's step, in the order the judge's truth takes it (the same operations round the same way)."""
    optimizer.zero_grad()
    loss = compute_loss(model(data), labels)
    loss.backward()
    optimizer.step()
    return loss


def cube_forward(ctx: Any, x: torch.Tensor) -> torch.Tensor:
    """Exercise 18's Cube.forward."""
    ctx.save_for_backward(x)
    return x**3


def cube_backward(ctx: Any, grad_output: torch.Tensor) -> torch.Tensor:
    """Exercise 18's Cube.backward."""
    (x,) = ctx.saved_tensors
    return grad_output * 3 * x**2


def paired_function(forward: Callable[..., Any], backward: Callable[..., Any],
                    setup_context: Callable[..., Any] | None = None) -> type:
    """A torch.autograd.Function made of one learner method and the judge's other one: a check of forward
    runs the learner's forward with the judge's backward, and the other way round."""
    methods = {"forward": _STATIC(forward), "backward": _STATIC(backward)}
    if setup_context is not None:  # forward(x) with setup_context(ctx, inputs, output): torch's other style
        methods["setup_context"] = _STATIC(setup_context)
    return _TYPE("Cube", (_FUNCTION,), methods)


def cube_function(scale: float, live: list[bool]) -> type:
    """A Cube to lend for one call of cube(x): a Function whose backward is scaled by the judge's SCALE, a
    gradient that shows the result went through Cube.apply (torch's own x ** 3 gives 3x^2, never this).
    It works while LIVE."""

    def forward(ctx: Any, x: torch.Tensor) -> torch.Tensor:
        if not live[0]:
            raise LentTooLong(tr("the grader lent its own {name} for one call only", name="Cube"))
        return cube_forward(ctx, x)

    def backward(ctx: Any, grad_output: torch.Tensor) -> torch.Tensor:
        return cube_backward(ctx, grad_output) * scale

    return paired_function(forward, backward)


def _only_during(reference: Callable[..., Any], name: str, live: list[bool]) -> Callable[..., Any]:
    def lent(*args: Any, **kwargs: Any) -> Any:
        if not live[0]:
            raise LentTooLong(tr("the grader lent its own {name} for one call only", name=name))
        return reference(*args, **kwargs)

    return lent


@contextmanager
def lend(module: ModuleType, references: dict[str, Any], live: list[bool] | None = None) -> Iterator[None]:
    """For the length of the block, MODULE's globals NAME are the judge's REFERENCES; then they are restored
    and what was lent stops working (LIVE, shared with a lent class's methods, is cleared)."""
    namespace = _NAMESPACE(module, "__dict__")
    before = {name: _GET(namespace, name, _MISSING) for name in references}
    live = [True] if live is None else live
    for name, reference in references.items():
        lent = reference if isinstance(reference, _TYPE) else _only_during(reference, name, live)
        _SET(namespace, name, lent)
    try:
        yield
    finally:
        live[0] = False
        for name, value in before.items():
            if value is _MISSING:
                _POP(namespace, name, None)
            else:
                _SET(namespace, name, value)
