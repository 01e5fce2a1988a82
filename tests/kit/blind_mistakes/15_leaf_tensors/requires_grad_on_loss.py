"""MISTAKE: The learner 'fixes' the does-not-require-grad error by setting requires_grad on the loss (the StackOverflow fix), so w never gets a gradient.
FUNCTION: weight_gradient
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
    w = torch.tensor(values)
    loss = (w * x).sum() ** 2
    loss.requires_grad_(True)
    loss.backward()
    return w.grad


def elementwise_backward(x: torch.Tensor) -> torch.Tensor:
    y = x ** 3
    y.backward(gradient=torch.ones_like(y))
    return x.grad
