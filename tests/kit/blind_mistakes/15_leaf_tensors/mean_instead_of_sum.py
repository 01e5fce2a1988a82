"""MISTAKE: The learner reduces y to a scalar with .mean() instead of .sum(), believing any reduction gives the element-wise gradient 3x^2.
FUNCTION: elementwise_backward
"""

import warnings

import torch


def intermediate_gradient(x: torch.Tensor) -> torch.Tensor:
    h = x * 2
    h.retain_grad()
    y = (h ** 2).sum()
    y.backward()
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
    y.mean().backward()
    return x.grad
