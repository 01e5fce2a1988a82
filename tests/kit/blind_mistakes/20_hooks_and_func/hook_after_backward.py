"""MISTAKE: The learner believes a hook can be attached after backward() to clip the stored gradient, so the hook never runs.
FUNCTION: clipped_gradient
"""

import torch


def clipped_gradient(x: torch.Tensor, limit: float) -> torch.Tensor:
    h = x * 3
    y = (h ** 2).sum()
    y.backward()
    h.register_hook(lambda g: g.clamp(-limit, limit))
    return x.grad


def func_derivatives(a: torch.Tensor, v: torch.Tensor) -> dict:
    def f(t):
        return 3 * t**3 - t.sin()

    def s(t):
        return f(t).sum()

    grad = torch.func.grad(s)(a)
    _, vjp_fn = torch.func.vjp(f, a)
    (vjp,) = vjp_fn(v)
    jacobian = torch.func.jacrev(f)(a)
    return {"grad": grad, "vjp": vjp, "jacobian": jacobian}
