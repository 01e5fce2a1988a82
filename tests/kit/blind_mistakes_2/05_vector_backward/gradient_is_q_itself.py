"""MISTAKE: Reading 'a tensor shaped like Q that stands for Q's own gradient', the student passes Q itself as the external gradient: Q.backward(gradient=Q).
FUNCTION: tutorial_gradients

Exercise 05 - backward() on a vector.

`loss.backward()` works with no argument because a loss is a scalar. The
tutorial's Q = 3a^3 - b^2 is a *vector*, and then autograd needs to be told how
much each element of Q matters: `Q.backward(gradient=v)`, with v the same shape
as Q. What autograd computes is the vector-Jacobian product

    a.grad = J^T v,   where J[i, j] = dQ[i] / da[j]

With v = all ones this is the gradient of Q.sum(), which for an element-wise Q
gives exactly dQ/da = 9a^2 and dQ/db = -2b. With any other v it weights the
rows of the Jacobian, and for a function that mixes elements (where J is not
diagonal) the result is more than an element-wise product.

Inputs that arrive here already have requires_grad=True and .grad = None.

Run `python grader.py 05` to check your work.

----- 한국어 -----
연습 05 - 벡터에 대한 backward().

손실은 스칼라라서 `loss.backward()`는 인자 없이 동작합니다. 튜토리얼의
Q = 3a^3 - b^2는 *벡터*이고, 이때는 Q의 각 원소가 얼마나 중요한지 autograd에
알려 줘야 합니다: Q와 같은 모양의 v로 `Q.backward(gradient=v)`. autograd가
계산하는 것은 벡터-야코비안 곱입니다

    a.grad = J^T v,   여기서 J[i, j] = dQ[i] / da[j]

v가 모두 1이면 Q.sum()의 기울기이고, 원소별 함수 Q에서는 정확히 dQ/da = 9a^2,
dQ/db = -2b입니다. 다른 v는 야코비안의 행에 가중치를 주며, 원소를 섞는 함수(J가
대각이 아닌 함수)에서는 결과가 원소별 곱 이상입니다.

여기로 오는 입력은 이미 requires_grad=True이고 .grad = None입니다.

`python grader.py 05`로 확인하세요.
"""

import torch


def tutorial_gradients(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Build Q = 3a^3 - b^2, call Q.backward with the right external gradient,
    and return (a.grad, b.grad), which must equal (9a^2, -2b).

    Q = 3a^3 - b^2를 만들고 알맞은 외부 기울기로 Q.backward를 부른 뒤 (a.grad,
    b.grad)를 돌려줍니다. 값은 (9a^2, -2b)여야 합니다.
    """
    # TODO: choose the external gradient so that a.grad == dQ/da.
    # 할 일: a.grad == dQ/da가 되도록 외부 기울기를 고르세요.
    Q = 3 * a ** 3 - b ** 2
    Q.backward(gradient=Q)
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
    y.backward(gradient=v)
    return a.grad, b.grad
