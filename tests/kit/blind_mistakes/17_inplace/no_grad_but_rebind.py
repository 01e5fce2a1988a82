"""MISTAKE: The learner uses torch.no_grad() but writes w = w - lr * grad, believing it is the same as w -= lr * grad; the result is a new tensor that no longer requires grad.
FUNCTION: manual_sgd_step
"""

import torch


def doubled_sigmoid_gradient(x: torch.Tensor) -> torch.Tensor:
    y = torch.sigmoid(x)
    y = y * 2
    y.sum().backward()
    return x.grad


def manual_sgd_step(w: torch.Tensor, grad: torch.Tensor, lr: float) -> torch.Tensor:
    with torch.no_grad():
        w = w - lr * grad
    return w
