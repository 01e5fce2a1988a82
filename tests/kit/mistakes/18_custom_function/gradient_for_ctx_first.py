# function: Cube.backward
# belief: backward returns one gradient per parameter of forward, ctx included, so a None for ctx comes first.
# fix: Return exactly one gradient per input of forward, not counting ctx: return grad_output * 3 * x**2.
# source: wrong API usage ('returned an incorrect number of gradients')
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
        return None, grad_output * 3 * x**2


def cube(x: torch.Tensor) -> torch.Tensor:
    """Return Cube applied to x (use Cube.apply).

    x에 Cube를 적용한 결과를 돌려줍니다 (Cube.apply를 쓰세요).
    """
    return Cube.apply(x)
