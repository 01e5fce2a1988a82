# function: Cube.forward
# belief: save_for_backward should keep what forward returns.
# fix: Save the input x, since backward computes 3 * x**2 from it.
# source: forum confusion (what to save in ctx)
"""Exercise 18 - your own autograd operation: torch.autograd.Function."""

import torch


class Cube(torch.autograd.Function):
    """y = x ** 3, with a hand-written backward.

    y = x ** 3, backward는 직접 작성합니다.
    """

    @staticmethod
    def forward(ctx, x: torch.Tensor) -> torch.Tensor:
        y = x**3
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad_output: torch.Tensor) -> torch.Tensor:
        (x,) = ctx.saved_tensors
        return grad_output * 3 * x**2


def cube(x: torch.Tensor) -> torch.Tensor:
    """Return Cube applied to x (use Cube.apply).

    x에 Cube를 적용한 결과를 돌려줍니다 (Cube.apply를 쓰세요).
    """
    return Cube.apply(x)
