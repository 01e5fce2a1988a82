# function: weight_gradient
# belief: Wrapping a tensor in torch.autograd.Variable makes autograd track it.
# fix: Create it with torch.tensor(values, requires_grad=True): Variable is a deprecated no-op that does not set requires_grad.
# source: old (PyTorch 0.3) tutorials and StackOverflow answers using Variable
"""Exercise 15 - leaf and non-leaf tensors, and two errors backward() raises."""

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
    h.retain_grad()
    y = (h**2).sum()
    y.backward()
    return h.grad


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
    return {"h_grad": h_grad, "x_grad": x.grad, "warning": caught[0].category.__name__ if caught else None}


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
    w = torch.autograd.Variable(torch.tensor(values))
    ((w * x).sum() ** 2).backward()
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
    y = x**3
    y.backward(gradient=torch.ones_like(y))
    return x.grad
