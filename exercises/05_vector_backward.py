"""Exercise 05 - backward() on a vector.

`loss.backward()` works with no argument because a loss is a scalar. The
tutorial's Q = 3a^3 - b^2 is a *vector*, and then autograd needs to be told how
much each element of Q matters: `Q.backward(gradient=v)`, with v the same shape
as Q. What autograd computes is the vector-Jacobian product

    a.grad = J^T v,   where J[i, j] = dQ[i] / da[j]

With v = all ones this is the gradient of Q.sum(), which for an element-wise Q
gives exactly dQ/da = 9a^2 and dQ/db = -2b. With any other v it weights the
rows of the Jacobian, and for a function that mixes elements (where J is not
diagonal) the result is more than an element-wise product.

Inputs that arrive here already have requires_grad=True and .grad = None.

Run `python grader.py 05` to check your work.
"""

import torch


def tutorial_gradients(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Build Q = 3a^3 - b^2, call Q.backward with the right external gradient,
    and return (a.grad, b.grad), which must equal (9a^2, -2b)."""
    # TODO: choose the external gradient so that a.grad == dQ/da.
    raise NotImplementedError("05_vector_backward: tutorial_gradients() is not written yet")


def vector_jacobian_product(f, a: torch.Tensor, b: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Compute y = f(a, b), backpropagate v through it, return (a.grad, b.grad).

    f is a function from two vectors to a vector; v has the shape of y.
    """
    # TODO: one forward call, one backward call with gradient=v.
    raise NotImplementedError("05_vector_backward: vector_jacobian_product() is not written yet")
