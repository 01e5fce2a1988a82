"""MISTAKE: The learner treats the autograd.Function like an nn.Module and instantiates and calls it, Cube()(x), instead of Cube.apply(x).
FUNCTION: cube
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
        return grad_output * 3 * x ** 2


def cube(x: torch.Tensor) -> torch.Tensor:
    return Cube()(x)
