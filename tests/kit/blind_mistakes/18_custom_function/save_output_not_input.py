"""MISTAKE: The learner saves the output y = x^3 for backward instead of the input, while backward treats the saved tensor as x.
FUNCTION: forward
"""

import torch


class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x: torch.Tensor) -> torch.Tensor:
        y = x ** 3
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad_output: torch.Tensor) -> torch.Tensor:
        (x,) = ctx.saved_tensors
        return grad_output * 3 * x ** 2


def cube(x: torch.Tensor) -> torch.Tensor:
    return Cube.apply(x)
