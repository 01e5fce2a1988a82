"""Exercise 14 - torch.autograd.grad: gradients as return values.

`loss.backward()` writes gradients into the `.grad` of every leaf. Sometimes
you want them as values instead, without touching `.grad` (a gradient penalty,
a meta-learning step, or a quick check):

    da, db = torch.autograd.grad(q, (a, b))     # q must be a scalar

returns the gradients in the order of the inputs and leaves `a.grad` and
`b.grad` as they were.

Asking for the gradient with respect to an input that q does not depend on
raises "One of the differentiated Tensors appears to not have been used in the
graph". `allow_unused=True` returns None for such an input instead, and
`materialize_grads=True` (which implies allow_unused) returns zeros, which is
easier to compute with.

Run `python grader.py 14` to check your work.
"""

import torch


def q_gradients(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Return (dq/da, dq/db) for q = (3a^3 - b^2).sum() with torch.autograd.grad. Leave a.grad and b.grad untouched."""
    # TODO: torch.autograd.grad, not backward().
    raise NotImplementedError("14_autograd_grad: q_gradients() is not written yet")


def gradients_with_unused(a: torch.Tensor, b: torch.Tensor, c: torch.Tensor) -> tuple:
    """q = (3a^3 - b^2).sum() does not use c. Return the gradients of q with respect to (a, b, c).

    The gradient for c must be a tensor of zeros shaped like c, not None and not an error.
    """
    # TODO: torch.autograd.grad with materialize_grads=True.
    raise NotImplementedError("14_autograd_grad: gradients_with_unused() is not written yet")
