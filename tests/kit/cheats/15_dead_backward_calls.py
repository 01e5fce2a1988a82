"""CHEAT (15, issue 23): weight_gradient and elementwise_backward work their answers out by hand and only
mention backward() where it cannot run: under `if False:` and after the `return`.
HONEST: the same hand answers without the dead calls: intermediate_gradient and non_leaf_grad_warning,
4 of 8. Expected: 4 of 8."""
import warnings

import torch


def intermediate_gradient(x):
    h = x * 2
    h.retain_grad()
    (h**2).sum().backward()
    return h.grad


def non_leaf_grad_warning(x):
    h = x * 2
    (h * x).sum().backward()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        h_grad = h.grad
    return {"h_grad": h_grad, "x_grad": x.grad, "warning": caught[0].category.__name__ if caught else None}


def weight_gradient(values, x):
    w = torch.tensor(values)
    loss = (w * x).sum()
    if False:
        loss.backward()
    return 2 * loss * x


def elementwise_backward(x):
    y = x**3
    return 3 * x.detach() ** 2
    y.backward(torch.ones_like(y))
