"""Exercise 04 - gradients by hand.

Autograd is not magic: it applies the rules of calculus you already know.
Take the tutorial's function of two tensors a and b:

    Q = 3 * a**3 - b**2

Each element of Q depends only on the matching elements of a and b, so the
derivatives are element-wise. Two rules are all you need:

    the power rule         d(x^n)/dx = n * x^(n-1)
    a constant factor      d(c * f)/dx = c * df/dx    (a minus sign is the factor -1)

and a term without a is a constant as far as dQ/da goes: its derivative is 0
(the same for b). Work dQ/da and dQ/db out on paper, one term at a time, and
write what you find in dq_da and dq_db.

The tutorial prints the two results, so the numbers alone prove little:
dq_da_general is the same rule with letters. It gets a Q whose coefficients
and powers the grader draws from your seed,

    Q = c * a**n + d * b**m

and returns its dQ/da, whatever c, n, d and m are.

Write these functions *without* autograd: no backward(), no
torch.autograd.grad. The checks compute the truth with autograd and compare,
on the tutorial's a=[2, 3], b=[6, 4], on random tensors, and on coefficients
and powers drawn from the run's seed.

Run `python grader.py 04` to check your work.

----- 한국어 -----
연습 04 - 손으로 구하는 기울기.

autograd는 마법이 아닙니다. 이미 아는 미분 법칙을 적용할 뿐입니다. 튜토리얼의
두 텐서 a, b의 함수를 보세요:

    Q = 3 * a**3 - b**2

Q의 각 원소는 a와 b의 같은 자리 원소에만 의존하므로 도함수도 원소별입니다.
필요한 법칙은 두 가지뿐입니다:

    거듭제곱 법칙      d(x^n)/dx = n * x^(n-1)
    상수 계수          d(c * f)/dx = c * df/dx    (빼기 부호는 계수 -1입니다)

그리고 a가 없는 항은 dQ/da에서는 상수이므로 도함수가 0입니다(b도 마찬가지).
dQ/da와 dQ/db를 항별로 종이에 직접 구한 다음, 그 결과를 dq_da와 dq_db에 쓰세요.

튜토리얼에 두 결과가 나와 있으므로 숫자만으로는 증명이 되지 않습니다.
dq_da_general은 같은 법칙을 문자로 씁니다. 채점기가 여러분의 시드에서 계수와
지수를 뽑은 Q를 받아

    Q = c * a**n + d * b**m

c, n, d, m이 무엇이든 그 dQ/da를 돌려줍니다.

이 함수들을 autograd *없이* 쓰세요: backward()도, torch.autograd.grad도 쓰지
않습니다. 검사는 튜토리얼의 a=[2, 3], b=[6, 4], 무작위 텐서, 그리고 실행의
시드에서 뽑은 계수와 지수에서 autograd로 정답을 구해 비교합니다.

`python grader.py 04`로 확인하세요.
"""

import torch


def q_function(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return Q = 3a^3 - b^2.

    Q = 3a^3 - b^2를 돌려줍니다.
    """
    # TODO: one line.
    # 할 일: 한 줄.
    # BEGIN SOLUTION
    return 3 * a**3 - b**2
    # END SOLUTION


def dq_da(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return dQ/da, worked out by hand (same shape as a).

    손으로 구한 dQ/da를 돌려줍니다 (a와 같은 모양).
    """
    # TODO: the power rule on the a-term, its factor 3 kept; the b-term is a constant here.
    # 할 일: a 항에 거듭제곱 법칙을 적용하고 계수 3은 남기세요. 여기서 b 항은 상수입니다.
    # BEGIN SOLUTION
    return 9 * a**2
    # END SOLUTION


def dq_db(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return dQ/db, worked out by hand (same shape as b).

    손으로 구한 dQ/db를 돌려줍니다 (b와 같은 모양).
    """
    # TODO: the power rule on -b^2, the factor -1 kept; the a-term is a constant here.
    # 할 일: -b^2에 거듭제곱 법칙을 적용하고 계수 -1은 남기세요. 여기서 a 항은 상수입니다.
    # BEGIN SOLUTION
    return -2 * b
    # END SOLUTION


def dq_da_general(a: torch.Tensor, b: torch.Tensor, c: float, n: int, d: float, m: int) -> torch.Tensor:
    """Return dQ/da of Q = c * a**n + d * b**m, for any coefficients c, d and powers n, m (same shape as a).

    Q = c * a**n + d * b**m의 dQ/da를 어떤 계수 c, d와 지수 n, m에 대해서든 돌려줍니다 (a와 같은 모양).
    """
    # TODO: the two rules of dq_da, with letters where dq_da has numbers.
    # 할 일: dq_da의 두 법칙을, 숫자가 있던 자리에 문자를 넣어 적용하세요.
    # BEGIN SOLUTION
    return c * n * a ** (n - 1)
    # END SOLUTION
