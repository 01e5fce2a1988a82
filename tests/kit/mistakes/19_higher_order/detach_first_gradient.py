# function: second_derivatives
# belief: The first gradient has to be detached before it is differentiated again, so the two passes do not get mixed up.
# fix: Differentiate da.sum() itself: create_graph=True gave it the graph the second call needs, and detach() cuts it off.
# source: detach() habit from GAN/target-network code (forum: 'element 0 of tensors does not require grad')
"""Exercise 19 - higher-order gradients with create_graph=True."""

import torch


def second_derivatives(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """For q = (3a^3 - b^2).sum(), return (d2q/da2, d2q/db2) element-wise, with torch.autograd.grad twice.

    a and b require grad. By hand: d2q/da2 = 18a and d2q/db2 = -2.

    q = (3a^3 - b^2).sum()에 대해 torch.autograd.grad를 두 번 써서 원소별
    (d2q/da2, d2q/db2)를 돌려줍니다.
    """
    # TODO: first gradients with create_graph=True, then differentiate them again.
    # 할 일: 먼저 create_graph=True로 1계 기울기를 구하고, 그것을 다시 미분하세요.
    q = (3 * a**3 - b**2).sum()
    da, db = torch.autograd.grad(q, (a, b), create_graph=True)
    (d2a,) = torch.autograd.grad(da.detach().sum(), a)
    (d2b,) = torch.autograd.grad(db.sum(), b)
    return d2a, d2b


def gradient_penalty(w: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """The gradient of penalty = (d(out)/dx) squared and summed, with respect to w, where out = tanh(x @ w).sum().

    x and w require grad. Compute g = d(out)/dx with create_graph=True, then
    penalty = (g ** 2).sum(), then return d(penalty)/dw.

    out = tanh(x @ w).sum()일 때, penalty = (d(out)/dx)를 제곱해 더한
    값의 w에 대한 기울기를 돌려줍니다.
    """
    # TODO
    out = torch.tanh(x @ w).sum()
    (g,) = torch.autograd.grad(out, x, create_graph=True)
    penalty = (g**2).sum()
    (dw,) = torch.autograd.grad(penalty, w)
    return dw
