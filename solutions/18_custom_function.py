"""Exercise 18 - your own autograd operation: torch.autograd.Function.

Every operation autograd knows has a forward (compute the result) and a
backward (turn the gradient of the result into the gradient of the input).
You can add your own, for speed, numerical stability, or an operation torch
does not have:

    class Square(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)        # keep what backward will need
            return x * x

        @staticmethod
        def backward(ctx, grad_output):
            (x,) = ctx.saved_tensors
            return grad_output * 2 * x      # chain rule: upstream gradient times d(x^2)/dx

    y = Square.apply(x)                     # never call forward() directly

backward receives the gradient of the loss with respect to the output and
returns the gradient with respect to each input of forward. The check is
what `torch.autograd.gradcheck` does: it compares your backward (the
analytical Jacobian) with finite differences of your forward (the numerical
Jacobian) in float64, and compares your forward with the built-in operation.

Run `python grader.py 18` to check your work.
"""

import torch


class Cube(torch.autograd.Function):
    """y = x ** 3, with a hand-written backward."""

    @staticmethod
    def forward(ctx, x: torch.Tensor) -> torch.Tensor:
        # TODO: save x for backward, return x cubed.
        # BEGIN SOLUTION
        ctx.save_for_backward(x)
        return x**3
        # END SOLUTION

    @staticmethod
    def backward(ctx, grad_output: torch.Tensor) -> torch.Tensor:
        # TODO: the chain rule: grad_output times d(x^3)/dx.
        # BEGIN SOLUTION
        (x,) = ctx.saved_tensors
        return grad_output * 3 * x**2
        # END SOLUTION


def cube(x: torch.Tensor) -> torch.Tensor:
    """Return Cube applied to x (use Cube.apply)."""
    # TODO
    # BEGIN SOLUTION
    return Cube.apply(x)
    # END SOLUTION
