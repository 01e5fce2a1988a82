# function: intermediate_gradient
# belief: Setting requires_grad on h makes backward() keep h.grad.
# fix: Call h.retain_grad() before backward(); h already requires grad.
# source: issue 26 (the leaf-only error where x already requires grad)

import warnings

import torch


def intermediate_gradient(x: torch.Tensor) -> torch.Tensor:
    h = x * 2
    h.requires_grad_(True)
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
    y.backward(gradient=torch.ones_like(y))
    return x.grad
