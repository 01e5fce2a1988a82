# function: Cube.backward
# belief: The chain rule multiplies Jacobians, so grad_output and the local derivative are combined with a matrix product.
# fix: Multiply element-wise, grad_output * 3 * x**2: the Jacobian of an element-wise op is diagonal.
# source: chain rule as matrix product (calculus notation); Humbatova et al.: wrong tensor operation
"""Exercise 18 - your own autograd operation: torch.autograd.Function."""

import torch


class Cube(torch.autograd.Function):
    """y = x ** 3, with a hand-written backward.

    y = x ** 3, backward는 직접 작성합니다.
    """

    @staticmethod
    def forward(ctx, x: torch.Tensor) -> torch.Tensor:
        # TODO: save x for backward, return x cubed.
        # 할 일: backward를 위해 x를 저장하고, x의 세제곱을 돌려주세요.
        ctx.save_for_backward(x)
        return x**3

    @staticmethod
    def backward(ctx, grad_output: torch.Tensor) -> torch.Tensor:
        # TODO: the chain rule: grad_output times d(x^3)/dx.
        # 할 일: 연쇄 법칙: grad_output 곱하기 d(x^3)/dx.
        (x,) = ctx.saved_tensors
        return grad_output @ (3 * x**2)


def cube(x: torch.Tensor) -> torch.Tensor:
    """Return Cube applied to x (use Cube.apply).

    x에 Cube를 적용한 결과를 돌려줍니다 (Cube.apply를 쓰세요).
    """
    # TODO
    return Cube.apply(x)
