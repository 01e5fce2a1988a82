"""MISTAKE: The learner returns the local derivative 3x^2 from backward(), believing autograd multiplies by the upstream gradient itself.
FUNCTION: backward
"""

import torch


class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x: torch.Tensor) -> torch.Tensor:
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    def backward(ctx, grad_output: torch.Tensor) -> torch.Tensor:
        (x,) = ctx.saved_tensors
        return 3 * x ** 2


def cube(x: torch.Tensor) -> torch.Tensor:
    return Cube.apply(x)
