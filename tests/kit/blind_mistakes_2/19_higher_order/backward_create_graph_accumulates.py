"""MISTAKE: The student gets g with out.backward(create_graph=True) and x.grad, then calls penalty.backward() and returns w.grad, not realising the first backward already filled w.grad.
FUNCTION: gradient_penalty

Exercise 19 - higher-order gradients with create_graph=True.

A gradient computed by autograd is normally a plain result: nothing records
how it was computed. With `create_graph=True`, autograd records the backward
pass itself, so the gradient is a function of the inputs that you can
differentiate again:

    q = (3 * a**3 - b**2).sum()
    (dq_da,) = torch.autograd.grad(q, a, create_graph=True)     # 9a^2, with a graph
    (d2q_da2,) = torch.autograd.grad(dq_da.sum(), a)            # 18a

Without create_graph, the second call fails: the first gradient does not
require grad. Second derivatives appear in Hessians, in gradient penalties
(WGAN-GP) and in meta-learning (MAML).

Run `python grader.py 19` to check your work.

----- 한국어 -----
연습 19 - create_graph=True로 구하는 고계 기울기.

autograd가 계산한 기울기는 보통 평범한 결과입니다: 어떻게 계산했는지 기록되지
않습니다. `create_graph=True`를 주면 autograd가 역전파 자체를 기록하므로, 기울기가
입력의 함수가 되어 다시 미분할 수 있습니다:

    q = (3 * a**3 - b**2).sum()
    (dq_da,) = torch.autograd.grad(q, a, create_graph=True)     # 9a^2, 그래프 포함
    (d2q_da2,) = torch.autograd.grad(dq_da.sum(), a)            # 18a

create_graph가 없으면 두 번째 호출이 실패합니다: 첫 번째 기울기가 requires_grad가
아니기 때문입니다. 2계 도함수는 헤세 행렬, 기울기 페널티(WGAN-GP), 메타 학습(MAML)에
나옵니다.

`python grader.py 19`로 확인하세요.
"""

import torch


def second_derivatives(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """For q = (3a^3 - b^2).sum(), return (d2q/da2, d2q/db2) element-wise, with torch.autograd.grad twice.

    a and b require grad. By hand: d2q/da2 = 18a and d2q/db2 = -2.

    q = (3a^3 - b^2).sum()에 대해 torch.autograd.grad를 두 번 써서 원소별
    (d2q/da2, d2q/db2)를 돌려줍니다.
    """
    # TODO: first gradients with create_graph=True, then differentiate them again.
    # 할 일: 먼저 create_graph=True로 1계 기울기를 구하고, 그것을 다시 미분하세요.
    q = (3 * a ** 3 - b ** 2).sum()
    dq_da, dq_db = torch.autograd.grad(q, (a, b), create_graph=True)
    (d2q_da2,) = torch.autograd.grad(dq_da.sum(), a, retain_graph=True)
    (d2q_db2,) = torch.autograd.grad(dq_db.sum(), b)
    return d2q_da2, d2q_db2


def gradient_penalty(w: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """The gradient of penalty = (d(out)/dx) squared and summed, with respect to w, where out = tanh(x @ w).sum().

    x and w require grad. Compute g = d(out)/dx with create_graph=True, then
    penalty = (g ** 2).sum(), then return d(penalty)/dw.

    out = tanh(x @ w).sum()일 때, penalty = (d(out)/dx)를 제곱해 더한
    값의 w에 대한 기울기를 돌려줍니다.
    """
    # TODO
    out = torch.tanh(x @ w).sum()
    out.backward(create_graph=True)
    g = x.grad
    penalty = (g ** 2).sum()
    penalty.backward()
    return w.grad
