"""MISTAKE: The learner believes y *= 2 is the out-of-place version of y.mul_(2), but augmented assignment on a tensor is in place.
FUNCTION: doubled_sigmoid_gradient
"""

import torch


def doubled_sigmoid_gradient(x: torch.Tensor) -> torch.Tensor:
    y = torch.sigmoid(x)
    y *= 2
    y.sum().backward()
    return x.grad


def manual_sgd_step(w: torch.Tensor, grad: torch.Tensor, lr: float) -> torch.Tensor:
    with torch.no_grad():
        w -= lr * grad
    return w
