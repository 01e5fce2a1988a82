"""MISTAKE: The student believes backward must return one gradient per argument of forward, ctx included, and returns (None, grad).
FUNCTION: backward

Exercise 18 - your own autograd operation: torch.autograd.Function.

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

----- 한국어 -----
연습 18 - 나만의 autograd 연산: torch.autograd.Function.

autograd가 아는 모든 연산에는 forward(결과 계산)와 backward(결과의 기울기를 입력의
기울기로 바꾸기)가 있습니다. 속도, 수치 안정성, 또는 torch에 없는 연산을 위해 직접
추가할 수 있습니다:

    class Square(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)        # backward에 필요한 것을 보관
            return x * x

        @staticmethod
        def backward(ctx, grad_output):
            (x,) = ctx.saved_tensors
            return grad_output * 2 * x      # 연쇄 법칙: 상류 기울기 곱하기 d(x^2)/dx

    y = Square.apply(x)                     # forward()를 직접 부르지 마세요

backward는 출력에 대한 손실의 기울기를 받아서 forward의 각 입력에 대한 기울기를
돌려줍니다. 검사는 `torch.autograd.gradcheck`가 하는 일을 합니다: float64에서 여러분의
backward(해석적 야코비안)를 forward의 유한 차분(수치 야코비안)과 비교하고, forward를
내장 연산과 비교합니다.

`python grader.py 18`로 확인하세요.
"""

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
        return x ** 3

    @staticmethod
    def backward(ctx, grad_output: torch.Tensor) -> torch.Tensor:
        # TODO: the chain rule: grad_output times d(x^3)/dx.
        # 할 일: 연쇄 법칙: grad_output 곱하기 d(x^3)/dx.
        (x,) = ctx.saved_tensors
        return None, grad_output * 3 * x ** 2


def cube(x: torch.Tensor) -> torch.Tensor:
    """Return Cube applied to x (use Cube.apply).

    x에 Cube를 적용한 결과를 돌려줍니다 (Cube.apply를 쓰세요).
    """
    # TODO
    return Cube.apply(x)
