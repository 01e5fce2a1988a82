"""MISTAKE: The student believes detaching means switching requires_grad off, and sets y.requires_grad = False.
FUNCTION: gradient_through_detached

Exercise 13 - detach(): a value without its history.

`y.detach()` returns a tensor with the same values as y, cut out of the graph:
it does not require grad, and autograd treats it as a constant. Take

    y = x ** 2
    z = y.detach() * x

Without detach, z = x^3 and dz/dx = 3x^2. With it, y is a constant c, so
z = c * x and dz/dx = c = x^2 (evaluated at the current x). That is how you
stop gradients flowing into part of a model (a target network, a baseline).

The detached tensor is not a copy: it shares storage with y, so changing one
in place changes the other. Use `y.detach().clone()` when you need your own copy.

Run `python grader.py 13` to check your work.

----- 한국어 -----
연습 13 - detach(): 기록이 없는 값.

`y.detach()`는 y와 값이 같지만 그래프에서 잘려 나온 텐서를 돌려줍니다: requires_grad가
아니고, autograd는 그것을 상수로 취급합니다. 예를 들어

    y = x ** 2
    z = y.detach() * x

detach가 없으면 z = x^3이고 dz/dx = 3x^2입니다. detach하면 y는 상수 c이므로
z = c * x이고 dz/dx = c = x^2 (현재 x에서의 값)입니다. 모델의 일부(목표 네트워크,
기준값)로 기울기가 흘러가지 않게 막는 방법입니다.

detach한 텐서는 복사본이 아닙니다: y와 저장 공간을 공유하므로 한쪽을 제자리(in-place)로
바꾸면 다른 쪽도 바뀝니다. 따로 복사본이 필요하면 `y.detach().clone()`을 쓰세요.

`python grader.py 13`으로 확인하세요.
"""

import torch


def gradient_through_detached(x: torch.Tensor) -> torch.Tensor:
    """y = x ** 2, z = y.detach() * x; backward through z.sum() and return x.grad.

    x requires grad and starts with no .grad.

    y = x ** 2, z = y.detach() * x; z.sum()으로 backward하고
    x.grad를 돌려줍니다.
    """
    # TODO: detach y before multiplying, then backward.
    # 할 일: 곱하기 전에 y를 detach하고, 그다음 backward.
    y = x ** 2
    y.requires_grad = False
    z = y * x
    z.sum().backward()
    return x.grad


def detached_facts(x: torch.Tensor) -> dict:
    """y = x * 3 (x requires grad). d = y.detach(). Then add 1 to d in place.

    Return {"d": d, "y_after": y.detach() after d was changed,
    "d_requires_grad": d.requires_grad, "shares_storage": d.data_ptr() == y.data_ptr()}.

    y = x * 3 (x는 requires_grad). d = y.detach(). 그다음 d에 제자리로
    1을 더합니다.
    """
    # TODO: detach (no clone), change d in place, and report.
    # 할 일: detach(clone 없이), d를 제자리로 바꾸고, 결과를 알려 주세요.
    y = x * 3
    d = y.detach()
    d.add_(1)
    return {
        "d": d,
        "y_after": y.detach(),
        "d_requires_grad": d.requires_grad,
        "shares_storage": d.data_ptr() == y.data_ptr(),
    }
