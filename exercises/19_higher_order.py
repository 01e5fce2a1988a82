"""Exercise 19 - higher-order gradients with create_graph=True.

A gradient computed by autograd is normally a plain result: nothing records
how it was computed. With `create_graph=True`, autograd records the backward
pass itself, so the gradient is a function of the inputs that you can
differentiate again:

    q = (3 * a**3 - b**2).sum()
    (dq_da,) = torch.autograd.grad(q, a, create_graph=True)     # 9a^2, with a graph
    (d2q_da2,) = torch.autograd.grad(dq_da.sum(), a)            # 18a

Without create_graph, the second call fails: the first gradient does not
require grad. Second derivatives appear in Hessians, in gradient penalties
(WGAN-GP) and in meta-learning (MAML).

Run `python grader.py 19` to check your work.
"""

import torch


def second_derivatives(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """For q = (3a^3 - b^2).sum(), return (d2q/da2, d2q/db2) element-wise, with torch.autograd.grad twice.

    a and b require grad. By hand: d2q/da2 = 18a and d2q/db2 = -2.
    """
    # TODO: first gradients with create_graph=True, then differentiate them again.
    raise NotImplementedError("19_higher_order: second_derivatives() is not written yet")


def gradient_penalty(w: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """The gradient of penalty = (d(out)/dx) squared and summed, with respect to w, where out = tanh(x @ w).sum().

    x and w require grad. Compute g = d(out)/dx with create_graph=True, then
    penalty = (g ** 2).sum(), then return d(penalty)/dw.
    """
    # TODO
    raise NotImplementedError("19_higher_order: gradient_penalty() is not written yet")
