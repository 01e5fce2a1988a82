"""MISTAKE: The student copies the docstring's math notation 3a^3 - b^2 and writes ^ for the power, which in Python is bitwise XOR.
FUNCTION: q_function

Exercise 04 - gradients by hand.

Autograd is not magic: it applies the rules of calculus you already know.
Take the tutorial's function of two tensors a and b:

    Q = 3 * a**3 - b**2

Each element of Q depends only on the matching elements of a and b, so the
derivatives are element-wise:

    dQ/da = 3 * 3 * a**2 = 9 * a**2      (power rule: d(a^n)/da = n * a^(n-1))
    dQ/db = -2 * b

Write these three functions *without* autograd: no backward(), no
torch.autograd.grad. The checks compute the truth with autograd and compare,
on the tutorial's a=[2, 3], b=[6, 4] and on random tensors.

Run `python grader.py 04` to check your work.

----- 한국어 -----
연습 04 - 손으로 구하는 기울기.

autograd는 마법이 아닙니다. 이미 아는 미분 법칙을 적용할 뿐입니다. 튜토리얼의
두 텐서 a, b의 함수를 보세요:

    Q = 3 * a**3 - b**2

Q의 각 원소는 a와 b의 같은 자리 원소에만 의존하므로 도함수도 원소별입니다:

    dQ/da = 3 * 3 * a**2 = 9 * a**2      (거듭제곱 법칙: d(a^n)/da = n * a^(n-1))
    dQ/db = -2 * b

이 세 함수를 autograd *없이* 쓰세요: backward()도, torch.autograd.grad도 쓰지
않습니다. 검사는 튜토리얼의 a=[2, 3], b=[6, 4]와 무작위 텐서에서 autograd로 정답을
구해 비교합니다.

`python grader.py 04`로 확인하세요.
"""

import torch


def q_function(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return Q = 3a^3 - b^2.

    Q = 3a^3 - b^2를 돌려줍니다.
    """
    # TODO: one line.
    # 할 일: 한 줄.
    return 3 * a ^ 3 - b ^ 2


def dq_da(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return dQ/da, worked out by hand (same shape as a).

    손으로 구한 dQ/da를 돌려줍니다 (a와 같은 모양).
    """
    # TODO: apply the power rule to 3a^3.
    # 할 일: 3a^3에 거듭제곱 법칙을 적용하세요.
    return 9 * a ** 2


def dq_db(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return dQ/db, worked out by hand (same shape as b).

    손으로 구한 dQ/db를 돌려줍니다 (b와 같은 모양).
    """
    # TODO: apply the power rule to -b^2. Mind the sign.
    # 할 일: -b^2에 거듭제곱 법칙을 적용하세요. 부호에 주의하세요.
    return -2 * b


# Added after the file was written blind: exercise 04 gained this function later (the reference answer).
def dq_da_general(a, b, c, n, d, m):
    return c * n * a ** (n - 1)
