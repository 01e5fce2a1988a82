"""Exercise 13 - detach(): a value without its history.

`y.detach()` returns a tensor with the same values as y, cut out of the graph:
it does not require grad, and autograd treats it as a constant. Take

    y = x ** 2
    z = y.detach() * x

Without detach, z = x^3 and dz/dx = 3x^2. With it, y is a constant c, so
z = c * x and dz/dx = c = x^2 (evaluated at the current x). That is how you
stop gradients flowing into part of a model (a target network, a baseline).

The detached tensor is not a copy: it shares storage with y, so changing one
in place changes the other. Use `y.detach().clone()` when you need your own copy.

Run `python grader.py 13` to check your work.
"""

import torch


def gradient_through_detached(x: torch.Tensor) -> torch.Tensor:
    """y = x ** 2, z = y.detach() * x; backward through z.sum() and return x.grad.

    x requires grad and starts with no .grad.
    """
    # TODO: detach y before multiplying, then backward.
    raise NotImplementedError("13_detach: gradient_through_detached() is not written yet")


def detached_facts(x: torch.Tensor) -> dict:
    """y = x * 3 (x requires grad). d = y.detach(). Then add 1 to d in place.

    Return {"d": d, "y_after": y.detach() after d was changed,
    "d_requires_grad": d.requires_grad, "shares_storage": d.data_ptr() == y.data_ptr()}.
    """
    # TODO: detach (no clone), change d in place, and report.
    raise NotImplementedError("13_detach: detached_facts() is not written yet")
