"""Exercise 17 - in-place operations and autograd.

Some operations save their inputs or outputs for the backward pass: sigmoid
saves its output, multiplication saves both factors. If you then change a
saved tensor in place (`y.mul_(2)`, `y += 1`, `y[0] = 0`), autograd notices
(every tensor has a version counter) and backward() raises

    RuntimeError: one of the variables needed for gradient computation has
    been modified by an inplace operation

Write the out-of-place version instead: `y = y * 2` makes a new tensor and
leaves the saved one alone.

A leaf that requires grad cannot be changed in place while recording either
("a leaf Variable that requires grad is being used in an in-place operation").
Updating weights by hand is exactly that, so do it under `torch.no_grad()`:
the update is not part of any graph, and the weight stays the same leaf.

Run `python grader.py 17` to check your work.
"""

import torch


def doubled_sigmoid_gradient(x: torch.Tensor) -> torch.Tensor:
    """y = sigmoid(x), then double y; backward through y.sum() and return x.grad (x requires grad).

    The obvious code raises the in-place error on backward():
        y = torch.sigmoid(x)
        y.mul_(2)
        y.sum().backward()
    Fix it.
    """
    # TODO: double y without changing the tensor sigmoid saved.
    # BEGIN SOLUTION
    y = torch.sigmoid(x)
    y = y * 2
    y.sum().backward()
    return x.grad
    # END SOLUTION


def manual_sgd_step(w: torch.Tensor, grad: torch.Tensor, lr: float) -> torch.Tensor:
    """Move the leaf w (it requires grad) by -lr * grad in place, and return w.

    `w -= lr * grad` raises "a leaf Variable that requires grad is being used in
    an in-place operation". Fix it so that w stays a leaf that requires grad.
    """
    # TODO
    # BEGIN SOLUTION
    with torch.no_grad():
        w -= lr * grad
    return w
    # END SOLUTION
