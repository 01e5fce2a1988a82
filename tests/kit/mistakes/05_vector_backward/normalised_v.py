# function: vector_jacobian_product
# belief: The vector v is a direction, so it has to be normalised to unit length before backpropagating it.
# fix: Pass v as it is; the vector-Jacobian product is linear in v and its length matters.
# source: directional-derivative habit (unit direction vectors)
"""Exercise 05 - backward() on a vector."""

import torch


def tutorial_gradients(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Build Q = 3a^3 - b^2, call Q.backward with the right external gradient,
    and return (a.grad, b.grad), which must equal (9a^2, -2b).

    Q = 3a^3 - b^2를 만들고 알맞은 외부 기울기로 Q.backward를 부른 뒤 (a.grad,
    b.grad)를 돌려줍니다. 값은 (9a^2, -2b)여야 합니다.
    """
    # TODO: choose the external gradient so that a.grad == dQ/da.
    # 할 일: a.grad == dQ/da가 되도록 외부 기울기를 고르세요.
    Q = 3 * a**3 - b**2
    external_grad = torch.ones_like(Q)
    Q.backward(gradient=external_grad)
    return a.grad, b.grad


def vector_jacobian_product(f, a: torch.Tensor, b: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Compute y = f(a, b), backpropagate v through it, return (a.grad, b.grad).

    f is a function from two vectors to a vector; v has the shape of y.

    y = f(a, b)를 계산하고 v를 역전파한 뒤 (a.grad, b.grad)를 돌려줍니다. f는 두
    벡터를 벡터로 보내는 함수이고, v는 y와 같은 모양입니다.
    """
    # TODO: one forward call, one backward call with gradient=v.
    # 할 일: 순전파 한 번, gradient=v로 backward 한 번.
    y = f(a, b)
    y.backward(gradient=v / v.norm())
    return a.grad, b.grad
