"""MISTAKE: The learner believes retain_grad() fetches a gradient afterwards, and calls it after backward() instead of before.
FUNCTION: intermediate_gradient
"""

import warnings

import torch


def intermediate_gradient(x: torch.Tensor) -> torch.Tensor:
    h = x * 2
    y = (h ** 2).sum()
    y.backward()
    h.retain_grad()
    return h.grad


def non_leaf_grad_warning(x: torch.Tensor) -> dict:
    h = x * 2
    (h * x).sum().backward()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        h_grad = h.grad
    return {"h_grad": h_grad, "x_grad": x.grad, "warning": caught[0].category.__name__}


def weight_gradient(values: list[float], x: torch.Tensor) -> torch.Tensor:
    w = torch.tensor(values, requires_grad=True)
    ((w * x).sum() ** 2).backward()
    return w.grad


def elementwise_backward(x: torch.Tensor) -> torch.Tensor:
    y = x ** 3
    y.backward(gradient=torch.ones_like(y))
    return x.grad
