"""MISTAKE: The student believes a non-leaf's gradient can only be read off the leaf it came from, so returns x.grad as 'h's gradient'.
FUNCTION: intermediate_gradient

Exercise 15 - leaf and non-leaf tensors, and two errors backward() raises.

A leaf is a tensor you created (not the result of a recorded operation).
backward() fills `.grad` only for leaves that require grad: an intermediate
result h = x * 2 is a non-leaf, and `h.grad` stays None (PyTorch warns when you
read it). Call `h.retain_grad()` before backward() to keep its gradient.

Two errors every learner meets:

- backward() on a result that does not require grad:
  "element 0 of tensors does not require grad and does not have a grad_fn".
  Some input must have requires_grad=True, set before the computation.
- backward() on a tensor with more than one element:
  "grad can be implicitly created only for scalar outputs".
  Reduce it to a scalar (sum, mean), or pass backward(gradient=...).

Run `python grader.py 15` to check your work.

----- 한국어 -----
연습 15 - 잎 텐서와 잎이 아닌 텐서, 그리고 backward()의 두 가지 오류.

잎(leaf)은 여러분이 만든 텐서입니다 (기록된 연산의 결과가 아님). backward()는
requires_grad인 잎에만 `.grad`를 채웁니다: 중간 결과 h = x * 2는 잎이 아니어서
`h.grad`는 None으로 남습니다 (읽으면 PyTorch가 경고합니다). 기울기를 남기려면
backward() 전에 `h.retain_grad()`를 부르세요.

누구나 만나는 두 오류:

- requires_grad가 아닌 결과에 backward():
  "element 0 of tensors does not require grad and does not have a grad_fn".
  어떤 입력이든 계산 전에 requires_grad=True로 설정되어 있어야 합니다.
- 원소가 여러 개인 텐서에 backward():
  "grad can be implicitly created only for scalar outputs".
  스칼라로 줄이거나(sum, mean) backward(gradient=...)를 넘기세요.

`python grader.py 15`로 확인하세요.
"""

import warnings

import torch


def intermediate_gradient(x: torch.Tensor) -> torch.Tensor:
    """h = x * 2, y = (h ** 2).sum(); backward through y and return h.grad (x requires grad).

    h = x * 2, y = (h ** 2).sum(); y로 backward하고 h.grad를 돌려줍니다
    (x는 requires_grad).
    """
    # TODO: keep the non-leaf h's gradient.
    # 할 일: 잎이 아닌 h의 기울기를 남기세요.
    h = x * 2
    y = (h ** 2).sum()
    y.backward()
    return x.grad


def non_leaf_grad_warning(x: torch.Tensor) -> dict:
    """h = x * 2 (x requires grad); backward through (h * x).sum(); then read h.grad WITHOUT retain_grad().

    Return {"h_grad": h.grad, "x_grad": x.grad,
            "warning": the class name of the warning that reading h.grad gave (e.g. "UserWarning")}.

    h = x * 2 (x는 requires_grad); (h * x).sum()으로 backward;
    그다음 retain_grad() 없이 h.grad를 읽습니다.
    """
    # TODO: catch the warning with warnings.catch_warnings(record=True) and warnings.simplefilter("always").
    # 할 일: warnings.catch_warnings(record=True)와 warnings.simplefilter("always")로 경고를 잡으세요.
    h = x * 2
    (h * x).sum().backward()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        h_grad = h.grad
    warning = caught[0].category.__name__ if caught else None
    return {"h_grad": h_grad, "x_grad": x.grad, "warning": warning}


def weight_gradient(values: list[float], x: torch.Tensor) -> torch.Tensor:
    """Make a weight tensor from values, loss = (w * x).sum() ** 2, backward, return w.grad.

    The obvious code raises "does not require grad and does not have a grad_fn":
        w = torch.tensor(values)
        ((w * x).sum() ** 2).backward()
    Fix it.

    values로 가중치 텐서를 만들고 loss = (w * x).sum() ** 2, backward 후
    w.grad를 돌려줍니다.
    """
    # TODO: the weight must require grad from the start.
    # 할 일: 가중치는 처음부터 requires_grad여야 합니다.
    w = torch.tensor(values, requires_grad=True)
    loss = (w * x).sum() ** 2
    loss.backward()
    return w.grad


def elementwise_backward(x: torch.Tensor) -> torch.Tensor:
    """y = x ** 3 has one element per element of x. Return x.grad = 3x^2, using backward().

    The obvious code raises "grad can be implicitly created only for scalar outputs":
        y = x ** 3
        y.backward()
    Fix it.

    y = x ** 3은 x의 원소마다 원소가 하나씩 있습니다. backward()로 x.grad =
    3x^2를 돌려줍니다.
    """
    # TODO: backward() needs a scalar, or a gradient argument shaped like y.
    # 할 일: backward()에는 스칼라나, y와 같은 모양의 gradient 인자가 필요합니다.
    y = x ** 3
    y.backward(gradient=torch.ones_like(y))
    return x.grad
