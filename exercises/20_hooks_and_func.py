"""Exercise 20 - gradient hooks, and torch.func.

A hook is a function autograd calls with a gradient as it flows backward. A
tensor hook, `h.register_hook(fn)`, receives the gradient of h; if fn returns
a tensor, that tensor replaces the gradient from then on. Hooks let you look
at, scale or clip gradients inside a model without changing its forward pass:

    h = x * 3
    h.register_hook(lambda g: g.clamp(-1, 1))   # register before backward()

torch.func offers the same derivatives as functions that transform functions
(the JAX style), with no `.grad` involved:

    torch.func.grad(f)(x)          # the gradient of a scalar function f at x
    torch.func.vjp(f, x)           # (f(x), a function v -> v^T J)
    torch.func.jacrev(f)(x)        # the whole Jacobian, by reverse mode

They agree with backward(gradient=v) and torch.autograd.functional.jacobian.

Run `python grader.py 20` to check your work.
"""

import torch


def clipped_gradient(x: torch.Tensor, limit: float) -> torch.Tensor:
    """h = x * 3, y = (h ** 2).sum(). Clip h's gradient to [-limit, limit] with a hook; backward; return x.grad."""
    # TODO: register a hook on h before backward().
    raise NotImplementedError("20_hooks_and_func: clipped_gradient() is not written yet")


def func_derivatives(a: torch.Tensor, v: torch.Tensor) -> dict:
    """With torch.func, for f(a) = 3a^3 - a.sin() (element-wise) and s(a) = f(a).sum(), return

    {"grad": torch.func.grad(s)(a), "vjp": v^T J from torch.func.vjp(f, a), "jacobian": torch.func.jacrev(f)(a)}.
    """
    # TODO: one torch.func transform per entry.
    raise NotImplementedError("20_hooks_and_func: func_derivatives() is not written yet")
