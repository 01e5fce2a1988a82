# function: Cube.backward
# belief: backward returns the derivative of the operation, 3x^2, and autograd multiplies in the upstream gradient.
# fix: Multiply by grad_output yourself: return grad_output * 3 * x**2 (the chain rule happens in your backward).
# source: forum confusion (custom Function backward must apply the chain rule)
"""Exercise 18 - your own autograd operation: torch.autograd.Function."""

import torch


class Cube(torch.autograd.Function):
    """y = x ** 3, with a hand-written backward.

    y = x ** 3, backward는 직접 작성합니다.
    """

    @staticmethod
    def forward(ctx, x: torch.Tensor) -> torch.Tensor:
        ctx.save_for_backward(x)
        return x**3

    @staticmethod
    def backward(ctx, grad_output: torch.Tensor) -> torch.Tensor:
        (x,) = ctx.saved_tensors
        return 3 * x**2


def cube(x: torch.Tensor) -> torch.Tensor:
    """Return Cube applied to x (use Cube.apply).

    x에 Cube를 적용한 결과를 돌려줍니다 (Cube.apply를 쓰세요).
    """
    return Cube.apply(x)
