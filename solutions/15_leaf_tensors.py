"""Exercise 15 - leaf and non-leaf tensors, and two errors backward() raises.

A leaf is a tensor you created (not the result of a recorded operation).
backward() fills `.grad` only for leaves that require grad: an intermediate
result h = x * 2 is a non-leaf, and `h.grad` stays None (PyTorch warns when you
read it). Call `h.retain_grad()` before backward() to keep its gradient.

Two errors every learner meets:

- backward() on a result that does not require grad:
  "element 0 of tensors does not require grad and does not have a grad_fn".
  Some input must have requires_grad=True, set before the computation.
- backward() on a tensor with more than one element:
  "grad can be implicitly created only for scalar outputs".
  Reduce it to a scalar (sum, mean), or pass backward(gradient=...).

Run `python grader.py 15` to check your work.
"""

import warnings

import torch


def intermediate_gradient(x: torch.Tensor) -> torch.Tensor:
    """h = x * 2, y = (h ** 2).sum(); backward through y and return h.grad (x requires grad)."""
    # TODO: keep the non-leaf h's gradient.
    # BEGIN SOLUTION
    h = x * 2
    h.retain_grad()
    y = (h**2).sum()
    y.backward()
    return h.grad
    # END SOLUTION


def non_leaf_grad_warning(x: torch.Tensor) -> dict:
    """h = x * 2 (x requires grad); backward through (h * x).sum(); then read h.grad WITHOUT retain_grad().

    Return {"h_grad": h.grad, "x_grad": x.grad,
            "warning": the class name of the warning that reading h.grad gave (e.g. "UserWarning")}.
    """
    # TODO: catch the warning with warnings.catch_warnings(record=True) and warnings.simplefilter("always").
    # BEGIN SOLUTION
    h = x * 2
    (h * x).sum().backward()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        h_grad = h.grad
    return {"h_grad": h_grad, "x_grad": x.grad, "warning": caught[0].category.__name__ if caught else None}
    # END SOLUTION


def weight_gradient(values: list[float], x: torch.Tensor) -> torch.Tensor:
    """Make a weight tensor from values, loss = (w * x).sum() ** 2, backward, return w.grad.

    The obvious code raises "does not require grad and does not have a grad_fn":
        w = torch.tensor(values)
        ((w * x).sum() ** 2).backward()
    Fix it.
    """
    # TODO: the weight must require grad from the start.
    # BEGIN SOLUTION
    w = torch.tensor(values, requires_grad=True)
    ((w * x).sum() ** 2).backward()
    return w.grad
    # END SOLUTION


def elementwise_backward(x: torch.Tensor) -> torch.Tensor:
    """y = x ** 3 has one element per element of x. Return x.grad = 3x^2, using backward().

    The obvious code raises "grad can be implicitly created only for scalar outputs":
        y = x ** 3
        y.backward()
    Fix it.
    """
    # TODO: backward() needs a scalar, or a gradient argument shaped like y.
    # BEGIN SOLUTION
    y = x**3
    y.backward(gradient=torch.ones_like(y))
    return x.grad
    # END SOLUTION
